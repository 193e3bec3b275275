package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Private files: profiles hold a password and the token cache holds a session, so both live in
// directories only the user can enter (0700), in files only the user can read (0600).

// appDir returns base/unmetered/sub (base: the user's config or cache directory).
func appDir(base func() (string, error), sub string) (string, error) {
	root, err := base()
	if err != nil {
		return "", fmt.Errorf("finding your home directories: %w", err)
	}
	return filepath.Join(root, "unmetered", sub), nil
}

// writePrivate writes data to path atomically (a temporary file renamed over it, so a reader
// never sees half a file) with mode 0600, creating its directory and the "unmetered" directory
// above it with mode 0700, and tightening them if they already exist.
func writePrivate(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o700); err != nil {
			return err
		}
	}
	f, err := os.CreateTemp(dir, ".tmp-*") // created 0600
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing left to remove
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// removeFile removes path; a file that is already gone is not an error.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
