package main

import (
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"
)

// memKeyring is a system keyring in memory, one per test app: go-keyring's own double
// (keyring.MockInit) is one store for the whole process, which parallel tests would share.
// With err set, every call fails with it, as a keyring that cannot be reached does.
type memKeyring struct {
	mu      sync.Mutex
	entries map[string]string
	err     error
	calls   int
}

func (k *memKeyring) Get(user string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.calls++
	if k.err != nil {
		return "", k.err
	}
	v, ok := k.entries[user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (k *memKeyring) Set(user, password string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.calls++
	if k.err != nil {
		return k.err
	}
	if k.entries == nil {
		k.entries = map[string]string{}
	}
	k.entries[user] = password
	return nil
}

func (k *memKeyring) Delete(user string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.calls++
	if k.err != nil {
		return k.err
	}
	if _, ok := k.entries[user]; !ok {
		return keyring.ErrNotFound
	}
	delete(k.entries, user)
	return nil
}

// Script keyrings: the scripts in testdata/script run the command as separate processes, so
// their keyring must outlive a process. UNMETERED_TEST_KEYRING, read by the test binary only
// (useScriptKeyring, before main), chooses it:
//
//	file (the default)  a keyring kept in the file UNMETERED_TEST_KEYRING_FILE ($WORK/.keyring.json)
//	mock                go-keyring's own double, keyring.MockInit: an empty keyring per process
//	unavailable         go-keyring's double failing every call (keyring.MockInitWithError), as
//	                    on a server without a Secret Service
//
// No script ever reaches the real keyring of the machine that runs the tests.

// fileKeyring is a keyring kept in a JSON file: service user -> password.
type fileKeyring struct{ path string }

func (k fileKeyring) load() map[string]string {
	m := map[string]string{}
	if b, err := os.ReadFile(k.path); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

func (k fileKeyring) save(m map[string]string) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return os.WriteFile(k.path, b, 0o600)
}

func (k fileKeyring) Get(user string) (string, error) {
	v, ok := k.load()[user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (k fileKeyring) Set(user, password string) error {
	m := k.load()
	m[user] = password
	return k.save(m)
}

func (k fileKeyring) Delete(user string) error {
	m := k.load()
	if _, ok := m[user]; !ok {
		return keyring.ErrNotFound
	}
	delete(m, user)
	return k.save(m)
}

// errScriptNoKeyring is the error of the "unavailable" script keyring.
var errScriptNoKeyring = errors.New("the name org.freedesktop.secrets was not provided by any .service files")

// useScriptKeyring chooses the keyring of a script's command (see above).
func useScriptKeyring() {
	switch os.Getenv("UNMETERED_TEST_KEYRING") {
	case "mock":
		keyring.MockInit()
		newSystemKeyring = func() secretStore { return systemKeyring{timeout: keyringTimeout} }
	case "unavailable":
		keyring.MockInitWithError(errScriptNoKeyring)
		newSystemKeyring = func() secretStore { return systemKeyring{timeout: keyringTimeout} }
	default:
		path := os.Getenv("UNMETERED_TEST_KEYRING_FILE")
		if path == "" {
			panic("UNMETERED_TEST_KEYRING_FILE is not set: the command would use the real keyring")
		}
		newSystemKeyring = func() secretStore { return fileKeyring{path: path} }
	}
}

// The tests below use go-keyring's double, one store for the whole process: they are not
// parallel, and no parallel test uses the package's keyring functions (test apps have a
// memKeyring of their own), so no other test runs while they do.

// TestSystemKeyringThroughGoKeyring: the CLI's keyring stores, reads and deletes a password
// through go-keyring under the service "unmetered-cli", and says "not found" as go-keyring does.
func TestSystemKeyringThroughGoKeyring(t *testing.T) {
	keyring.MockInit()
	k := systemKeyring{timeout: time.Second}
	_, err := k.Get("work")
	assert.True(t, isNotFound(err), "%v", err)
	require.NoError(t, k.Set("work", "s3cret pw"))
	got, err := keyring.Get(keyringService, "work")
	require.NoError(t, err)
	assert.Equal(t, "s3cret pw", got, "stored under the CLI's service")
	got, err = k.Get("work")
	require.NoError(t, err)
	assert.Equal(t, "s3cret pw", got)
	require.NoError(t, k.Delete("work"))
	assert.True(t, isNotFound(k.Delete("work")))
}

// TestSystemKeyringUnavailable: a keyring that fails (go-keyring's double with an error), or
// that availability says is not there, fails each call with that error; the availability
// check comes first, so go-keyring is not even asked.
func TestSystemKeyringUnavailable(t *testing.T) {
	keyring.MockInitWithError(errScriptNoKeyring)
	k := systemKeyring{timeout: time.Second}
	assert.ErrorIs(t, k.Set("work", "pw"), errScriptNoKeyring)
	_, err := k.Get("work")
	assert.ErrorIs(t, err, errScriptNoKeyring)
	assert.False(t, isNotFound(err))

	keyring.MockInit()
	k.available = func() error { return errNoSessionBusForTest }
	assert.ErrorIs(t, k.Set("work", "pw"), errNoSessionBusForTest)
	_, err = keyring.Get(keyringService, "work")
	assert.True(t, isNotFound(err), "nothing was stored")
}

var errNoSessionBusForTest = errors.New("no D-Bus session")

// TestSystemKeyringTimeout: a keyring that does not answer (a prompt nobody sees) fails the
// call after the timeout instead of hanging the command.
func TestSystemKeyringTimeout(t *testing.T) {
	t.Parallel() // uses no go-keyring function
	k := systemKeyring{timeout: time.Millisecond}
	release := make(chan struct{})
	defer close(release)
	err := k.call(func() error { <-release; return nil })
	assert.ErrorIs(t, err, errKeyringTimeout)
	assert.Contains(t, err.Error(), "did not answer within 1ms")
}
