package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// testApp is an app on buffers, temporary config and cache directories and its own environment,
// for running commands in-process.
type testApp struct {
	*app
	stdout, stderr *bytes.Buffer
	env            map[string]string
	keyring        *memKeyring
}

func newTestApp(t *testing.T) *testApp {
	t.Helper()
	config, cache := t.TempDir(), t.TempDir()
	ta := &testApp{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, env: map[string]string{}, keyring: &memKeyring{}}
	ta.app = &app{
		in:  strings.NewReader(""),
		out: ta.stdout,
		err: ta.stderr,
		readPassword: func() (string, error) {
			t.Error("readPassword called without a terminal")
			return "", nil
		},
		lookupEnv: func(k string) (string, bool) { v, ok := ta.env[k]; return v, ok },
		configDir: func() (string, error) { return config, nil },
		cacheDir:  func() (string, error) { return cache, nil },
		now:       time.Now,
		keyring:   ta.keyring,
	}
	return ta
}

// useFake points the app's environment at srv with the given UNMETERED_AUTH.
func (ta *testApp) useFake(srv *unmeteredtest.Server, auth string) {
	ta.env["UNMETERED_BASE_URL"] = srv.URL()
	ta.env["UNMETERED_USERNAME"] = srv.Username()
	ta.env["UNMETERED_PASSWORD"] = srv.Password()
	ta.env["UNMETERED_AUTH"] = auth
}

// exec runs one command line on a fresh app sharing ta's streams, directories and environment
// (a new process, as far as the command can tell) and returns its exit code.
func (ta *testApp) exec(t *testing.T, args ...string) int {
	t.Helper()
	fresh := *ta.app
	fresh.output, fresh.profile, fresh.debug, fresh.running = "", "", false, false
	fresh.jqExpr, fresh.jq, fresh.columns, fresh.noHeader = "", nil, nil, false
	fresh.logger, fresh.client, fresh.session = nil, nil, nil
	ta.stdout.Reset()
	ta.stderr.Reset()
	return run(context.Background(), &fresh, args)
}

// commandTree returns root and every command below it, parents before their children.
func commandTree(root *cobra.Command) []*cobra.Command {
	tree := []*cobra.Command{root}
	for i := 0; i < len(tree); i++ {
		tree = append(tree, tree[i].Commands()...)
	}
	return tree
}

func requireCode(t *testing.T, ta *testApp, want int, args ...string) {
	t.Helper()
	got := ta.exec(t, args...)
	require.Equal(t, want, got, "unmetered %s\nstdout: %s\nstderr: %s", strings.Join(args, " "), ta.stdout, ta.stderr)
}
