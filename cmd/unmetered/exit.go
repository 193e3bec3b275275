package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// Exit codes, documented in "unmetered --help" (exitCodesHelp) and the README.
const (
	exitOK           = 0 // success
	exitFailure      = 1 // the API or the network failed
	exitUsage        = 2 // invalid usage or input; nothing was sent
	exitMaybeApplied = 3 // a change may have been applied but the answer was lost
	exitAuth         = 4 // authentication refused
)

// exitCodesHelp is the exit-code table of "unmetered --help".
const exitCodesHelp = `Exit codes:
  0  success
  1  the API or the network failed
  2  invalid usage or input; nothing was sent
  3  a change may have been applied but the answer was lost: check before re-running
  4  authentication refused (wrong username or password, a session that cannot be renewed)`

// exitCode maps an error to the exit code a script branches on. It is the only place that does.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case isUsage(err):
		return exitUsage
	case changeMaybeApplied(err):
		return exitMaybeApplied
	case errors.Is(err, unmetered.ErrUnauthorized), isLoginRefused(err):
		return exitAuth
	default:
		return exitFailure
	}
}

// usageError is invalid usage or input found before anything was sent. badCommandLine marks
// a malformed command line (an unknown flag or command, a missing argument): its report points at
// the command's --help.
type usageError struct {
	err            error
	badCommandLine bool
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usageErrorf returns a usage error (exit code 2) with a formatted message.
func usageErrorf(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// isUsage reports whether err is invalid usage: the command's own checks, cobra's flag and
// argument errors, or an SDK refusal before sending (ErrInvalidArgument).
func isUsage(err error) bool {
	var u *usageError
	return errors.As(err, &u) || errors.Is(err, unmetered.ErrInvalidArgument)
}

// changeError marks the failure of a request that changes something (pays, orders, creates,
// deletes, renews). Only such a failure can be exit code 3: unmetered.MaybeApplied is also true
// for a read that reached the server and failed, and for errors it does not know, and a read
// that failed changed nothing.
type changeError struct{ err error }

func (e *changeError) Error() string { return e.err.Error() }
func (e *changeError) Unwrap() error { return e.err }

// sentChange marks err, the failure of a call that changes something, so that exitCode
// answers 3 when the change may have been applied although the call failed. Commands wrap the
// error of every changing SDK call with it: return sentChange(c.Billing.ApplyCredit(...)).
func sentChange(err error) error {
	if err == nil {
		return nil
	}
	return &changeError{err: err}
}

// changeMaybeApplied reports whether err is a change's failure after which the change may have
// been applied: the answer was lost, so the user must look before running the command again.
func changeMaybeApplied(err error) bool {
	var ce *changeError
	return errors.As(err, &ce) && unmetered.MaybeApplied(ce.err)
}

// loginError is the failure of the call that checks credentials: POST /login, or the first
// request of "unmetered login" with Basic auth.
type loginError struct{ err error }

func (e *loginError) Error() string { return "login: " + e.err.Error() }
func (e *loginError) Unwrap() error { return e.err }

// isLoginRefused reports whether the portal answered a login with a refusal: 400, 401 or 403, or
// an "error" list in a 2xx body (how HostBill often says "wrong password"). A 5xx, a 429 or a
// network failure is not a refusal: the credentials may be right.
func isLoginRefused(err error) bool {
	var le *loginError
	var apiErr *unmetered.Error
	if !errors.As(err, &le) || !errors.As(le.err, &apiErr) {
		return false
	}
	switch s := apiErr.StatusCode; {
	case s < 300, s == http.StatusBadRequest, s == http.StatusUnauthorized, s == http.StatusForbidden:
		return true
	}
	return false
}

// jsonError is the error object written to stderr with -o json.
type jsonError struct {
	Error    string `json:"error"`
	ExitCode int    `json:"exit_code"`
	// The API's answer, when there was one.
	Status            int      `json:"status,omitempty"`
	Method            string   `json:"method,omitempty"`
	Path              string   `json:"path,omitempty"`
	Messages          []string `json:"messages,omitempty"`
	RetryAfterSeconds float64  `json:"retry_after_seconds,omitempty"`
	// Report says what became of each change of a "dns apply" that did not apply them all.
	Report *applyReport `json:"report,omitempty"`
}

// reportError writes err to stderr: one line of text, or with -o json one JSON object on one line.
// cmd is the command that failed, for the pointer to its help after a usage error.
func (a *app) reportError(cmd *cobra.Command, err error, code int) {
	msg := oneLine(err.Error())
	var u *usageError
	if errors.As(err, &u) && u.badCommandLine && cmd != nil {
		msg += fmt.Sprintf(" (see '%s --help')", cmd.CommandPath())
	}
	if a.output != "json" {
		fmt.Fprintf(a.err, "error: %s\n", msg)
		return
	}
	je := jsonError{Error: msg, ExitCode: code}
	var apiErr *unmetered.Error
	if errors.As(err, &apiErr) {
		je.Status, je.Method, je.Path = apiErr.StatusCode, apiErr.Method, apiErr.Path
		je.Messages = apiErr.Messages
		je.RetryAfterSeconds = apiErr.RetryAfter.Seconds()
	}
	je.Report = reportOf(err)
	b, mErr := json.Marshal(je)
	if mErr != nil { // cannot happen with these field types; say something anyway
		fmt.Fprintf(a.err, "error: %s\n", msg)
		return
	}
	fmt.Fprintf(a.err, "%s\n", b)
}

// oneLine folds a message onto one line without control characters: cobra's suggestions carry
// newlines and tabs, and a server's message may carry anything.
func oneLine(s string) string {
	return strings.Join(strings.Fields(sanitize(s)), " ")
}
