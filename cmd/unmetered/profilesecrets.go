package main

import (
	"context"
	"fmt"
	"strings"
)

// storedPassword says where login put a profile's password.
type storedPassword struct {
	store string // storeKeyring or storeFile
	// why is the reason a password went to the file: "--insecure-storage", or the keyring's
	// error. "" for the keyring.
	why string
}

// storePassword puts the password of the profile name (p, about to be saved) where it belongs:
// the system keyring, unless insecure (--insecure-storage) or the keyring cannot take it, in
// which case the profile's file (mode 0600) holds it, as gh does. old is the profile as it was,
// nil if there was none: a password it kept in the keyring is deleted there when the file
// takes over, so that no stale copy remains. A profile written by an older version (password
// in its file, no password_store) moves to the keyring here.
func (a *app) storePassword(name string, p *profile, password string, old *profile, insecure bool) storedPassword {
	_, user, err := a.profileKeys(name)
	if err == nil && !insecure {
		if err = a.keyring.Set(user, password); err == nil {
			p.Password, p.PasswordStore, p.KeyringUser = "", storeKeyring, user
			if old != nil && old.inKeyring() && old.KeyringUser != user {
				_ = a.keyring.Delete(old.KeyringUser) // the entry of a directory since renamed
			}
			return storedPassword{store: storeKeyring}
		}
		a.log().Debug("unmetered: the system keyring refused the password; keeping it in the profile",
			"error", strings.ReplaceAll(err.Error(), password, "[REDACTED]"))
	}
	why := "--insecure-storage"
	if !insecure {
		// A keyring's error has no reason to hold the password; if one ever did, it would not
		// reach the output.
		why = "no system keyring: " + oneLine(strings.ReplaceAll(err.Error(), password, "[REDACTED]"))
	}
	if old != nil && old.inKeyring() {
		if err := a.keyring.Delete(old.KeyringUser); err != nil && !isNotFound(err) {
			fmt.Fprintf(a.err, "warning: the old password of profile %q stays in the system keyring (%v); delete the entry %q of %q there\n",
				name, err, old.KeyringUser, keyringService)
		}
	}
	p.Password, p.PasswordStore, p.KeyringUser = password, storeFile, ""
	return storedPassword{store: storeFile, why: why}
}

// removed says what removeProfile deleted.
type removed struct {
	Profile string `json:"profile"`
	// Revoked reports that a cached JWT session was ended on the portal.
	Revoked bool `json:"session_revoked"`
	// Keyring reports that the password was deleted from the system keyring.
	Keyring bool `json:"keyring_deleted"`
	// Tokens reports that the token cache was deleted.
	Tokens bool `json:"tokens_deleted"`
	// Unused reports that the profile was the one "profile use" chose, which is now "default".
	Unused bool `json:"use_cleared"`
}

// removeProfile deletes the profile name and its secrets: its password in the system keyring,
// its cached JWT session (ended on the portal first when revoke is set and tokens are cached,
// so that no live session is left behind; a failure to end it is a warning, as the profile is
// to go anyway), its file, and the choice of "profile use" when it named it.
func (a *app) removeProfile(ctx context.Context, name string, revoke bool) (*removed, error) {
	res := &removed{Profile: name}
	p, err := a.loadProfile(name)
	if err != nil {
		p = nil // a damaged profile is deleted all the same; its secrets are looked for below
	}
	cacheKey, user, err := a.profileKeys(name)
	if err != nil {
		return nil, err
	}
	if p != nil && p.inKeyring() {
		user = p.KeyringUser
	}
	if p == nil || p.inKeyring() {
		switch err := a.keyring.Delete(user); {
		case err == nil:
			res.Keyring = true
		case isNotFound(err):
		case p != nil:
			fmt.Fprintf(a.err, "warning: the password of profile %q stays in the system keyring (%v); delete the entry %q of %q there\n",
				name, err, user, keyringService)
		}
	}
	path, err := a.tokenFile(cacheKey)
	if err != nil {
		return nil, err
	}
	if p != nil && p.Auth == authJWT {
		cr := &credentials{profile: name, baseURL: normalizeBaseURL(p.BaseURL), auth: p.Auth,
			username: p.Username, cacheKey: cacheKey}
		cache := newTokenCache(path, cr, a.log(), a.now)
		res.Tokens = cache.cached().Refresh != ""
		if revoke && res.Tokens {
			revoked, err := a.revokeSession(ctx, cr)
			if err != nil {
				fmt.Fprintf(a.err, "warning: the session of profile %q was not ended (%v); it ends by itself when its refresh token expires\n", name, err)
			}
			res.Revoked = revoked
		}
	}
	if err := removeFile(path); err != nil {
		return nil, fmt.Errorf("deleting the token cache of profile %q: %w", name, err)
	}
	if err := a.deleteProfile(name); err != nil {
		return nil, fmt.Errorf("deleting profile %q: %w", name, err)
	}
	st, err := a.loadSettings()
	if err == nil && st.Profile == name {
		st.Profile = ""
		if err := a.saveSettings(st); err != nil {
			return nil, err
		}
		res.Unused = true
	}
	return res, nil
}
