//go:build unix

package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// checkBaseDir refuses a base directory (followed if a link) that belongs to another user than
// the current one or root, or that everyone may write without the sticky bit.
func checkBaseDir(base string) error {
	fi, err := os.Stat(base)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", base)
	}
	if uid, ok := ownerOf(fi); ok && uid != os.Getuid() && uid != 0 {
		return fmt.Errorf("%s belongs to another user (uid %d), who could replace the unmetered directory in it; set XDG_CONFIG_HOME or XDG_CACHE_HOME to a directory of yours", base, uid)
	}
	if fi.Mode().Perm()&0o002 != 0 && fi.Mode()&fs.ModeSticky == 0 {
		return fmt.Errorf("anyone can write %s (mode %s, no sticky bit) and so replace the unmetered directory in it; run: chmod o-w %s", base, fi.Mode().Perm(), base)
	}
	return nil
}

// checkOwnDir refuses d, a real directory that fi describes (from Lstat), unless it is the
// user's.
func checkOwnDir(d string, fi fs.FileInfo) error {
	if uid, ok := ownerOf(fi); ok && uid != os.Getuid() {
		return fmt.Errorf("%s belongs to another user (uid %d); the CLI keeps passwords and sessions only in directories of yours: remove it, or set XDG_CONFIG_HOME or XDG_CACHE_HOME elsewhere", d, uid)
	}
	return nil
}

// tightenDir sets d, a real directory of the user's that fi describes (from Lstat), to mode
// 0700, through a handle opened without following a link, so that a link put in its place
// since the Lstat cannot redirect the change.
func tightenDir(d string, fi fs.FileInfo) error {
	if fi.Mode().Perm() == 0o700 && fi.Mode()&(fs.ModeSticky|fs.ModeSetgid|fs.ModeSetuid) == 0 {
		return nil
	}
	f, err := os.OpenFile(d, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	now, err := f.Stat()
	if err != nil {
		return err
	}
	if !os.SameFile(fi, now) {
		return fmt.Errorf("%s changed while its permissions were checked", d)
	}
	return f.Chmod(0o700)
}

// checkLinkedDir accepts the symbolic link d only if it leads to a directory of the user's that
// nobody else can use. Nothing is changed through the link.
func checkLinkedDir(d string) error {
	target, err := filepath.EvalSymlinks(d)
	if err != nil {
		return fmt.Errorf("%s is a symbolic link that cannot be followed: %w", d, err)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is a symbolic link to %s, which is not a directory", d, target)
	}
	if uid, ok := ownerOf(fi); ok && uid != os.Getuid() {
		return fmt.Errorf("%s is a symbolic link to %s, which belongs to another user (uid %d); the CLI keeps passwords and sessions only in directories of yours: replace the link with a directory", d, target, uid)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%s is a symbolic link to %s, which others can use (mode %s); the CLI does not change permissions through a link: run chmod 700 %s, or replace the link with a directory",
			d, target, fi.Mode().Perm(), target)
	}
	return nil
}

// ownerOf returns the uid of the file fi describes.
func ownerOf(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// ownFileOthersRead reports whether fi is a file of the current user (not root) that its
// group or everyone may read.
func ownFileOthersRead(fi fs.FileInfo) bool {
	uid, ok := ownerOf(fi)
	return ok && othersReadOwnFile(fi.Mode(), uid, os.Getuid())
}

// othersReadOwnFile reports whether a file of mode owned by owner, seen by the user me, is
// me's own (me not root) and readable by its group or everyone. A file of root's is a secret
// an administrator or a container runtime provisioned that way (Docker: 0444, Kubernetes:
// 0644), and the user's own readable by all is the usual mistake (umask 022) worth a warning.
func othersReadOwnFile(mode fs.FileMode, owner, me int) bool {
	return owner == me && me != 0 && mode.Perm()&0o044 != 0
}
