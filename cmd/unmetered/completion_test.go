package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// TestLiveArgsCoverTheCommands: every command whose first argument names a zone, a domain, a
// service, an invoice or a ticket completes it from the account, and liveArgs names only
// commands that exist, with no more arguments than they take.
func TestLiveArgsCoverTheCommands(t *testing.T) {
	t.Parallel()
	root := newRootCmd(&app{})
	seen := map[string]bool{}
	for _, c := range commandTree(root) {
		words := strings.Fields(c.Use)
		path := strings.TrimPrefix(c.CommandPath(), "unmetered ")
		if kinds, ok := liveArgs[path]; ok {
			seen[path] = true
			assert.LessOrEqual(t, len(kinds), len(words)-1, "%s: liveArgs has more arguments than %q", path, c.Use)
		}
		if len(words) > 1 && c.Runnable() {
			noun := strings.Fields(path)[0]
			first := words[1]
			live := first == "ZONE" || first == "DOMAIN" || first == "NUMBER" && noun == "ticket" ||
				first == "ID" && (noun == "service" || noun == "invoice")
			assert.Equal(t, live, liveArgs[path] != nil, "%s (%s): its first argument completes from the account exactly when it is one of them", path, c.Use)
		}
	}
	for path := range liveArgs {
		assert.True(t, seen[path], "liveArgs: no command %q", path)
	}
}

// countingFake is a fake portal and a test app pointed at it, with a clock the test moves.
type countingFake struct {
	srv *unmeteredtest.Server
	ta  *testApp
	mu  sync.Mutex
	now time.Time
}

func newCountingFake(t *testing.T) *countingFake {
	t.Helper()
	// The fake's seeded dates are relative to its clock: the scripts' epoch keeps them fixed.
	srv := unmeteredtest.NewTestServer(t, unmeteredtest.WithClock(func() time.Time { return scriptEpoch }))
	f := &countingFake{srv: srv, ta: newTestApp(t), now: scriptEpoch}
	f.ta.useFake(f.srv, authBasic)
	f.ta.now = func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }
	return f
}

func (f *countingFake) advance(d time.Duration) { f.mu.Lock(); f.now = f.now.Add(d); f.mu.Unlock() }

// complete runs "unmetered __complete ARGS..." and returns its suggestions and directive line.
func (f *countingFake) complete(t *testing.T, args ...string) (suggestions []string, directive string) {
	t.Helper()
	requireCode(t, f.ta, exitOK, append([]string{cobra.ShellCompRequestCmd}, args...)...)
	lines := strings.Split(strings.TrimSpace(f.ta.stdout.String()), "\n")
	if len(lines) > 1 {
		suggestions = lines[:len(lines)-1]
	}
	return suggestions, lines[len(lines)-1]
}

