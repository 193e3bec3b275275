package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// Profile passwords live in the system's credential store, as gh keeps its tokens: the macOS
// Keychain, the Windows Credential Manager, the Secret Service (GNOME Keyring, KWallet) on
// Linux and the BSDs, through github.com/zalando/go-keyring. Where there is none (a headless
// Linux box without a D-Bus session or a Secret Service), or with "login --insecure-storage",
// the password stays in the profile's own file (mode 0600), as before.
//
// The keyring is reached only by commands that need a profile's password (login, and the
// commands that send a request with a keyring profile), never at start-up.

// keyringService is the service name of the CLI's entries; each profile's entry is under the
// account keyringUser (see app.profileKeys), e.g. "work".
const keyringService = "unmetered-cli"

// keyringTimeout bounds each keyring call: a Secret Service that does not answer (a locked
// collection waiting on a prompt nobody sees) must not hang a cron job. gh waits as long.
const keyringTimeout = 3 * time.Second

// secretStore is the system keyring as the CLI uses it. Get returns an error wrapping
// keyring.ErrNotFound when there is no entry.
type secretStore interface {
	Get(user string) (string, error)
	Set(user, password string) error
	Delete(user string) error
}

// systemKeyring is the system keyring through go-keyring, each call bounded by timeout.
// available, when set, is asked first: an error means there is no keyring to ask.
type systemKeyring struct {
	timeout   time.Duration
	available func() error
}

// newSystemKeyring returns the keyring of this system. Tests replace it (see keystore_test.go).
var newSystemKeyring = func() secretStore {
	return systemKeyring{timeout: keyringTimeout, available: keyringAvailable}
}

func (k systemKeyring) Get(user string) (string, error) {
	var pass string
	err := k.call(func() error {
		var err error
		pass, err = keyring.Get(keyringService, user)
		return err
	})
	return pass, err
}

func (k systemKeyring) Set(user, password string) error {
	return k.call(func() error { return keyring.Set(keyringService, user, password) })
}

func (k systemKeyring) Delete(user string) error {
	return k.call(func() error { return keyring.Delete(keyringService, user) })
}

// errKeyringTimeout is returned when the keyring did not answer in time.
var errKeyringTimeout = errors.New("the system keyring did not answer")

// call runs fn, the keyring call, unless the keyring is known to be unavailable, and waits for
// it at most k.timeout. A call that times out is left to finish in the background; its result
// is dropped.
func (k systemKeyring) call(fn func() error) error {
	if k.available != nil {
		if err := k.available(); err != nil {
			return err
		}
	}
	done := make(chan error, 1)
	go func() { done <- fn() }()
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("%w within %s", errKeyringTimeout, k.timeout)
	}
}

// isNotFound reports whether err says that the keyring holds no such entry.
func isNotFound(err error) bool { return errors.Is(err, keyring.ErrNotFound) }
