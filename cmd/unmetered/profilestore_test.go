package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// saveTestProfile saves a Basic-auth profile name whose password is in its file.
func saveTestProfile(t *testing.T, ta *testApp, name string) {
	t.Helper()
	_, err := ta.saveProfile(name, &profile{BaseURL: "https://portal.example.com/api", Auth: authBasic,
		Username: name + "@example.com", Password: "pw-" + name, PasswordStore: storeFile})
	require.NoError(t, err)
}

// TestCredentialPrecedence: --profile, then UNMETERED_PROFILE or the UNMETERED_* credentials
// (never both), then the profile "profile use" chose, then "default".
func TestCredentialPrecedence(t *testing.T) {
	t.Parallel()
	creds := map[string]string{"UNMETERED_USERNAME": "env@example.com", "UNMETERED_PASSWORD": "pw-env"}
	for _, tc := range []struct {
		name    string
		flag    string
		env     map[string]string
		used    string
		want    string // the username of the credentials chosen
		wantBy  string
		wantErr string
	}{
		{name: "nothing", want: "default@example.com", wantBy: byDefault},
		{name: "used", used: "used", want: "used@example.com", wantBy: byUse},
		{name: "env creds beat used", used: "used", env: creds, want: "env@example.com", wantBy: byEnv},
		{name: "UNMETERED_PROFILE beats used", used: "used", env: map[string]string{envProfile: "work"}, want: "work@example.com", wantBy: byEnvProfile},
		{name: "flag beats everything", flag: "flag", used: "used", env: creds, want: "flag@example.com", wantBy: byFlag},
		{name: "flag beats UNMETERED_PROFILE", flag: "flag", env: map[string]string{envProfile: "work"}, want: "flag@example.com", wantBy: byFlag},
		{name: "UNMETERED_PROFILE and creds", env: map[string]string{envProfile: "work", "UNMETERED_USERNAME": "x@example.com"},
			wantErr: "UNMETERED_PROFILE=work and the UNMETERED_* credentials (UNMETERED_USERNAME) are both set"},
		{name: "UNMETERED_PROFILE and a base URL alone", env: map[string]string{envProfile: "work", "UNMETERED_BASE_URL": "https://x.example.com"},
			wantErr: "both set"},
		{name: "UNMETERED_PROFILE unknown", env: map[string]string{envProfile: "nosuch"}, wantErr: `no profile "nosuch"`},
		{name: "UNMETERED_PROFILE invalid", env: map[string]string{envProfile: "../x"}, wantErr: "a profile name is"},
		{name: "used gone", used: "gone", wantErr: `the profile "gone" chosen with 'unmetered profile use' does not exist`},
		{name: "spaces are not set", env: map[string]string{envProfile: "  ", "UNMETERED_PASSWORD": " "}, want: "default@example.com", wantBy: byDefault},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ta := newTestApp(t)
			for _, name := range []string{"default", "used", "work", "flag"} {
				saveTestProfile(t, ta, name)
			}
			if tc.used != "" {
				require.NoError(t, ta.saveSettings(&settings{Profile: tc.used}))
			}
			for k, v := range tc.env {
				ta.env[k] = v
			}
			ta.profile = tc.flag
			cr, err := ta.resolveCredentials()
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, exitUsage, exitCode(err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, cr.username)
			assert.Equal(t, tc.wantBy, cr.chosenBy)
			assert.NotEmpty(t, cr.password)
		})
	}
}

// TestNoCredentials: without a profile or variables, the error says how to get some.
func TestNoCredentials(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	_, err := ta.resolveCredentials()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no credentials: export UNMETERED_USERNAME and UNMETERED_PASSWORD")
	assert.Equal(t, exitUsage, exitCode(err))
}

