package main

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfirm(t *testing.T) {
	t.Parallel()
	const action = "pay invoice 308977 (15.00 USD) from your credit"
	ask := func(tty bool, input string) (*app, *bytes.Buffer) {
		var stderr bytes.Buffer
		return &app{in: strings.NewReader(input), err: &stderr, inTTY: tty}, &stderr
	}

	// --yes: no question, whatever stdin is.
	for _, tty := range []bool{false, true} {
		a, stderr := ask(tty, "")
		require.NoError(t, a.confirm(true, action))
		assert.Empty(t, stderr.String())
	}

	// No terminal: refused without asking, exit code 2.
	a, stderr := ask(false, "y\n")
	err := a.confirm(false, action)
	require.Error(t, err)
	assert.Equal(t, exitUsage, exitCode(err))
	assert.Equal(t, action+": pass --yes to confirm (stdin is not a terminal to ask on)", err.Error())
	assert.Empty(t, stderr.String(), "nothing asked")

	// A terminal: asks on stderr; only y or yes goes ahead.
	for input, ok := range map[string]bool{
		"y\n": true, "YES\n": true, " yes \r\n": true, "y": true,
		"n\n": false, "\n": false, "": false, "yess\n": false, "no\n": false,
	} {
		a, stderr := ask(true, input)
		err := a.confirm(false, action)
		assert.Equal(t, "About to "+action+". Continue? [y/N] ", stderr.String())
		if ok {
			assert.NoError(t, err, "%q", input)
			continue
		}
		require.Error(t, err, "%q", input)
		assert.Equal(t, "cancelled; nothing was sent", err.Error())
		assert.Equal(t, exitUsage, exitCode(err))
	}

	a = &app{in: iotest.ErrReader(errors.New("tty gone")), err: io.Discard, inTTY: true}
	err = a.confirm(false, action)
	assert.ErrorContains(t, err, "tty gone")
	assert.Equal(t, exitFailure, exitCode(err))
}

func TestReadLineReadsOneLine(t *testing.T) {
	t.Parallel()
	r := strings.NewReader("first\r\nsecond\nthird")
	for _, want := range []string{"first", "second"} {
		got, err := readLine(r)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	got, err := readLine(r)
	assert.ErrorIs(t, err, io.EOF)
	assert.Equal(t, "third", got)

	_, err = readLine(strings.NewReader(strings.Repeat("x", maxLine+10)))
	assert.ErrorContains(t, err, "longer than")
}

func TestReadPasswordStdin(t *testing.T) {
	t.Parallel()
	a := &app{in: strings.NewReader("  pass word \nnext line\n")}
	got, err := a.readPasswordStdin()
	require.NoError(t, err)
	assert.Equal(t, "  pass word ", got, "a password's spaces are its own")

	a = &app{in: strings.NewReader("\n")}
	_, err = a.readPasswordStdin()
	assert.Equal(t, exitUsage, exitCode(err))
}

func TestPromptPassword(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	a := &app{err: &stderr, inTTY: true, readPassword: func() (string, error) { return "s3cret", nil }}
	got, err := a.promptPassword("joe@example.com")
	require.NoError(t, err)
	assert.Equal(t, "s3cret", got)
	assert.Equal(t, "Password for joe@example.com: \n", stderr.String())

	a = &app{err: io.Discard, readPassword: func() (string, error) { t.Error("read without a terminal"); return "", nil }}
	_, err = a.promptPassword("joe@example.com")
	assert.Equal(t, exitUsage, exitCode(err))
	assert.ErrorContains(t, err, "--password-stdin")
}
