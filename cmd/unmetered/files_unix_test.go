//go:build unix

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// fullMode is a path's permission and special bits (sticky, setgid), not following a link.
func fullMode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	require.NoError(t, err)
	return fi.Mode() & (fs.ModePerm | fs.ModeSticky | fs.ModeSetgid | fs.ModeSetuid)
}

// sharedDir makes a directory like /tmp: everyone may write it, the sticky bit set.
func sharedDir(t *testing.T) string {
	t.Helper()
	d := filepath.Join(t.TempDir(), "shared")
	require.NoError(t, os.Mkdir(d, 0o700))
	require.NoError(t, os.Chmod(d, 0o777|fs.ModeSticky))
	return d
}

// TestPrivateFilesNeverChmodThroughALink: a symlinked ~/.cache/unmetered (or its tokens
// directory) pointing at a directory others can use is refused with an error that says so,
// and the target keeps its mode: nothing is written there.
func TestPrivateFilesNeverChmodThroughALink(t *testing.T) {
	t.Parallel()
	for _, linked := range []string{"unmetered", filepath.Join("unmetered", "tokens")} {
		t.Run(linked, func(t *testing.T) {
			t.Parallel()
			base, target := t.TempDir(), sharedDir(t)
			link := filepath.Join(base, linked)
			require.NoError(t, os.MkdirAll(filepath.Dir(link), 0o700))
			require.NoError(t, os.Symlink(target, link))

			err := writePrivate(filepath.Join(base, "unmetered", "tokens", "x.json"), []byte("{}"))
			require.Error(t, err)
			assert.Contains(t, err.Error(), link)
			assert.Contains(t, err.Error(), "symbolic link")
			assert.Contains(t, err.Error(), "chmod 700")
			assert.Equal(t, 0o777|fs.ModeSticky, fullMode(t, target), "the target's mode is untouched")
			entries, err := os.ReadDir(target)
			require.NoError(t, err)
			assert.Empty(t, entries, "nothing was written there")
		})
	}
}

// TestPrivateFilesThroughAPrivateLink: a link to a directory that is already private (the
// user's own, mode 0700) is used as it is, nothing changed through it.
func TestPrivateFilesThroughAPrivateLink(t *testing.T) {
	t.Parallel()
	base, target := t.TempDir(), filepath.Join(t.TempDir(), "mine")
	require.NoError(t, os.Mkdir(target, 0o700))
	require.NoError(t, os.Symlink(target, filepath.Join(base, "unmetered")))
	require.NoError(t, writePrivate(filepath.Join(base, "unmetered", "tokens", "x.json"), []byte("{}")))
	assert.Equal(t, fs.FileMode(0o700), fullMode(t, target))
	assert.FileExists(t, filepath.Join(target, "tokens", "x.json"))
	assert.Equal(t, fs.FileMode(0o700), fullMode(t, filepath.Join(target, "tokens")))
}

