// Command unmetered-fake serves the in-memory fake Unmetered portal (package unmeteredtest) on a
// loopback port until it is interrupted, and prints the environment that points the unmetered
// command, or any program using the SDK's WithEnv, at it:
//
//	$ unmetered-fake --port 8080 &
//	export UNMETERED_BASE_URL='http://127.0.0.1:8080/api'
//	export UNMETERED_USERNAME='joe@example.com'
//	export UNMETERED_PASSWORD='unmeteredtest-fake-password'
//	$ export UNMETERED_BASE_URL=http://127.0.0.1:8080/api UNMETERED_USERNAME=joe@example.com \
//	    UNMETERED_PASSWORD=unmeteredtest-fake-password
//	$ unmetered account show
//
// With --log it prints each request to stderr (method, path, status and the kind of
// authentication, never the credential), to see what a script sends; with --rate-limit it limits
// logins as the real portal does (unmeteredtest.WithRateLimit): 25 per --rate-window, announced
// on login answers only; other requests are not limited.
//
// The portal holds a seeded example account (see the unmeteredtest documentation) and keeps what
// requests change until it stops. Nothing is real: no account, no money, no network beyond the
// loopback interface.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	unmetered "github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run serves until ctx ends and returns the exit code: 0 after an interrupt, 1 if the port
// cannot be had, 2 for bad flags.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("unmetered-fake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	port := fs.Int("port", 0, "loopback port to listen on (0: any free port)")
	jwt := fs.Bool("jwt", false, "print UNMETERED_AUTH=jwt too, for a JWT session instead of Basic auth")
	logRequests := fs.Bool("log", false, "print each request to stderr: method, path, status, auth kind (basic, bearer or none; never the credential)")
	rateLimit := fs.Bool("rate-limit", false, fmt.Sprintf("turn on the real portal's rate limit: %d logins per --rate-window (see unmeteredtest.WithRateLimit)", unmeteredtest.RecordedRateLimit))
	rateWindow := fs.Duration("rate-window", unmeteredtest.RecordedRateWindow, "the rate limit's window, with --rate-limit")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: unmetered-fake [--port N] [--jwt] [--log] [--rate-limit [--rate-window D]]\n\n"+
			"Serves a fake Unmetered portal on 127.0.0.1 until interrupted (Ctrl-C, SIGTERM) and prints\n"+
			"the UNMETERED_* variables that point the unmetered command and the SDK's WithEnv at it.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	windowSet := false
	fs.Visit(func(f *flag.Flag) { windowSet = windowSet || f.Name == "rate-window" })
	if fs.NArg() > 0 || *port < 0 || *port > 65535 || *rateWindow <= 0 || windowSet && !*rateLimit {
		fs.Usage()
		return 2
	}
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintf(stderr, "unmetered-fake: %v\n", err)
		return 1
	}
	opts := []unmeteredtest.Option{unmeteredtest.WithListener(l)}
	if *logRequests {
		opts = append(opts, unmeteredtest.WithRequestHook(requestLogger(stderr)))
	}
	if *rateLimit {
		opts = append(opts, unmeteredtest.WithRateLimit(unmeteredtest.RecordedRateLimit, *rateWindow))
	}
	srv := unmeteredtest.NewServer(opts...)
	defer srv.Close()

	vars := [][2]string{
		{unmetered.EnvBaseURL, srv.URL()},
		{unmetered.EnvUsername, srv.Username()},
		{unmetered.EnvPassword, srv.Password()},
	}
	if *jwt {
		vars = append(vars, [2]string{unmetered.EnvAuth, "jwt"})
	}
	for _, v := range vars {
		fmt.Fprintf(stdout, "export %s=%s\n", v[0], shellQuote(v[1]))
	}
	fmt.Fprintf(stderr, "unmetered-fake: serving a fake portal at %s until interrupted (Ctrl-C)\n", srv.URL())
	if *rateLimit {
		fmt.Fprintf(stderr, "unmetered-fake: rate limit on: %d logins per %s\n", unmeteredtest.RecordedRateLimit, *rateWindow)
	}
	<-ctx.Done()
	fmt.Fprintln(stderr, "unmetered-fake: stopped")
	return 0
}

// requestLogger returns the --log hook: one line per request on w, "unmetered-fake: 12:00:01
// GET /api/details 200 basic", with the auth kind (basic, bearer or none), never the credential,
// and "dropped" for a connection closed without an answer. Lines of concurrent requests do not
// mix.
func requestLogger(w io.Writer) func(unmeteredtest.Request) {
	var mu sync.Mutex
	return func(r unmeteredtest.Request) {
		auth := strings.ToLower(r.Auth)
		switch auth {
		case "":
			auth = "none"
		case "basic", "bearer":
		default:
			auth = "other"
		}
		status := "dropped"
		if r.Status != 0 {
			status = strconv.Itoa(r.Status)
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "unmetered-fake: %s %s %s %s %s\n", time.Now().Format(time.TimeOnly), r.Method, r.Path, status, auth)
	}
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
