//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package main

// keyringAvailable reports whether the keyring can be asked: on macOS and Windows it always
// can (go-keyring says so itself where it cannot, e.g. an unsupported system).
func keyringAvailable() error { return nil }
