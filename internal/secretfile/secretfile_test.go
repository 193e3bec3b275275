package secretfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for content, want := range map[string]string{
		"pw":                         "pw",
		"pw\n":                       "pw",
		"pw\r\n":                     "pw",
		"pw\n\n":                     "pw",
		" two words \n":              " two words ",
		"tab\tinside\n":              "tab\tinside",
		"line\nbreak\n":              "line\nbreak", // kept: only the ends are trimmed
		strings.Repeat("x", MaxSize): strings.Repeat("x", MaxSize),
	} {
		path := filepath.Join(dir, "f")
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		got, err := Read(path)
		require.NoError(t, err, "%q", content)
		assert.Equal(t, want, got, "%q", content)
	}
}

func TestReadRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	_, err := Read(write("empty", ""))
	assert.True(t, errors.Is(err, ErrEmpty), "%v", err)
	_, err = Read(write("newlines", "\r\n\n"))
	assert.True(t, errors.Is(err, ErrEmpty), "%v", err)
	_, err = Read(write("long", strings.Repeat("s3cret", MaxSize)))
	assert.ErrorContains(t, err, "not a password file")
	assert.NotContains(t, err.Error(), "s3cret")
	_, err = Read(dir)
	assert.ErrorContains(t, err, "not a regular file")
	_, err = Read(filepath.Join(dir, "missing"))
	assert.ErrorIs(t, err, os.ErrNotExist)
	if runtime.GOOS != "windows" {
		_, err = Read(os.DevNull) // a device that never ends is refused, not read
		assert.ErrorContains(t, err, "not a regular file")
	}
}
