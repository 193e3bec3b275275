package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	return fi.Mode().Perm()
}

func TestProfileFiles(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	config, _ := ta.configDir()
	p := &profile{BaseURL: "https://portal.example.com/api", Auth: authJWT, Username: "joe@example.com", Password: "pw"}
	path, err := ta.saveProfile("work", p)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(config, "unmetered", "profiles", "work.json"), path)
	assert.Equal(t, os.FileMode(0o600), mode(t, path))
	assert.Equal(t, os.FileMode(0o700), mode(t, filepath.Dir(path)))
	assert.Equal(t, os.FileMode(0o700), mode(t, filepath.Join(config, "unmetered")))

	got, err := ta.loadProfile("work")
	require.NoError(t, err)
	assert.Equal(t, p, got)
	assert.Equal(t, []string{"work"}, ta.profileNames())

	// Directories and files someone loosened are tightened on the next save.
	require.NoError(t, os.Chmod(path, 0o644))
	require.NoError(t, os.Chmod(filepath.Dir(path), 0o755))
	_, err = ta.loadProfile("work")
	require.NoError(t, err)
	assert.Contains(t, ta.stderr.String(), "others can read it; run: chmod 600")
	_, err = ta.saveProfile("work", p)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), mode(t, path))
	assert.Equal(t, os.FileMode(0o700), mode(t, filepath.Dir(path)))
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")

	require.NoError(t, ta.deleteProfile("work"))
	_, err = ta.loadProfile("work")
	assert.ErrorIs(t, err, errNoProfile)
	require.NoError(t, ta.deleteProfile("work"), "deleting twice is fine")
}

func TestProfileDamaged(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	path, err := ta.profileFile("x")
	require.NoError(t, err)
	require.NoError(t, writePrivate(path, []byte("{not json")))
	_, err = ta.loadProfile("x")
	assert.ErrorContains(t, err, `profile "x"`)
	assert.ErrorContains(t, err, "unmetered login --profile x")

	require.NoError(t, writePrivate(path, []byte(`{"auth": "oauth", "username": "u", "password": "p", "base_url": "https://x"}`)))
	_, err = ta.loadProfile("x")
	assert.ErrorContains(t, err, "incomplete")
}

func TestProfileNames(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"default", "work", "a", "Prod-2.eu_west", "0"} {
		assert.True(t, validProfileName(ok), ok)
	}
	for _, bad := range []string{"", ".", "..", "../etc", "a/b", `a\b`, "-x", ".hidden", "a b", "é", string(make([]byte, 65))} {
		assert.False(t, validProfileName(bad), "%q", bad)
		assert.Equal(t, exitUsage, exitCode(checkProfileName(bad)), "%q", bad)
	}
}

// TestProfileBaseURLWithCredentials: a profile (or UNMETERED_BASE_URL) whose base URL carries
// credentials and cannot be parsed is refused without showing them, with --debug too.
func TestProfileBaseURLWithCredentials(t *testing.T) {
	t.Parallel()
	const bad = "https://joe:s3cr3t-pw@exa mple.com/api"
	ta := newTestApp(t)
	_, err := ta.saveProfile("default", &profile{BaseURL: bad, Auth: authBasic, Username: "joe@example.com", Password: "pw"})
	require.NoError(t, err)
	for _, args := range [][]string{{"domain", "list"}, {"--debug", "domain", "list"}} {
		code := ta.exec(t, args...)
		assert.NotEqual(t, 0, code)
		assert.Contains(t, ta.stderr.String(), "mple.com/api", "the error names the URL")
		assert.NotContains(t, ta.stderr.String()+ta.stdout.String(), "s3cr3t", "%v", args)
	}

	ta = newTestApp(t)
	ta.env["UNMETERED_BASE_URL"] = bad
	ta.env["UNMETERED_USERNAME"] = "joe@example.com"
	ta.env["UNMETERED_PASSWORD"] = "pw"
	for _, args := range [][]string{{"domain", "list"}, {"--debug", "domain", "list"}} {
		code := ta.exec(t, args...)
		assert.NotEqual(t, 0, code)
		assert.Contains(t, ta.stderr.String(), "UNMETERED_BASE_URL")
		assert.NotContains(t, ta.stderr.String()+ta.stdout.String(), "s3cr3t", "%v", args)
	}
}
