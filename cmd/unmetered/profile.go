package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// defaultProfile is the profile used when --profile is not given.
const defaultProfile = "default"

// Authentication modes of a profile and of UNMETERED_AUTH.
const (
	authBasic = "basic"
	authJWT   = "jwt"
)

// profile is a saved login: where the portal is and how to authenticate. It is stored by
// "unmetered login" in <config dir>/unmetered/profiles/NAME.json with mode 0600. The password
// is kept because Basic auth sends it on every request and a JWT session whose refresh token
// has expired must log in again: in the system keyring (see keystore.go), or, where there is
// none or with --insecure-storage, in this file.
type profile struct {
	BaseURL  string `json:"base_url"`
	Auth     string `json:"auth"`
	Username string `json:"username"`
	// Password is the password when this file holds it (PasswordStore storeFile, or a profile
	// written before the keyring was used); empty when the keyring does.
	Password string `json:"password,omitempty"`
	// PasswordStore says where the password is: storeKeyring or storeFile; "" in a profile
	// written before the keyring was used, whose password is in this file.
	PasswordStore string `json:"password_store,omitempty"`
	// KeyringUser is the account of the keyring entry that holds the password (see
	// app.profileKeys), recorded so that the entry is found however the config directory is
	// named later.
	KeyringUser string `json:"keyring_user,omitempty"`
}

// Where a profile's password is stored.
const (
	storeKeyring = "keyring"
	storeFile    = "file"
)

// inKeyring reports whether the profile's password is in the system keyring.
func (p *profile) inKeyring() bool { return p.PasswordStore == storeKeyring }

// validProfileName reports whether name is a profile's name: 1 to 64 ASCII letters, digits, '.',
// '_' and '-', starting with a letter or a digit, so that it is a safe file name.
func validProfileName(name string) bool {
	if len(name) == 0 || len(name) > 64 {
		return false
	}
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case i > 0 && (r == '.' || r == '_' || r == '-'):
		default:
			return false
		}
	}
	return true
}

func checkProfileName(name string) error {
	if !validProfileName(name) {
		return usageErrorf("--profile %q: a profile name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", name)
	}
	return nil
}

// profileFile returns the path of the profile called name.
func (a *app) profileFile(name string) (string, error) {
	if err := checkProfileName(name); err != nil {
		return "", err
	}
	dir, err := a.profilesDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, name+".json"), nil
}

// errNoProfile is wrapped by loadProfile when the profile does not exist.
var errNoProfile = errors.New("no such profile")

// loadProfile reads the profile called name. A missing profile is an error wrapping errNoProfile.
func (a *app) loadProfile(name string) (*profile, error) {
	path, err := a.profileFile(name)
	if err != nil {
		return nil, err
	}
	if err := privateDirs(filepath.Dir(path), false); err != nil {
		return nil, fmt.Errorf("reading profile %q: %w", name, err)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("profile %q: %w", name, errNoProfile)
	}
	if err != nil {
		return nil, fmt.Errorf("reading profile %q: %w", name, err)
	}
	var p profile
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("profile %q (%s) is damaged: %v; run 'unmetered login --profile %s' again", name, path, err, name)
	}
	switch p.PasswordStore {
	case storeKeyring:
		if p.KeyringUser == "" || p.Password != "" {
			return nil, fmt.Errorf("profile %q (%s) is damaged: its password is said to be in the keyring; run 'unmetered login --profile %s' again", name, path, name)
		}
	case storeFile, "":
		if p.Password == "" {
			return nil, fmt.Errorf("profile %q (%s) is incomplete; run 'unmetered login --profile %s' again", name, path, name)
		}
	default:
		return nil, fmt.Errorf("profile %q (%s) is damaged: password_store %q; run 'unmetered login --profile %s' again", name, path, p.PasswordStore, name)
	}
	if p.Auth != authBasic && p.Auth != authJWT || p.Username == "" || p.BaseURL == "" {
		return nil, fmt.Errorf("profile %q (%s) is incomplete; run 'unmetered login --profile %s' again", name, path, name)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 && p.Password != "" {
		fmt.Fprintf(a.err, "warning: %s holds a password and others can read it; run: chmod 600 %s\n", path, path)
	}
	return &p, nil
}

// saveProfile writes the profile called name (0600, in a 0700 directory) and returns its path.
func (a *app) saveProfile(name string, p *profile) (string, error) {
	path, err := a.profileFile(name)
	if err != nil {
		return "", err
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return "", err
	}
	if err := writePrivate(path, append(b, '\n')); err != nil {
		return "", fmt.Errorf("saving profile %q: %w", name, err)
	}
	return path, nil
}

// deleteProfile removes the file of the profile called name (see removeProfile for its
// secrets).
func (a *app) deleteProfile(name string) error {
	path, err := a.profileFile(name)
	if err != nil {
		return err
	}
	return removeFile(path)
}

// profileNames lists the saved profiles, in name order: for "profile list" and for shell
// completion of --profile.
func (a *app) profileNames() []string {
	dir, err := a.profilesDir()
	if err != nil {
		return nil
	}
	if privateDirs(dir, false) != nil {
		return nil
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".json"); ok && validProfileName(name) && e.Type().IsRegular() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}
