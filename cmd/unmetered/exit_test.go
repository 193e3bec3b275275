package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	unmetered "github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func TestExitCode(t *testing.T) {
	t.Parallel()
	apiErr := func(status int) error {
		return &unmetered.Error{StatusCode: status, Method: "GET", Path: "/details", Messages: []string{"x"}}
	}
	for name, tc := range map[string]struct {
		err  error
		want int
	}{
		"success":                     {nil, exitOK},
		"usage":                       {usageErrorf("bad"), exitUsage},
		"usage wrapped":               {fmt.Errorf("ctx: %w", usageErrorf("bad")), exitUsage},
		"SDK refused before sending":  {fmt.Errorf("%w: id must be >= 1", unmetered.ErrInvalidArgument), exitUsage},
		"401":                         {apiErr(http.StatusUnauthorized), exitAuth},
		"401 wrapped":                 {fmt.Errorf("x: %w", apiErr(http.StatusUnauthorized)), exitAuth},
		"login 401":                   {&loginError{err: apiErr(http.StatusUnauthorized)}, exitAuth},
		"login refused in a 200 body": {&loginError{err: apiErr(http.StatusOK)}, exitAuth},
		"login 400":                   {&loginError{err: apiErr(http.StatusBadRequest)}, exitAuth},
		"login 403":                   {&loginError{err: apiErr(http.StatusForbidden)}, exitAuth},
		"login 503 is not a refusal":  {&loginError{err: apiErr(http.StatusServiceUnavailable)}, exitFailure},
		"login network failure":       {&loginError{err: errors.New("dial tcp: connection refused")}, exitFailure},
		"403 elsewhere":               {apiErr(http.StatusForbidden), exitFailure},
		"400 elsewhere":               {apiErr(http.StatusBadRequest), exitFailure},
		"404":                         {apiErr(http.StatusNotFound), exitFailure},
		"500":                         {apiErr(http.StatusInternalServerError), exitFailure},
		"network":                     {errors.New("dial tcp: connection refused"), exitFailure},

		// Exit code 3 is for changes only: a failed read changed nothing, whatever
		// MaybeApplied says about it having reached the server.
		"change: 500, may have acted":       {sentChange(apiErr(http.StatusInternalServerError)), exitMaybeApplied},
		"change: 502, answer lost":          {sentChange(apiErr(http.StatusBadGateway)), exitMaybeApplied},
		"change wrapped again":              {fmt.Errorf("pay: %w", sentChange(apiErr(http.StatusBadGateway))), exitMaybeApplied},
		"change: unknown failure":           {sentChange(errors.New("connection reset")), exitMaybeApplied},
		"change: 4xx, the server refused":   {sentChange(apiErr(http.StatusNotFound)), exitFailure},
		"change: 401":                       {sentChange(apiErr(http.StatusUnauthorized)), exitAuth},
		"change: refused before sending":    {sentChange(fmt.Errorf("%w: bad id", unmetered.ErrInvalidArgument)), exitUsage},
		"change: the command's own refusal": {sentChange(usageErrorf("--years must be 1 to 10")), exitUsage},
	} {
		assert.Equal(t, tc.want, exitCode(tc.err), name)
	}
}

func TestReportErrorText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	a := &app{err: &buf, output: formatTable}
	cmd := &cobra.Command{Use: "unmetered"}
	a.reportError(cmd, &usageError{err: errors.New("unknown flag: --x"), badCommandLine: true}, exitUsage)
	assert.Equal(t, "error: unknown flag: --x (see 'unmetered --help')\n", buf.String())

	buf.Reset()
	a.reportError(cmd, usageErrorf("UNMETERED_PASSWORD not set"), exitUsage)
	assert.Equal(t, "error: UNMETERED_PASSWORD not set\n", buf.String(), "input errors are not pointed at --help")

	buf.Reset()
	a.reportError(cmd, errors.New("line one\n\tline two\x1b[31m red"), exitFailure)
	assert.Equal(t, "error: line one line two [31m red\n", buf.String(), "one line, no terminal escapes")
}

func TestReportErrorJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	a := &app{err: &buf, output: formatJSON}
	err := fmt.Errorf("wrapped: %w", &unmetered.Error{StatusCode: 429, Method: "POST", Path: "/invoice/1/credit",
		Messages: []string{"slow down"}, RetryAfter: 30 * time.Second})
	a.reportError(nil, err, exitFailure)
	require.Equal(t, 1, bytes.Count(buf.Bytes(), []byte("\n")), "one line: %s", buf.String())
	var got map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, map[string]any{
		"error":               err.Error(),
		"exit_code":           float64(1),
		"status":              float64(429),
		"method":              "POST",
		"path":                "/invoice/1/credit",
		"messages":            []any{"slow down"},
		"retry_after_seconds": float64(30),
	}, got)

	buf.Reset()
	a.reportError(nil, usageErrorf("bad"), exitUsage)
	assert.JSONEq(t, `{"error": "bad", "exit_code": 2}`, buf.String())
}

func TestJSONRequested(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]bool{
		"-o json":            true,
		"-ojson":             true,
		"-o=json":            true,
		"--output json":      true,
		"--output=json":      true,
		"-o table":           false,
		"x -- -o json":       false,
		"account show --bad": false,
	} {
		assert.Equal(t, want, jsonRequested(strings.Fields(args)), args)
	}
}

func TestSentChange(t *testing.T) {
	t.Parallel()
	assert.NoError(t, sentChange(nil))
	inner := &unmetered.Error{StatusCode: 500, Method: "POST", Path: "/invoice/1/credit"}
	err := sentChange(inner)
	assert.Equal(t, inner.Error(), err.Error(), "the marker adds nothing to the message")
	var got *unmetered.Error
	require.ErrorAs(t, err, &got)
	assert.Same(t, inner, got)
}

// TestMaybeAppliedThroughTheSDK: a change whose answer is lost after the portal acted exits 3;
// the same failure of a read exits 1.
func TestMaybeAppliedThroughTheSDK(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	c, err := srv.Client(unmetered.WithRetryMax(0))
	require.NoError(t, err)
	ctx := context.Background()

	pay := func() error { // Client.Do: the section types are still being rewritten
		return c.Do(ctx, "POST", "/invoice/308977/credit", map[string]string{"amount": "5.00"}, nil)
	}
	srv.Fail("POST", "/invoice/@id/credit", unmeteredtest.Fault{AfterAction: true, DropConnection: true})
	err = pay()
	require.Error(t, err)
	assert.Equal(t, exitMaybeApplied, exitCode(sentChange(err)))

	srv.Fail("GET", "/details", unmeteredtest.Fault{DropConnection: true, Times: 10})
	_, err = c.Account.Details(ctx)
	require.Error(t, err)
	assert.Equal(t, exitFailure, exitCode(err))

	srv.Fail("POST", "/invoice/@id/credit", unmeteredtest.Fault{Status: http.StatusNotFound})
	err = pay()
	require.Error(t, err)
	assert.Equal(t, exitFailure, exitCode(sentChange(err)), "a 404 says the portal did not act")
}
