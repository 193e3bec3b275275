package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's command-line examples are checked against the command: every "unmetered ..."
// in its shell blocks names a command and flags that exist, and the scripts marked
// <!-- cli-test --> run, as they are, against a fake portal.

// readmeBlocks returns README.md's ```sh blocks, and whether each is marked <!-- cli-test -->.
func readmeBlocks(t *testing.T) (blocks []string, tested []bool) {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```sh" {
			continue
		}
		marked := i > 0 && strings.TrimSpace(lines[i-1]) == "<!-- cli-test -->"
		var block []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			block = append(block, lines[i])
		}
		blocks, tested = append(blocks, strings.Join(block, "\n")+"\n"), append(tested, marked)
	}
	require.NotEmpty(t, blocks)
	return blocks, tested
}

// invocation finds "unmetered ARGS" in a shell line, up to the end of its simple command.
var invocation = regexp.MustCompile(`(?:^|[\s|;(])unmetered((?:\s+(?:"[^"]*"|'[^']*'|[^\s|;&<>#()'"]+))+)`)

// shellWords splits a command's arguments as a shell would, for the simple forms the README
// uses: words, "double" and 'single' quotes; a variable stands for a value.
func shellWords(s string) []string {
	var words []string
	for _, m := range regexp.MustCompile(`"[^"]*"|'[^']*'|\S+`).FindAllString(s, -1) {
		words = append(words, strings.Trim(m, `"'`))
	}
	return words
}

func TestREADMECommandsExist(t *testing.T) {
	t.Parallel()
	blocks, _ := readmeBlocks(t)
	checked := 0
	for _, block := range blocks {
		checked += checkInvocations(t, "README", block)
	}
	assert.Greater(t, checked, 15, "README's unmetered command lines")
}

// TestHelpExamplesAreValid: every "unmetered ..." in a command's --help examples names a
// command, with flags it has and arguments it takes, as the README's do.
func TestHelpExamplesAreValid(t *testing.T) {
	t.Parallel()
	checked := 0
	for _, c := range commandTree(newRootCmd(&app{})) {
		checked += checkInvocations(t, c.CommandPath()+" --help", c.Example)
	}
	assert.Greater(t, checked, 100, "the examples' unmetered command lines")
}

// checkInvocations checks every "unmetered ARGS" in the shell lines of text (where names them
// in failures): ARGS name a command, its flags parse, and it takes the arguments left, unless
// xargs adds them. It returns how many it checked.
func checkInvocations(t *testing.T, where, text string) int {
	t.Helper()
	checked := 0
	for _, line := range strings.Split(text, "\n") {
		for _, m := range invocation.FindAllStringSubmatch(line, -1) {
			args := shellWords(m[1])
			root := newRootCmd(&app{})
			cmd, rest, err := root.Find(args)
			if !assert.NoError(t, err, "%s: unmetered %s", where, m[1]) {
				continue
			}
			err = cmd.ParseFlags(rest)
			if errors.Is(err, pflag.ErrHelp) {
				checked++
				continue
			}
			assert.True(t, cmd != root || cmd.Flags().Changed("version"), "%s: %q names no command", where, line)
			assert.NoError(t, err, "%s: unmetered %s", where, m[1])
			if cmd.Args != nil && !strings.Contains(line, "xargs") {
				assert.NoError(t, cmd.Args(cmd, cmd.Flags().Args()), "%s: unmetered %s", where, m[1])
			}
			checked++
		}
	}
	return checked
}

// readmeScript is the testscript that runs one README script: the fake portal with a zone
// example.com, a git checkout "zones" for the script that commits, and a mail that records
// what it would send.
const readmeScript = `env UNMETERED_BASE_URL=$FAKE_URL
env UNMETERED_USERNAME=$FAKE_USERNAME
env UNMETERED_PASSWORD=$FAKE_PASSWORD
env PATH=$WORK${:}$PATH
env GIT_AUTHOR_NAME=ops GIT_AUTHOR_EMAIL=ops@example.com GIT_COMMITTER_NAME=ops GIT_COMMITTER_EMAIL=ops@example.com
chmod 755 mail
%s
exec unmetered api POST /service/10/dns --data '{"name": "example.com"}'
exec unmetered dns record add example.com www A 192.0.2.10 --ttl 300
exec sh script.sh
%s
-- script.sh --
%s-- mail --
#!/bin/sh
echo "$@" >> "$WORK/mail.log"
`

// readmeSetup prepares the fake portal for a README script, by what it says.
var readmeSetup = map[string]string{
	// The portal's own renewal invoice of testname.com, paid: no renewal waits for payment, so
	// the script orders one.
	"domain renew": "exec unmetered invoice pay 308977 --yes",
}

// readmeChecks are what a README script must have done, by what it says.
var readmeChecks = map[string]string{
	// Run daily: the second run finds the renewal the first ordered, and orders nothing.
	"domain renew": "fake-count POST /domain/@id/renew 1\nexec sh script.sh\n" +
		"stderr 'testname.com \\(domain 47\\) has a renewal waiting for payment: invoice 308978 '\n" +
		"fake-count POST /domain/@id/renew 1",
	"invoice pay": "fake-count POST /invoice/@id/credit 1",
	"_acme-challenge": "fake-count POST /service/@id/dns/@id/records 2\n" +
		"fake-count DELETE /service/@id/dns/@id/records/@id 1",
	"dns export": "exec git -C zones log --oneline\nstdout 'example.com: changes made in the portal'\n" +
		"grep '^www\t300\tIN\tA\t192.0.2.10$' zones/example.com.zone\nfake-changes 2",
	// Sorted by the tab-separated expiry column; a registration without a date sorts first.
	"columns=name,expires": "stdout '\\Aexample\\.org\\t\\ntestname\\.com\\t2030-05-16\\ntestname\\.com\\t2030-08-14\\n\\z'",
	"mail -s": "! exists mail.log\nenv UNMETERED_PASSWORD=wrong-password-1234\nexec sh script.sh\n" +
		"grep 'portal: credentials refused ops@example.com' mail.log",
}

func TestREADMEScripts(t *testing.T) {
	t.Parallel()
	blocks, tested := readmeBlocks(t)
	dir := t.TempDir()
	n := 0
	for i, block := range blocks {
		if !tested[i] {
			continue
		}
		var pre, post []string
		for _, tool := range []string{"jq", "git"} {
			// the tool as a command, not "--jq"
			if regexp.MustCompile(`(^|[^-\w])` + tool + ` `).MatchString(block) {
				pre = append(pre, fmt.Sprintf("[!exec:%s] skip '%s is not installed'", tool, tool))
			}
		}
		if strings.Contains(block, "cd zones") {
			pre = append(pre, "exec git init -q zones")
		}
		for what, setup := range readmeSetup {
			if strings.Contains(block, what) {
				pre = append(pre, setup)
			}
		}
		for what, check := range readmeChecks {
			if strings.Contains(block, what) {
				post = append(post, check)
			}
		}
		require.NotEmpty(t, post, "README script %d: no check of what it does:\n%s", i, block)
		script := fmt.Sprintf(readmeScript, strings.Join(pre, "\n"), strings.Join(post, "\n"), block)
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("readme%d.txtar", i)), []byte(script), 0o644))
		n++
	}
	require.GreaterOrEqual(t, n, 4, "README scripts marked <!-- cli-test -->")
	testscript.Run(t, testscript.Params{
		Dir:                 dir,
		Setup:               setupScript,
		Cmds:                scriptCmds,
		RequireExplicitExec: true,
		Condition: func(cond string) (bool, error) {
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}
