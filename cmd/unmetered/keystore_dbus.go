//go:build linux || freebsd || openbsd || netbsd || dragonfly

package main

import (
	"errors"
	"fmt"
	"os"
)

// errNoSessionBus says why there is no keyring on this system.
var errNoSessionBus = errors.New("no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service")

// keyringAvailable reports whether a Secret Service can be asked at all: that needs a D-Bus
// session bus, named by DBUS_SESSION_BUS_ADDRESS or found at /run/user/UID/bus. Without one,
// go-keyring's D-Bus library would run dbus-launch, which starts a session daemon that outlives
// the command (on a headless server, one more per command); the CLI says "no keyring" instead
// and keeps the password in the profile's file.
func keyringAvailable() error {
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && addr != "autolaunch:" {
		return nil
	}
	if _, err := os.Stat(fmt.Sprintf("/run/user/%d/bus", os.Getuid())); err == nil {
		return nil
	}
	return errNoSessionBus
}
