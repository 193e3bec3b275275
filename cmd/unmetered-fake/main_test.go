package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	unmetered "github.com/unmetered/unmetered-go"
)

// TestMain lets TestInterrupt run this package's main in a child process: with
// UNMETERED_FAKE_MAIN set, the test binary is unmetered-fake.
func TestMain(m *testing.M) {
	if os.Getenv("UNMETERED_FAKE_MAIN") == "1" {
		os.Args = append([]string{"unmetered-fake"}, os.Args[1:]...)
		main()
		return
	}
	os.Exit(m.Run())
}

// readExports reads the export lines run prints, up to the expected count.
func readExports(t *testing.T, r io.Reader, n int) map[string]string {
	t.Helper()
	vars := map[string]string{}
	sc := bufio.NewScanner(r)
	for len(vars) < n && sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "export ")
		require.True(t, ok, "not an export line: %q", sc.Text())
		name, value, ok := strings.Cut(line, "=")
		require.True(t, ok, line)
		vars[name] = strings.Trim(value, "'")
	}
	require.Len(t, vars, n)
	return vars
}

func TestServesUntilCancelled(t *testing.T) {
	t.Parallel()
	for _, jwt := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		var stderr bytes.Buffer
		done := make(chan int, 1)
		args := []string{}
		n := 3
		if jwt {
			args, n = append(args, "--jwt"), 4
		}
		go func() {
			done <- run(ctx, args, pw, &stderr)
			pw.Close()
		}()
		vars := readExports(t, pr, n)
		assert.Regexp(t, `^http://127\.0\.0\.1:\d+/api$`, vars[unmetered.EnvBaseURL])
		if jwt {
			assert.Equal(t, "jwt", vars[unmetered.EnvAuth])
		}

		auth := unmetered.WithBasicAuth(vars[unmetered.EnvUsername], vars[unmetered.EnvPassword])
		if jwt {
			auth = unmetered.WithLogin(vars[unmetered.EnvUsername], vars[unmetered.EnvPassword])
		}
		c, err := unmetered.NewClient(unmetered.WithBaseURL(vars[unmetered.EnvBaseURL]), auth)
		require.NoError(t, err)
		d, err := c.Account.Details(ctx)
		require.NoError(t, err)
		assert.Equal(t, "joe@example.com", d.Email)

		cancel()
		select {
		case code := <-done:
			assert.Equal(t, 0, code)
		case <-time.After(10 * time.Second):
			t.Fatal("run did not return after its context ended")
		}
		assert.Contains(t, stderr.String(), "stopped")
	}
}

func TestPort(t *testing.T) {
	t.Parallel()
	// A free port is found by listening on port 0 and closing; another test may take it before
	// run listens again, so try a few.
	for attempt := 1; ; attempt++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
		require.NoError(t, l.Close())

		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		var stderr bytes.Buffer
		done := make(chan int, 1)
		go func() { done <- run(ctx, []string{"--port", port}, pw, &stderr); pw.Close() }()
		line, err := bufio.NewReader(pr).ReadString('\n')
		if err != nil { // run ended without printing: the port was taken meanwhile
			cancel()
			require.Equal(t, 1, <-done)
			require.Contains(t, stderr.String(), "address already in use")
			require.Less(t, attempt, 5, "no free port in 5 attempts")
			continue
		}
		go io.Copy(io.Discard, pr)
		assert.Equal(t, "export UNMETERED_BASE_URL='http://127.0.0.1:"+port+"/api'\n", line)

		// The port is taken now: a second server cannot have it.
		var stderr2 bytes.Buffer
		assert.Equal(t, 1, run(context.Background(), []string{"--port", port}, io.Discard, &stderr2))
		assert.Contains(t, stderr2.String(), "address already in use")

		cancel()
		assert.Equal(t, 0, <-done)
		return
	}
}

func TestBadUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--port", "70000"}, {"--port", "-1"}, {"--bogus"}, {"extra"},
		{"--rate-limit", "--rate-window", "0s"}, {"--rate-limit", "--rate-window", "soon"},
		{"--rate-window", "5m"}, // without --rate-limit it would do nothing
	} {
		var stderr bytes.Buffer
		assert.Equal(t, 2, run(context.Background(), args, io.Discard, &stderr), "%v", args)
		assert.Contains(t, stderr.String(), "usage: unmetered-fake", "%v", args)
	}
	var stderr bytes.Buffer
	assert.Equal(t, 0, run(context.Background(), []string{"--help"}, io.Discard, &stderr))
	assert.Contains(t, stderr.String(), "-jwt")
	assert.Contains(t, stderr.String(), "-log")
	assert.Contains(t, stderr.String(), "-rate-limit")
}

