package main

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badValues are values each flag type refuses, and what its error must then say.
var badValues = map[string][]struct{ value, says string }{
	"bool":     {{"maybe", "true or false"}, {"2", "true or false"}},
	"int64":    {{"Billing", "a whole number"}, {"1.5", "a whole number"}, {"99999999999999999999", "at most 9223372036854775807"}},
	"int":      {{"Billing", "a whole number"}},
	"uint":     {{"-1", "a whole number from 0"}},
	"duration": {{"soon", "a duration"}, {"5", "a duration"}},
	"float64":  {{"cheap", "a number"}},
}

// TestFlagErrorsForPeople walks the command tree and gives every typed flag a value it
// refuses: the error is a usage error (exit 2, nothing sent) naming the flag and the value and
// saying what the flag takes, without Go's parser text (strconv.ParseInt: parsing "x": invalid
// syntax).
func TestFlagErrorsForPeople(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	root := newRootCmd(&app{})
	tested := 0
	for _, c := range commandTree(root) {
		path := strings.Fields(c.CommandPath())[1:]
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			typ := f.Value.Type()
			if typ == "string" || typ == "stringSlice" || typ == "stringArray" {
				return // any text is a string; what it must hold is the command's to check
			}
			bad, ok := badValues[typ]
			if !assert.True(t, ok, "%s --%s: a %s flag: add its bad values to badValues", c.CommandPath(), f.Name, typ) {
				return
			}
			for _, b := range bad {
				args := append(path[:len(path):len(path)], "--"+f.Name+"="+b.value)
				requireCode(t, ta, exitUsage, args...)
				msg := ta.stderr.String()
				assert.Contains(t, msg, "--"+f.Name+` "`+b.value+`"`, "%v", args)
				assert.Contains(t, msg, b.says, "%v", args)
				for _, leak := range []string{"strconv", "Parse", "invalid syntax", "out of range", "time: "} {
					assert.NotContains(t, msg, leak, "%v", args)
				}
				tested++
			}
		})
	}
	assert.Greater(t, tested, 80, "typed flags tried")
}

// TestFlagErrorTypes: every flag type pflag has words its error (flags of these types may come).
func TestFlagErrorTypes(t *testing.T) {
	t.Parallel()
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Duration("wait", 0, "")
	fs.Uint("count", 0, "")
	fs.Float64("price", 0, "")
	fs.Int8("small", 0, "")
	fs.Int32("mid", 0, "")
	fs.IP("addr", nil, "")
	fs.StringSlice("names", nil, "")
	for args, want := range map[string]string{
		"--wait=soon":      `--wait "soon": expected a duration with its unit, like 90s, 5m or 1h30m`,
		"--count=-1":       `--count "-1": expected a whole number from 0`,
		"--price=cheap":    `--price "cheap": expected a number`,
		"--small=200":      `--small "200": expected a whole number, at most 127`,
		"--mid=3000000000": `--mid "3000000000": expected a whole number, at most 2147483647`,
		"--addr=x":         `--addr "x": expected an IP address`,
		`--names="a`:       `--names "\"a": expected a comma-separated list`,
	} {
		err := fs.Parse([]string{args})
		assert.EqualError(t, flagError(err), want, args)
	}
	err := fs.Parse([]string{"--nosuch"})
	assert.Equal(t, err, flagError(err), "other errors stay as they are")
}

// TestFlagGroupErrorsForPeople: a required flag left out, and flags that go only one at a time
// or one at least, are usage errors (exit 2, nothing sent) that name the flags as they are
// typed (--body), without cobra's wording ("required flag(s)", "the flags in the group [body
// body-file]").
func TestFlagGroupErrorsForPeople(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ticket", "create", "--subject", "x", "--body", "y"}, "error: --department is required (see 'unmetered ticket create --help')\n"},
		{[]string{"ticket", "create", "--body", "y"}, "error: --department and --subject are required (see 'unmetered ticket create --help')\n"},
		{[]string{"ticket", "reply", "736633"}, "error: give --body or --body-file (see 'unmetered ticket reply --help')\n"},
		{[]string{"ticket", "reply", "736633", "--body", "y", "--body-file", "-"},
			"error: --body and --body-file cannot go together: give one of them (see 'unmetered ticket reply --help')\n"},
		{[]string{"cert", "order", "26", "--dry-run"}, "error: --csr is required (see 'unmetered cert order --help')\n"},
	} {
		requireCode(t, ta, exitUsage, tc.args...)
		assert.Equal(t, tc.want, ta.stderr.String(), "%v", tc.args)
		assert.Empty(t, ta.stdout.String(), "%v", tc.args)
	}
}

// TestFlagGroupError: each of cobra's errors for required flags and flag groups, also of the
// kinds no command uses yet, is worded for people; other errors stay as they are.
func TestFlagGroupError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		setup func(c *cobra.Command)
		args  []string
		want  string
	}{
		{func(c *cobra.Command) {
			_ = c.MarkFlagRequired("a")
			_ = c.MarkFlagRequired("b")
			_ = c.MarkFlagRequired("c")
		},
			[]string{}, "--a, --b and --c are required"},
		{func(c *cobra.Command) { c.MarkFlagsRequiredTogether("a", "b", "c") },
			[]string{"--a=1"}, "--a, --b and --c go together: give --b and --c too"},
		{func(c *cobra.Command) { c.MarkFlagsOneRequired("a", "b", "c") },
			[]string{}, "give --a, --b or --c"},
		{func(c *cobra.Command) { c.MarkFlagsMutuallyExclusive("a", "b", "c") },
			[]string{"--a=1", "--c=1"}, "--a and --c cannot go together: give one of them"},
	} {
		c := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }, SilenceErrors: true, SilenceUsage: true}
		for _, name := range []string{"a", "b", "c"} {
			c.Flags().String(name, "", "")
		}
		tc.setup(c)
		c.SetArgs(tc.args)
		err := c.Execute()
		require.Error(t, err, tc.want)
		assert.EqualError(t, flagGroupError(err), tc.want)
	}
	other := errors.New(`unknown command "x" for "unmetered"`)
	assert.Equal(t, other, flagGroupError(other))
}
