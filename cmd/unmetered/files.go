package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Private files: profiles hold a password and the token cache holds a session, so both live in
// directories only the user can enter (0700), in files only the user can read (0600).
//
// The layout is BASE/unmetered/SUB/FILE (profiles, tokens) or BASE/unmetered/FILE (config.json),
// BASE being the user's config or cache directory; UNMETERED_CONFIG_DIR takes the place of
// BASE/unmetered for the config files, and its parent that of BASE. The CLI creates and tightens
// the directories it owns (unmetered and SUB), but never through a symbolic link: chmod follows links, and a link from ~/.cache/unmetered to /tmp once had
// /tmp's mode changed from 1777 to 0700. So, on Unix:
//   - BASE (followed if it is a link; never changed) must belong to the user or to root and must
//     not be writable by everyone unless its sticky bit is set (as /tmp's is): otherwise another
//     user could replace the unmetered directory inside it. A group-writable BASE is accepted
//     (many systems give each user a group of their own).
//   - unmetered and SUB are created with mode 0700 if missing. A real directory must belong to
//     the user and is tightened to 0700, through a handle opened without following links.
//   - A symbolic link in their place is used only if its target is a directory of the user's
//     that nobody else can use (no group or other permission bits); it is never changed, and
//     any other target is refused with an error saying what to do.
//   - Reading a profile or the token cache checks the same, without changing anything: what
//     another user could have put in an unsafe place is not read.
//
// On other systems, which do not keep permissions in mode bits, a link is used as it is and
// never changed either.

// appDir returns base/unmetered/sub (base: the user's config or cache directory).
func appDir(base func() (string, error), sub string) (string, error) {
	root, err := base()
	if err != nil {
		return "", fmt.Errorf("finding your home directories: %w", err)
	}
	return filepath.Join(root, "unmetered", sub), nil
}

// writePrivate writes data to path (BASE/unmetered/SUB/FILE) atomically (a temporary file
// renamed over it, so a reader never sees half a file) with mode 0600, after making sure its
// directories are private as described above.
func writePrivate(path string, data []byte) error {
	if err := privateDirs(filepath.Dir(path), true); err != nil {
		return err
	}
	return writeFile0600(path, data)
}

// writePrivateTop is writePrivate for a file directly in the CLI's own directory:
// BASE/unmetered/FILE.
func writePrivateTop(path string, data []byte) error {
	root := filepath.Dir(path)
	if err := privateTree(filepath.Dir(root), []string{root}, true); err != nil {
		return err
	}
	return writeFile0600(path, data)
}

// writeFile0600 writes data to path through a temporary file in its directory, renamed over it.
func writeFile0600(path string, data []byte) error {
	dir := filepath.Dir(path)
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

// privateDirs makes dir (BASE/unmetered/SUB) and its parent private directories of the user,
// after checking BASE (see above). With fix false it only checks, for reading: it creates and
// changes nothing, and a directory that does not exist is no error (there is nothing to read).
func privateDirs(dir string, fix bool) error {
	app := filepath.Dir(dir)
	return privateTree(filepath.Dir(app), []string{app, dir}, fix)
}

// privateTree is privateDirs for the directories dirs below base, each inside the one before.
func privateTree(base string, dirs []string, fix bool) error {
	if fix {
		if err := os.MkdirAll(base, 0o700); err != nil {
			return err
		}
	}
	if err := checkBaseDir(base); err != nil {
		if errors.Is(err, fs.ErrNotExist) && !fix {
			return nil
		}
		return err
	}
	for _, d := range dirs {
		fi, err := os.Lstat(d)
		if errors.Is(err, fs.ErrNotExist) {
			if !fix {
				return nil
			}
			if err := os.Mkdir(d, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			fi, err = os.Lstat(d)
		}
		if err != nil {
			return err
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			err = checkLinkedDir(d)
		case !fi.IsDir():
			err = fmt.Errorf("%s is not a directory", d)
		default:
			if err = checkOwnDir(d, fi); err == nil && fix {
				err = tightenDir(d, fi)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// removeFile removes path; a file that is already gone is not an error.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
