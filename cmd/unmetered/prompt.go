package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// maxLine bounds a line read from stdin (an answer, a username, a piped password).
const maxLine = 4096

// confirm guards a destructive or paying action (delete, cancel, pay, order, renew). With --yes
// (yes true) it returns nil at once. Otherwise it asks on the terminal and returns nil only for
// "y" or "yes". When stdin is not a terminal it asks nothing and refuses, so a script never pays
// or deletes without saying so and never hangs on a question. Both refusals are usage errors
// (exit code 2): nothing was sent.
//
// action says what would happen, in the imperative: "pay invoice 308977 (15.00 USD) from your
// credit".
func (a *app) confirm(yes bool, action string) error {
	if yes {
		return nil
	}
	if !a.inTTY {
		return usageErrorf("%s: pass --yes to confirm (stdin is not a terminal to ask on)", action)
	}
	fmt.Fprintf(a.err, "About to %s. Continue? [y/N] ", action)
	answer, err := readLine(a.in)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading the answer: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	return usageErrorf("cancelled; nothing was sent")
}

// readLine reads one line from r without reading past it (r is stdin, which a later prompt or
// the command may still read), and returns it without its line ending. At the end of the input
// it returns what it read and io.EOF.
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for b.Len() <= maxLine {
		n, err := r.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return strings.TrimSuffix(b.String(), "\r"), nil
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			return strings.TrimSuffix(b.String(), "\r"), err
		}
	}
	return "", fmt.Errorf("a line longer than %d bytes", maxLine)
}

// readPasswordStdin reads a password piped to stdin (--password-stdin): the first line, without
// its line ending; spaces inside are the password's own.
func (a *app) readPasswordStdin() (string, error) {
	pass, err := readLine(a.in)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password from stdin: %w", err)
	}
	if pass == "" {
		return "", usageErrorf("--password-stdin: stdin holds no password")
	}
	return pass, nil
}

// promptPassword asks for the password on the terminal without echoing it.
func (a *app) promptPassword(username string) (string, error) {
	if !a.inTTY {
		return "", usageErrorf("no terminal to ask for the password on: pipe it with --password-stdin (never pass it as an argument)")
	}
	fmt.Fprintf(a.err, "Password for %s: ", username)
	pass, err := a.readPassword()
	fmt.Fprintln(a.err) // the user's Enter was not echoed
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	if pass == "" {
		return "", usageErrorf("empty password; nothing was sent")
	}
	return pass, nil
}

// promptUsername asks for the username on the terminal.
func (a *app) promptUsername() (string, error) {
	if !a.inTTY {
		return "", usageErrorf("--username is required when stdin is not a terminal")
	}
	fmt.Fprint(a.err, "Username (email address): ")
	user, err := readLine(a.in)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the username: %w", err)
	}
	if user = strings.TrimSpace(user); user == "" {
		return "", usageErrorf("empty username; nothing was sent")
	}
	return user, nil
}