// TestStorePasswordKeyringFirst: login's password goes to the keyring, the profile's file then
// holds none; without a keyring it goes to the file with the reason; --insecure-storage puts
// it in the file and takes the keyring's copy away.
func TestStorePasswordKeyringFirst(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	p := &profile{BaseURL: "https://portal.example.com/api", Auth: authBasic, Username: "joe@example.com"}
	got := ta.storePassword("work", p, "s3cret", nil, false)
	assert.Equal(t, storedPassword{store: storeKeyring}, got)
	assert.Equal(t, &profile{BaseURL: p.BaseURL, Auth: authBasic, Username: p.Username, PasswordStore: storeKeyring, KeyringUser: "work"}, p)
	assert.Equal(t, map[string]string{"work": "s3cret"}, ta.keyring.entries)
	path, err := ta.saveProfile("work", p)
	require.NoError(t, err)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "s3cret")

	_, err = ta.resolveCredentials()
	require.Error(t, err, "no default profile")
	ta.profile = "work"
	cr, err := ta.resolveCredentials()
	require.NoError(t, err)
	assert.Equal(t, "s3cret", cr.password)
	assert.Equal(t, storeKeyring, cr.passwordStore)

	// --insecure-storage: the file, and the keyring's copy goes.
	old := *p
	p2 := &profile{BaseURL: p.BaseURL, Auth: authBasic, Username: p.Username}
	got = ta.storePassword("work", p2, "n3w", &old, true)
	assert.Equal(t, storedPassword{store: storeFile, why: "--insecure-storage"}, got)
	assert.Equal(t, "n3w", p2.Password)
	assert.Equal(t, storeFile, p2.PasswordStore)
	assert.Empty(t, ta.keyring.entries)
}

// TestStorePasswordWithoutKeyring: a keyring that fails (no Secret Service) leaves the
// password in the profile's file, with the keyring's error as the reason.
func TestStorePasswordWithoutKeyring(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	ta.keyring.err = errors.New("no D-Bus session")
	p := &profile{BaseURL: "https://portal.example.com/api", Auth: authJWT, Username: "joe@example.com"}
	got := ta.storePassword("default", p, "s3cret", nil, false)
	assert.Equal(t, storedPassword{store: storeFile, why: "no system keyring: no D-Bus session"}, got)
	assert.Equal(t, "s3cret", p.Password)
	assert.Equal(t, storeFile, p.PasswordStore)
	_, err := ta.saveProfile("default", p)
	require.NoError(t, err)
	cr, err := ta.resolveCredentials()
	require.NoError(t, err)
	assert.Equal(t, "s3cret", cr.password, "read from the file; the keyring is not asked")
	assert.Equal(t, 1, ta.keyring.calls)

	// An error that would carry the password does not pass it on.
	ta.keyring.err = errors.New("refused s3cret\nfor x")
	got = ta.storePassword("default", &profile{}, "s3cret", nil, false)
	assert.Equal(t, "no system keyring: refused [REDACTED] for x", got.why)
}

// TestKeyringReadErrors: a keyring entry that is gone is exit 2 (log in again), a keyring that
// cannot be reached exit 1; neither sends anything, and a file profile never asks the keyring.
func TestKeyringReadErrors(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	ta := newTestApp(t)
	_, err := ta.saveProfile("default", &profile{BaseURL: srv.URL(), Auth: authBasic, Username: srv.Username(),
		PasswordStore: storeKeyring, KeyringUser: "default"})
	require.NoError(t, err)
	requireCode(t, ta, exitUsage, "account", "show")
	assert.Contains(t, ta.stderr.String(), "no longer in the system keyring; run 'unmetered login --profile default' again")

	ta.keyring.err = errors.New("the collection is locked")
	requireCode(t, ta, exitFailure, "account", "show")
	assert.Contains(t, ta.stderr.String(), `reading the password of profile "default" from the system keyring: the collection is locked`)

	ta.keyring.err = nil
	ta.keyring.entries = map[string]string{"default": srv.Password()}
	requireCode(t, ta, exitOK, "account", "show")
	assert.Len(t, srv.Requests(), 1)

	// Only commands that need the password ask the keyring.
	calls := ta.keyring.calls
	for _, args := range [][]string{{"version"}, {"profile", "list"}, {"auth", "status", "--offline"}, {"--help"}, {"logout"}} {
		requireCode(t, ta, exitOK, args...)
	}
	assert.Equal(t, calls, ta.keyring.calls, "no keyring call")
}

