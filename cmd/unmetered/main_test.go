package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The scripts in testdata/script run the real command, as a separate process, against a fake
// portal of their own: see setupScript for the environment they get and scriptCmds for the
// commands they may use besides testscript's own.

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"unmetered": func() { useScriptKeyring(); main() }})
}

func TestScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		Setup:               setupScript,
		Cmds:                scriptCmds,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Condition:           scriptCondition,
		// UPDATE_SCRIPTS=1 go test -run TestScripts rewrites the scripts' expected files.
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
	})
}

// scriptEpoch is the fake portal's clock at the start of every script: its seeded dates are
// relative to its clock, and a fixed start keeps the scripts' expected output stable. It lies
// ahead of the real time, so that the tokens the fake issues are not taken for expired.
var scriptEpoch = time.Date(2030, time.June, 15, 12, 0, 0, 0, time.UTC)

type fakeKey struct{}

// scriptCondition answers the scripts' own conditions: [root], the tests run as root (who is
// not warned about a password file others can read: see othersReadOwnFile).
func scriptCondition(cond string) (bool, error) {
	if cond == "root" {
		return os.Getuid() == 0, nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// setupScript starts the script's fake portal and sets:
//
//	FAKE_URL, FAKE_USERNAME, FAKE_PASSWORD  the fake's base URL and seeded credentials
//	XDG_CONFIG_HOME, XDG_CACHE_HOME         $WORK/config and $WORK/cache, where profiles and
//	                                        cached tokens go
//	UNMETERED_TEST_KEYRING_FILE             $WORK/.keyring.json, the system keyring's stand-in
//	                                        (see useScriptKeyring)
//
// No UNMETERED_* variable is set: a script exports what it needs.
func setupScript(env *testscript.Env) error {
	start := time.Now()
	srv := unmeteredtest.NewServer(unmeteredtest.WithClock(func() time.Time { return scriptEpoch.Add(time.Since(start)) }))
	env.Defer(srv.Close)
	env.Values[fakeKey{}] = srv
	env.Setenv("FAKE_URL", srv.URL())
	env.Setenv("FAKE_USERNAME", srv.Username())
	env.Setenv("FAKE_PASSWORD", srv.Password())
	env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, "config"))
	env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, "cache"))
	env.Setenv("UNMETERED_TEST_KEYRING_FILE", filepath.Join(env.WorkDir, ".keyring.json"))
	// Under -race each command's process would sleep a second at exit (the race detector's
	// default), and jwt100 runs a hundred of them.
	env.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	return nil
}

func fake(ts *testscript.TestScript) *unmeteredtest.Server {
	return ts.Value(fakeKey{}).(*unmeteredtest.Server)
}

var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// fake-count METHOD ROUTE N: the fake received exactly N requests to the route
	// (e.g. fake-count POST /login 1).
	"fake-count": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: fake-count METHOD ROUTE N")
		}
		want, err := strconv.Atoi(args[2])
		ts.Check(err)
		if got := fake(ts).Count(args[0], args[1]); got != want {
			ts.Fatalf("fake portal: %s %s received %d requests, want %d", args[0], args[1], got, want)
		}
	},
	// fake-requests N: the fake received exactly N requests in all: "fake-requests 0" checks that
	// a command sent nothing at all.
	"fake-requests": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: fake-requests N")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		if got := len(fake(ts).Requests()); got != want {
			ts.Fatalf("fake portal: received %d requests, want %d", got, want)
		}
	},
	// fake-changes N: the fake received exactly N requests that may change something: every
	// method but GET, except the session's own (POST /login, /token, /logout, /revoke),
	// POST /quote, which only prices, and POST /domain/lookup, which only looks.
	"fake-changes": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: fake-changes N")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		var got []string
		for _, r := range fake(ts).Requests() {
			switch {
			case r.Method == http.MethodGet:
			case r.Method == http.MethodPost && (r.Route == "/login" || r.Route == "/token" || r.Route == "/logout" || r.Route == "/revoke" || r.Route == "/quote" || r.Route == "/domain/lookup"):
			default:
				got = append(got, r.Method+" "+r.Path)
			}
		}
		if len(got) != want {
			ts.Fatalf("fake portal: received %d changing requests %v, want %d", len(got), got, want)
		}
	},
	// fake-revoke-sessions: the fake ends every JWT session, as an administrator or a password
	// change would; cached tokens become worthless.
	"fake-revoke-sessions": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 0 {
			ts.Fatalf("usage: fake-revoke-sessions")
		}
		srv := fake(ts)
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL()+"/revoke", nil)
		ts.Check(err)
		req.SetBasicAuth(srv.Username(), srv.Password())
		resp, err := http.DefaultClient.Do(req)
		ts.Check(err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			ts.Fatalf("POST /revoke: %s", resp.Status)
		}
	},
	// fake-fail METHOD ROUTE STATUS: the fake answers the next request to the route with STATUS.
	"fake-fail": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: fake-fail METHOD ROUTE STATUS")
		}
		status, err := strconv.Atoi(args[2])
		ts.Check(err)
		fake(ts).Fail(args[0], args[1], unmeteredtest.Fault{Status: status})
	},
	// exitcode N PROGRAM ARGS...: run the program (as exec does) and check its exit code is N.
	"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 {
			ts.Fatalf("usage: exitcode N PROGRAM [ARGS...]")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		got := 0
		if err := ts.Exec(args[1], args[2:]...); err != nil {
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				ts.Fatalf("%s: %v", args[1], err)
			}
			got = exit.ExitCode()
		}
		if got != want {
			ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
		}
	},
	// repeat N PROGRAM ARGS...: run the program N times; each run must succeed.
	"repeat": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 {
			ts.Fatalf("usage: repeat N PROGRAM [ARGS...]")
		}
		n, err := strconv.Atoi(args[0])
		ts.Check(err)
		for i := 1; i <= n; i++ {
			if err := ts.Exec(args[1], args[2:]...); err != nil {
				ts.Fatalf("run %d of %d: %v", i, n, err)
			}
		}
	},
	// older-profile PATH: the profile at PATH becomes one written before the keyring was used
	// (its password in the file, no password_store).
	"older-profile": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: older-profile PATH")
		}
		path := ts.MkAbs(args[0])
		b, err := os.ReadFile(path)
		ts.Check(err)
		var p map[string]any
		ts.Check(json.Unmarshal(b, &p))
		if p["password"] == nil {
			ts.Fatalf("%s: no password in the file (log in with --insecure-storage first)", args[0])
		}
		delete(p, "password_store")
		delete(p, "keyring_user")
		b, err = json.MarshalIndent(p, "", "  ")
		ts.Check(err)
		ts.Check(os.WriteFile(path, b, 0o600))
	},
	// mode PATH PERM: the file or directory has exactly the permission bits PERM (octal).
	"mode": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: mode PATH PERM")
		}
		want, err := strconv.ParseUint(args[1], 8, 32)
		ts.Check(err)
		fi, err := os.Stat(ts.MkAbs(args[0]))
		ts.Check(err)
		if got := fi.Mode().Perm(); got != os.FileMode(want) {
			ts.Fatalf("%s has mode %#o, want %#o", args[0], got, want)
		}
	},
}
