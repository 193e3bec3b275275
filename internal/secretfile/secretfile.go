// Package secretfile reads a password from a file, the "*_FILE" convention of containers
// (Docker secrets under /run/secrets, Kubernetes secret volumes): UNMETERED_PASSWORD_FILE
// names the file instead of UNMETERED_PASSWORD carrying the password. One rule for the SDK's
// WithEnv and the unmetered command, so that they never disagree.
package secretfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// MaxSize bounds a password file: anything longer is not a password (a key, a log, a device
// that never ends), and is refused rather than read whole.
const MaxSize = 4096

// ErrEmpty is wrapped by Read when the file holds no password.
var ErrEmpty = errors.New("the file holds no password")

// Read returns the password in the file at path: its content without the line endings at its
// end ("\n", "\r\n": `echo secret > file` writes one). Spaces are the password's own and are
// kept. A file that is empty (or holds only line endings), is not a regular file, or is longer
// than MaxSize is an error; no error carries the file's content.
//
// The file's permissions are not checked: the secret files of Docker (mode 0444) and
// Kubernetes (0644 by default) are readable by everyone inside their container, which is the
// convention's main use, and refusing them would break it. A caller that can warn a person
// (the unmetered command does) checks the mode itself.
func Read(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return "", err
	}
	if len(b) > MaxSize {
		return "", fmt.Errorf("%s is longer than %d bytes: not a password file", path, MaxSize)
	}
	pass := strings.TrimRight(string(b), "\r\n")
	if pass == "" {
		return "", fmt.Errorf("%s: %w", path, ErrEmpty)
	}
	return pass, nil
}
