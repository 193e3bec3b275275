package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/itchyny/gojq"
	"golang.org/x/term"

	unmetered "github.com/unmetered/unmetered-go"
)

// app is one run of the command: its standard streams, its environment, the global flags and the
// client, built on first use so that commands which need none (version, help, completion) start
// without reading a profile or building an HTTP client.
type app struct {
	in       io.Reader
	out, err io.Writer
	// inTTY, outTTY and errTTY tell whether stdin, stdout and stderr are terminals: prompts need
	// one on stdin, progress and colour need one on stderr/stdout.
	inTTY, outTTY, errTTY bool
	// readPassword reads one line from the terminal on stdin without echoing it.
	readPassword func() (string, error)
	lookupEnv    func(string) (string, bool)
	configDir    func() (string, error) // os.UserConfigDir: profiles live below it
	cacheDir     func() (string, error) // os.UserCacheDir: cached tokens live below it
	now          func() time.Time
	// keyring is the system's credential store, where profiles keep their passwords. Building
	// it does nothing: it is reached only when a command needs a profile's password.
	keyring secretStore

	// Global flags.
	output  string // -o: "table", "json" or "yaml" once checkOutput has taken "columns=..." apart
	profile string // --profile; "" means the environment or the default profile
	debug   bool
	// stallTimeout is --stall-timeout, given to the SDK's WithStallTimeout when stallSet (the
	// flag was given); otherwise the SDK's default applies.
	stallTimeout time.Duration
	stallSet     bool
	jqExpr       string // --jq

	// The output, from the flags (see checkOutput).
	columns  []string   // -o columns=...: the names of the list's columns to print, in order
	noHeader bool       // --no-header of a list command
	jq       *gojq.Code // --jq, compiled; nil without it

	// ctx is the run's context, ended by Ctrl-C: work that is not a request (a --jq
	// expression) stops with it too.
	ctx context.Context
	// completionTimeout bounds a shell completion's requests; 0 is completionTimeout.
	completionTimeout time.Duration

	// running is set when a command's own code starts: an error cobra returns before that is
	// invalid usage (an unknown flag or command, a missing argument) and nothing was sent.
	running bool

	logger *slog.Logger
	client *unmetered.Client
	// session is the token cache of the client's JWT session; nil with Basic auth.
	session *tokenCache
}

// newApp returns the app of this process: the real standard streams and environment.
func newApp() *app {
	return &app{
		in:     os.Stdin,
		out:    os.Stdout,
		err:    os.Stderr,
		inTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		outTTY: term.IsTerminal(int(os.Stdout.Fd())) || forceTTY(os.LookupEnv),
		errTTY: term.IsTerminal(int(os.Stderr.Fd())),
		readPassword: func() (string, error) {
			b, err := term.ReadPassword(int(os.Stdin.Fd()))
			return string(b), err
		},
		lookupEnv: os.LookupEnv,
		configDir: os.UserConfigDir,
		cacheDir:  os.UserCacheDir,
		now:       time.Now,
		keyring:   newSystemKeyring(),
	}
}

// log returns the debug logger: the SDK's request lines and the command's own notes on stderr
// with --debug, nothing without. The SDK never logs headers, bodies or credentials, and neither
// does the command.
func (a *app) log() *slog.Logger {
	if a.logger == nil {
		if a.debug {
			a.logger = slog.New(slog.NewTextHandler(a.err, &slog.HandlerOptions{Level: slog.LevelDebug}))
		} else {
			a.logger = slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError + 1}))
		}
	}
	return a.logger
}

// envForceTTY names the variable that makes stdout count as a terminal for the output's style
// (aligned tables, indented JSON) when it is not one, as GH_FORCE_TTY does for gh: for a pager,
// "watch", or a test of the terminal's output. Prompts still need a terminal on stdin.
const envForceTTY = "UNMETERED_FORCE_TTY"

// forceTTY reports whether envForceTTY is set to something other than "" or "0".
func forceTTY(lookup func(string) (string, bool)) bool {
	v, _ := lookup(envForceTTY)
	v = strings.TrimSpace(v)
	return v != "" && v != "0"
}
