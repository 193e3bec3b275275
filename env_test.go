package unmetered

import (
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envLookup(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
}

func TestWithEnvRefusesMissingVariables(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		vars map[string]string
		want []string
	}{
		{nil, []string{EnvUsername, EnvPassword}},
		{map[string]string{EnvUsername: "joe@example.com"}, []string{EnvPassword + " not set", "or the password in a file named by " + EnvPasswordFile}},
		{map[string]string{EnvUsername: "  ", EnvPassword: "pw"}, []string{EnvUsername}},
		{map[string]string{EnvUsername: "joe@example.com", EnvPassword: "pw", EnvAuth: "oauth"}, []string{EnvAuth, `"oauth"`}},
		{map[string]string{EnvUsername: "joe@example.com", EnvPassword: "pw", EnvBaseURL: "http://portal.example.com/api"}, []string{EnvBaseURL, "https"}},
	} {
		_, err := NewClient(WithEnvFrom(envLookup(tc.vars)))
		require.ErrorIs(t, err, ErrInvalidArgument)
		for _, w := range tc.want {
			assert.Contains(t, err.Error(), w)
		}
		assert.NotContains(t, err.Error(), "pw\"")
	}
	// Authentication twice is refused, as with any two authentication options.
	_, err := NewClient(WithEnvFrom(nil))
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = NewClient(WithBasicAuth("a@example.com", "x"), WithEnvFrom(envLookup(map[string]string{EnvUsername: "b@example.com", EnvPassword: "y"})))
	require.ErrorIs(t, err, ErrInvalidArgument)
}

func TestWithEnvConfiguresBasicAndJWT(t *testing.T) {
	t.Parallel()
	vars := map[string]string{EnvUsername: testUser, EnvPassword: testPassword, EnvBaseURL: testBaseURL}
	mock := httpmock.NewMockTransport()
	var seen []string
	mock.RegisterResponder(http.MethodGet, testBaseURL+"/details", func(req *http.Request) (*http.Response, error) {
		seen = append(seen, req.Header.Get("Authorization"))
		return httpmock.NewStringResponse(http.StatusOK, string(fixture(t, "account/details.json"))), nil
	})
	c, err := NewClient(WithEnvFrom(envLookup(vars)), WithHTTPClient(&http.Client{Transport: mock}), WithRetryWait(0, 0))
	require.NoError(t, err)
	_, err = c.Account.Details(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(testUser+":"+testPassword))}, seen)

	vars[EnvAuth] = "JWT"
	c, err = NewClient(WithEnvFrom(envLookup(vars)))
	require.NoError(t, err)
	assert.NotNil(t, c.Auth.session, "UNMETERED_AUTH=jwt gives a JWT session")
}

// TestWithEnvPasswordFile: UNMETERED_PASSWORD_FILE names a file holding the password (a
// Docker or Kubernetes secret); the line endings at its end are trimmed, its spaces kept, and
// the request carries it as UNMETERED_PASSWORD would.
func TestWithEnvPasswordFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"plain": testPassword, "newline": testPassword + "\n", "crlf": testPassword + "\r\n", "twice": testPassword + "\n\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, name)
			require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
			mock := httpmock.NewMockTransport()
			var seen string
			mock.RegisterResponder(http.MethodGet, testBaseURL+"/details", func(req *http.Request) (*http.Response, error) {
				seen = req.Header.Get("Authorization")
				return httpmock.NewStringResponse(http.StatusOK, string(fixture(t, "account/details.json"))), nil
			})
			vars := map[string]string{EnvUsername: testUser, EnvPasswordFile: path, EnvBaseURL: testBaseURL}
			c, err := NewClient(WithEnvFrom(envLookup(vars)), WithHTTPClient(&http.Client{Transport: mock}), WithRetryWait(0, 0))
			require.NoError(t, err)
			_, err = c.Account.Details(ctx)
			require.NoError(t, err)
			assert.Equal(t, testBasicHeader, seen)
		})
	}

	// A password's own spaces are kept; only line endings at the end go.
	path := filepath.Join(dir, "spaces")
	require.NoError(t, os.WriteFile(path, []byte(" two words \n"), 0o600))
	pass, err := EnvPasswordFrom(envLookup(map[string]string{EnvPasswordFile: path}))
	require.NoError(t, err)
	assert.Equal(t, " two words ", pass)

	// Neither set: no password and no error (WithEnv then names UNMETERED_PASSWORD).
	pass, err = EnvPasswordFrom(envLookup(nil))
	require.NoError(t, err)
	assert.Empty(t, pass)
}

// TestWithEnvPasswordFileRefusals: both variables set, or a file that is missing, empty, a
// directory or too long to be a password, is an error naming the variable, never the
// password; nothing is sent.
func TestWithEnvPasswordFileRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	good := write("good", testPassword+"\n")
	for _, tc := range []struct {
		name string
		vars map[string]string
		want []string
	}{
		{"both set", map[string]string{EnvPassword: testPassword, EnvPasswordFile: good}, []string{EnvPassword, EnvPasswordFile, "both set"}},
		{"missing", map[string]string{EnvPasswordFile: filepath.Join(dir, "nope")}, []string{EnvPasswordFile, "no such file"}},
		{"empty", map[string]string{EnvPasswordFile: write("empty", "")}, []string{EnvPasswordFile, "holds no password"}},
		{"only a newline", map[string]string{EnvPasswordFile: write("newline", "\n")}, []string{EnvPasswordFile, "holds no password"}},
		{"directory", map[string]string{EnvPasswordFile: dir}, []string{EnvPasswordFile, "not a regular file"}},
		{"too long", map[string]string{EnvPasswordFile: write("long", strings.Repeat(testPassword, 1000))}, []string{EnvPasswordFile, "not a password file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.vars[EnvUsername] = testUser
			mock := httpmock.NewMockTransport()
			_, err := NewClient(WithEnvFrom(envLookup(tc.vars)), WithHTTPClient(&http.Client{Transport: mock}))
			require.ErrorIs(t, err, ErrInvalidArgument)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), testPassword)
			assert.Zero(t, mock.GetTotalCallCount(), "nothing is sent")
		})
	}
}