// syncBuffer is a bytes.Buffer that the server's goroutines may write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve runs unmetered-fake with args until the test ends and returns its exported variables
// and its stderr.
func serve(t *testing.T, args ...string) (map[string]string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, args, pw, stderr)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		assert.Equal(t, 0, <-done)
	})
	vars := readExports(t, pr, 3)
	go io.Copy(io.Discard, pr)
	return vars, stderr
}

// TestLog: --log prints each request's method, path, status and auth kind, never a credential.
func TestLog(t *testing.T) {
	t.Parallel()
	vars, stderr := serve(t, "--log")
	ctx := context.Background()
	base := unmetered.WithBaseURL(vars[unmetered.EnvBaseURL])
	basic, err := unmetered.NewClient(base, unmetered.WithBasicAuth(vars[unmetered.EnvUsername], vars[unmetered.EnvPassword]))
	require.NoError(t, err)
	_, err = basic.Account.Details(ctx)
	require.NoError(t, err)
	jwt, err := unmetered.NewClient(base, unmetered.WithLogin(vars[unmetered.EnvUsername], vars[unmetered.EnvPassword]))
	require.NoError(t, err)
	_, err = jwt.Domains.Get(ctx, 47)
	require.NoError(t, err)
	resp, err := http.Get(vars[unmetered.EnvBaseURL] + "/details")
	require.NoError(t, err)
	resp.Body.Close()

	var log string
	require.Eventually(t, func() bool { log = stderr.String(); return strings.Contains(log, " 401 none") }, 10*time.Second, 10*time.Millisecond)
	for _, line := range []string{
		`GET /api/details 200 basic`,
		`POST /api/login 200 none`,
		`GET /api/domain/47 200 bearer`,
		`GET /api/details 401 none`,
	} {
		assert.Regexp(t, `(?m)^unmetered-fake: \d\d:\d\d:\d\d `+regexp.QuoteMeta(line)+`$`, log)
	}
	assert.NotContains(t, log, vars[unmetered.EnvPassword])
	assert.NotContains(t, log, "eyJ", "no token")
}

// TestNoLog: without --log, requests print nothing.
func TestNoLog(t *testing.T) {
	t.Parallel()
	vars, stderr := serve(t)
	resp, err := http.Get(vars[unmetered.EnvBaseURL] + "/details")
	require.NoError(t, err)
	resp.Body.Close()
	assert.NotContains(t, stderr.String(), "/api/details")
}

// TestRateLimit: --rate-limit turns on the real portal's limit, announced on a login's answer;
// without it there is none.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	login := func(vars map[string]string) *http.Response {
		body := strings.NewReader(`{"username": "` + vars[unmetered.EnvUsername] + `", "password": "` + vars[unmetered.EnvPassword] + `"}`)
		resp, err := http.Post(vars[unmetered.EnvBaseURL]+"/login", "application/json", body)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		return resp
	}
	vars, stderr := serve(t, "--rate-limit", "--rate-window", "1h")
	assert.Equal(t, "25", login(vars).Header.Get("X-RateLimit-Limit"))
	assert.Eventually(t, func() bool {
		return strings.Contains(stderr.String(), "unmetered-fake: rate limit on: 25 logins per 1h0m0s\n")
	},
		10*time.Second, 10*time.Millisecond)

	vars, _ = serve(t)
	assert.Empty(t, login(vars).Header.Get("X-RateLimit-Limit"))
}

// TestInterrupt runs unmetered-fake as a process and stops it with SIGINT, as Ctrl-C does.
func TestInterrupt(t *testing.T) {
	t.Parallel()
	exe, err := os.Executable()
	require.NoError(t, err)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		cmd := exec.Command(exe)
		cmd.Env = append(os.Environ(), "UNMETERED_FAKE_MAIN=1")
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		readExports(t, stdout, 3) // printed after the signal handler is in place
		require.NoError(t, cmd.Process.Signal(sig))
		require.NoError(t, cmd.Wait(), "%v: %s", sig, stderr.String())
		assert.Contains(t, stderr.String(), "unmetered-fake: stopped")
	}
}