// TestRemoveProfile: deleting a profile takes its keyring entry, its token cache and the
// choice of "profile use" with it, and leaves other profiles' secrets alone.
func TestRemoveProfile(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	ta := newTestApp(t)
	for _, name := range []string{"work", "other"} {
		p := &profile{BaseURL: srv.URL(), Auth: authJWT, Username: srv.Username()}
		ta.storePassword(name, p, srv.Password(), nil, false)
		_, err := ta.saveProfile(name, p)
		require.NoError(t, err)
		requireCode(t, ta, exitOK, "account", "show", "--profile", name) // caches a session
	}
	require.NoError(t, ta.saveSettings(&settings{Profile: "work"}))
	work, err := ta.tokenFile("profile-work")
	require.NoError(t, err)
	require.FileExists(t, work)

	res, err := ta.removeProfile(context.Background(), "work", true)
	require.NoError(t, err)
	assert.Equal(t, &removed{Profile: "work", Revoked: true, Keyring: true, Tokens: true, Unused: true}, res)
	assert.NoFileExists(t, work)
	assert.Equal(t, map[string]string{"other": srv.Password()}, ta.keyring.entries)
	assert.Equal(t, []string{"other"}, ta.profileNames())
	st, err := ta.loadSettings()
	require.NoError(t, err)
	assert.Empty(t, st.Profile)
	assert.Equal(t, 1, srv.Count("POST", "/revoke"))
	other, err := ta.tokenFile("profile-other")
	require.NoError(t, err)
	assert.FileExists(t, other)
}

// TestConfigDirOverride: UNMETERED_CONFIG_DIR holds the profiles and config.json, private as
// the usual directory is; its profiles' keyring entries and token caches are named apart from
// the usual directory's, so that a profile of the same name never shares them.
func TestConfigDirOverride(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	config, err := ta.configDir()
	require.NoError(t, err)
	cache, usualUser, err := ta.profileKeys("work")
	require.NoError(t, err)
	assert.Equal(t, "profile-work", cache)
	assert.Equal(t, "work", usualUser)

	// Naming the usual directory changes nothing.
	ta.env[envConfigDir] = filepath.Join(config, "unmetered")
	_, user, err := ta.profileKeys("work")
	require.NoError(t, err)
	assert.Equal(t, "work", user)

	dir := filepath.Join(t.TempDir(), "alt")
	ta.env[envConfigDir] = dir
	cache, user, err = ta.profileKeys("work")
	require.NoError(t, err)
	assert.Regexp(t, `^profile-work-[0-9a-f]{12}$`, cache)
	assert.Equal(t, "work ("+dir+")", user)
	saveTestProfile(t, ta, "work")
	require.NoError(t, ta.saveSettings(&settings{Profile: "work"}))
	assert.FileExists(t, filepath.Join(dir, "profiles", "work.json"))
	assert.Equal(t, os.FileMode(0o600), mode(t, filepath.Join(dir, "config.json")))
	assert.Equal(t, os.FileMode(0o700), mode(t, dir))
	assert.NoDirExists(t, filepath.Join(config, "unmetered"), "the usual directory is not touched")
	cr, err := ta.resolveCredentials()
	require.NoError(t, err)
	assert.Equal(t, "work@example.com", cr.username)
	assert.Equal(t, cache, cr.cacheKey)

	// A relative directory is taken from the working directory.
	ta.env[envConfigDir] = "rel"
	root, custom, err := ta.configRoot()
	require.NoError(t, err)
	assert.True(t, custom)
	assert.True(t, filepath.IsAbs(root))
}

// TestSettingsDamaged: a config.json that is not JSON is an error saying how to repair it; a
// profile name in it that is not one is refused, never used as a path.
func TestSettingsDamaged(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	path, err := ta.settingsFile()
	require.NoError(t, err)
	require.NoError(t, writePrivateTop(path, []byte("{not json")))
	_, err = ta.resolveCredentials()
	assert.ErrorContains(t, err, "config.json is damaged")
	require.NoError(t, writePrivateTop(path, []byte(`{"profile": "../../etc/passwd"}`)))
	_, err = ta.resolveCredentials()
	assert.ErrorContains(t, err, "not a profile's name")
	// profile use repairs it.
	saveTestProfile(t, ta, "work")
	requireCode(t, ta, exitOK, "profile", "use", "work")
	st, err := ta.loadSettings()
	require.NoError(t, err)
	assert.Equal(t, "work", st.Profile)
}
