package unmetered

import (
	"encoding/base64"
	"net/http"
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
		{map[string]string{EnvUsername: "joe@example.com"}, []string{EnvPassword}},
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
