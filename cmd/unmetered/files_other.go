//go:build !unix

package main

import (
	"io/fs"
	"os"
)

// Systems other than Unix keep permissions outside the mode bits (Windows: ACLs, inherited from
// the user's profile directory), so the CLI checks nothing there, and changes nothing through a
// link.

func checkBaseDir(string) error { return nil }

// tightenDir sets what the mode bits carry on such systems (on Windows: not read-only).
func tightenDir(d string, _ fs.FileInfo) error { return os.Chmod(d, 0o700) }

func checkLinkedDir(string) error { return nil }

func checkOwnDir(string, fs.FileInfo) error { return nil }

// ownFileOthersRead is false where permissions are not mode bits.
func ownFileOthersRead(fs.FileInfo) bool { return false }