// TestCompletionCache: names are fetched once per completionTTL and account, cached 0600
// without the password, and fetched again once older.
func TestCompletionCache(t *testing.T) {
	t.Parallel()
	f := newCountingFake(t)
	want := []string{"booble.com\tzone 60 of service 10", "bgg12ooble.com\tzone 61 of service 20"}
	got, dir := f.complete(t, "dns", "record", "list", "")
	assert.Equal(t, want, got)
	assert.Equal(t, ":4", dir, "ShellCompDirectiveNoFileComp: no file names")
	assert.Equal(t, 1, f.srv.Count("GET", "/dns"))

	f.advance(completionTTL - time.Second)
	got, _ = f.complete(t, "dns", "export", "BG")
	assert.Equal(t, want[1:], got, "filtered by the prefix, in any case")
	assert.Equal(t, 1, f.srv.Count("GET", "/dns"), "within the TTL: from the cache")

	cache, err := f.ta.cacheDir()
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join(cache, "unmetered", "completion", "*.zones.json"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	fi, err := os.Stat(files[0])
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	b, err := os.ReadFile(files[0])
	require.NoError(t, err)
	assert.NotContains(t, string(b), f.srv.Password())
	assert.NotContains(t, string(b), f.srv.Username())

	f.advance(2 * time.Second)
	f.complete(t, "dns", "record", "list", "")
	assert.Equal(t, 2, f.srv.Count("GET", "/dns"), "older than the TTL: fetched again")

	// A damaged cache is fetched again, and replaced.
	require.NoError(t, os.WriteFile(files[0], []byte("{garbage"), 0o600))
	got, _ = f.complete(t, "dns", "record", "list", "")
	assert.Equal(t, want, got)
	assert.Equal(t, 3, f.srv.Count("GET", "/dns"))

	// Another account (here: another base URL's fake) has its own cache.
	other := unmeteredtest.NewTestServer(t)
	f.ta.useFake(other, authBasic)
	f.complete(t, "dns", "record", "list", "")
	assert.Equal(t, 1, other.Count("GET", "/dns"))
}

// TestCompletionFailsQuietly: no credentials, refused credentials, a portal that does not
// answer in time: no suggestions, exit code 0, nothing but cobra's own note on stderr, and no
// prompt.
func TestCompletionFailsQuietly(t *testing.T) {
	t.Parallel()
	f := newCountingFake(t)

	f.ta.env = map[string]string{}
	got, dir := f.complete(t, "invoice", "pay", "")
	assert.Empty(t, got)
	assert.Equal(t, ":4", dir)
	assert.Equal(t, "Completion ended with directive: ShellCompDirectiveNoFileComp\n", f.ta.stderr.String())
	assert.Empty(t, f.srv.Requests(), "no credentials: nothing sent")

	f.ta.useFake(f.srv, authBasic)
	got, _ = f.complete(t, "--profile", "nosuch", "invoice", "pay", "")
	assert.Empty(t, got, "a profile that does not exist")
	assert.Empty(t, f.srv.Requests())

	f.ta.useFake(f.srv, authJWT)
	f.ta.env["UNMETERED_PASSWORD"] = "wrong-password"
	got, _ = f.complete(t, "invoice", "pay", "")
	assert.Empty(t, got)
	assert.Equal(t, "Completion ended with directive: ShellCompDirectiveNoFileComp\n", f.ta.stderr.String())

	f.ta.useFake(f.srv, authBasic)
	f.ta.completionTimeout = 50 * time.Millisecond
	f.srv.Fail("GET", "/invoice", unmeteredtest.Fault{Times: 10, Delay: time.Minute})
	start := time.Now()
	got, _ = f.complete(t, "invoice", "pay", "")
	assert.Empty(t, got)
	assert.Less(t, time.Since(start), 10*time.Second, "the completion gave up")
}

// TestCompletionKinds: what each kind of argument offers.
func TestCompletionKinds(t *testing.T) {
	t.Parallel()
	f := newCountingFake(t)
	for _, tc := range []struct {
		args []string
		want []string
		dir  string
	}{
		// testname.com has two registrations: its name would be refused, its ids complete.
		{[]string{"domain", "show", ""}, []string{"47\ttestname.com, Active, expires 2030-08-14", "48\ttestname.com, Expired, expires 2030-05-16", "example.org\tPending"}, ":4"},
		{[]string{"domain", "lock", "47", ""}, []string{"on", "off"}, ":4"},
		{[]string{"domain", "dns", "add", "47", ""}, nil, ":4"},
		{[]string{"invoice", "pay", ""}, []string{"308977\tUnpaid, 15.00 USD, due 2030-06-12"}, ":4"},
		{[]string{"invoice", "show", "30897"}, []string{"308976\tPaid, 19.65 USD, due 2030-05-18", "308977\tUnpaid, 15.00 USD, due 2030-06-12"}, ":4"},
		{[]string{"ticket", "close", ""}, []string{"736633\tLore Ipsum, Answered"}, ":4"},
		{[]string{"ticket", "reopen", ""}, []string{"736634\tCannot reach the VPS console, Closed"}, ":4"},
		{[]string{"service", "rdns", "set", "30"}, []string{"301\texamplename.com, Starter Hosting, Active", "302\tvps.example.com, VPS Large, Active"}, ":4"},
		{[]string{"dns", "apply", "booble.com", ""}, nil, ":0"}, // the zone file: the shell completes files
	} {
		got, dir := f.complete(t, tc.args...)
		assert.Equal(t, tc.want, got, "%v", tc.args)
		assert.Equal(t, tc.dir, dir, "%v", tc.args)
	}
}

// TestCompletionNeverOffersFiles: no argument of any command completes as a local file name but
// the zone file of "dns apply": the others name things on the account (a certificate, a
// contact, a product), or are free text (an FQDN, an API path), or there are none.
func TestCompletionNeverOffersFiles(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t) // no credentials: the live names offer nothing, and nothing is sent
	tried := 0
	for _, c := range commandTree(newRootCmd(&app{})) {
		if c.Runnable() {
			path := strings.Fields(c.CommandPath())[1:]
			// Every argument the command takes, and one more, is completed; "x" stands for
			// those before it.
			for n := 0; n <= len(strings.Fields(c.Use))-1; n++ {
				args := append([]string{cobra.ShellCompRequestCmd}, path...)
				for range n {
					args = append(args, "x")
				}
				args = append(args, "")
				requireCode(t, ta, exitOK, args...)
				want := ":4"
				if strings.Join(path, " ") == "dns apply" && n == 1 {
					want = ":0" // the zone file
				}
				lines := strings.Split(strings.TrimSpace(ta.stdout.String()), "\n")
				assert.Equal(t, want, lines[len(lines)-1], "unmetered %s", strings.Join(args, " "))
				tried++
			}
		}
	}
	assert.Greater(t, tried, 100, "arguments tried")
}