// TestPrivateFilesRefuseUnsafePlaces: a base directory anyone may write without the sticky bit
// (anyone could replace the "unmetered" directory in it) and a directory of another user are
// refused; a shared base with the sticky bit (XDG_CACHE_HOME=/tmp) is fine, and a real
// directory of the user's that someone loosened (1777 included) is tightened.
func TestPrivateFilesRefuseUnsafePlaces(t *testing.T) {
	t.Parallel()
	open := filepath.Join(t.TempDir(), "open")
	require.NoError(t, os.Mkdir(open, 0o700))
	require.NoError(t, os.Chmod(open, 0o777))
	err := writePrivate(filepath.Join(open, "unmetered", "tokens", "x.json"), []byte("{}"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "anyone can write")
	assert.NoDirExists(t, filepath.Join(open, "unmetered"))

	shared := sharedDir(t)
	require.NoError(t, writePrivate(filepath.Join(shared, "unmetered", "tokens", "x.json"), []byte("{}")))
	assert.Equal(t, 0o777|fs.ModeSticky, fullMode(t, shared), "the base is never changed")
	assert.Equal(t, fs.FileMode(0o700), fullMode(t, filepath.Join(shared, "unmetered")))

	base := t.TempDir()
	app := filepath.Join(base, "unmetered")
	require.NoError(t, os.Mkdir(app, 0o700))
	require.NoError(t, os.Chmod(app, 0o777|fs.ModeSticky))
	require.NoError(t, writePrivate(filepath.Join(app, "tokens", "x.json"), []byte("{}")))
	assert.Equal(t, fs.FileMode(0o700), fullMode(t, app), "the user's own directory is tightened")

	if os.Getuid() != 0 {
		return // only root can give a directory to another user
	}
	theirs := filepath.Join(t.TempDir(), "unmetered")
	require.NoError(t, os.Mkdir(theirs, 0o755))
	require.NoError(t, os.Chown(theirs, 4242, 4242))
	err = writePrivate(filepath.Join(theirs, "tokens", "x.json"), []byte("{}"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "belongs to another user")
	assert.Equal(t, fs.FileMode(0o755), fullMode(t, theirs))
}

// TestNothingIsReadFromAnUnsafePlace: a token cache or a profile in a directory others can
// write (here: the cache and config directories link to a shared one, where another user put
// them) is not used. The token cache logs in instead and warns that it cannot cache; the
// profile is refused, saying why.
func TestNothingIsReadFromAnUnsafePlace(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	ta := newTestApp(t)
	ta.useFake(srv, authJWT)
	cache, _ := ta.cacheDir()
	require.Equal(t, 0, ta.exec(t, "domain", "list")) // a good session, cached
	require.Equal(t, 1, srv.Count("POST", "/login"))

	// Move the cache to a shared directory behind a link, as another user could have set it up.
	shared := sharedDir(t)
	require.NoError(t, os.Rename(filepath.Join(cache, "unmetered"), filepath.Join(shared, "unmetered")))
	require.NoError(t, os.Symlink(filepath.Join(shared, "unmetered"), filepath.Join(cache, "unmetered")))
	require.NoError(t, os.Chmod(filepath.Join(shared, "unmetered"), 0o777))
	require.Equal(t, 0, ta.exec(t, "domain", "list"), "%s", ta.stderr)
	assert.Equal(t, 2, srv.Count("POST", "/login"), "the cached session was not read")
	assert.Contains(t, ta.stderr.String(), "warning: the session cannot be cached")
	assert.Contains(t, ta.stderr.String(), "symbolic link")

	config, _ := ta.configDir()
	_, err := ta.saveProfile("work", &profile{BaseURL: srv.URL(), Auth: authBasic, Username: srv.Username(), Password: srv.Password()})
	require.NoError(t, err)
	require.NoError(t, os.Rename(filepath.Join(config, "unmetered"), filepath.Join(shared, "config")))
	require.NoError(t, os.Symlink(filepath.Join(shared, "config"), filepath.Join(config, "unmetered")))
	require.NoError(t, os.Chmod(filepath.Join(shared, "config"), 0o777))
	_, err = ta.loadProfile("work")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "symbolic link")
}

// TestPasswordFileWarning: a password file is worth a warning when it is the user's own and
// others may read it; root's files (Docker's 0444 and Kubernetes' 0644 secrets) and files
// nobody else can read are not.
func TestPasswordFileWarning(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mode      fs.FileMode
		owner, me int
		warn      bool
	}{
		{0o644, 1000, 1000, true},
		{0o640, 1000, 1000, true},
		{0o604, 1000, 1000, true},
		{0o600, 1000, 1000, false},
		{0o400, 1000, 1000, false},
		{0o444, 0, 0, false},    // a Docker secret, read by root
		{0o644, 0, 1000, false}, // a Kubernetes secret, read by a user: the runtime's doing
		{0o644, 0, 0, false},
	} {
		assert.Equal(t, tc.warn, othersReadOwnFile(tc.mode, tc.owner, tc.me), "%v", tc)
	}
}
