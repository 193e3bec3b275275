package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	unmetered "github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// TestEnvCredentialsAgreeWithWithEnv: the command reads the UNMETERED_* variables as
// unmetered.WithEnv does: it accepts and refuses the same environments, naming the same variable.
func TestEnvCredentialsAgreeWithWithEnv(t *testing.T) { // not parallel: t.Setenv
	names := []string{unmetered.EnvBaseURL, unmetered.EnvUsername, unmetered.EnvPassword, unmetered.EnvAuth}
	for _, env := range []map[string]string{
		{unmetered.EnvUsername: "joe@example.com", unmetered.EnvPassword: "pw"},
		{unmetered.EnvUsername: " joe@example.com ", unmetered.EnvPassword: " pw ", unmetered.EnvAuth: " JWT "},
		{unmetered.EnvUsername: "joe@example.com", unmetered.EnvPassword: "pw", unmetered.EnvAuth: "basic", unmetered.EnvBaseURL: "http://127.0.0.1:8080/api/"},
		{unmetered.EnvUsername: "joe@example.com"},
		{unmetered.EnvPassword: "pw"},
		{unmetered.EnvUsername: "   ", unmetered.EnvPassword: "pw"},
		{unmetered.EnvAuth: "jwt"},
		{unmetered.EnvBaseURL: "https://portal.example.com/api"},
		{unmetered.EnvUsername: "joe@example.com", unmetered.EnvPassword: "pw", unmetered.EnvAuth: "oauth"},
		{unmetered.EnvUsername: "joe@example.com", unmetered.EnvPassword: "pw", unmetered.EnvBaseURL: "http://portal.example.com/api"},
		{unmetered.EnvUsername: "joe@example.com", unmetered.EnvPassword: "pw", unmetered.EnvBaseURL: "ftp://x"},
	} {
		for _, n := range names {
			if v, ok := env[n]; ok {
				t.Setenv(n, v)
			} else {
				t.Setenv(n, "")
				os.Unsetenv(n)
			}
		}
		_, sdkErr := unmetered.NewClient(unmetered.WithEnv())

		a := newTestApp(t).app
		a.lookupEnv = os.LookupEnv
		require.NotEmpty(t, setCredentialVars(a.lookupEnv), "%v", env)
		cr, err := envCredentials(a.lookupEnv)
		if err == nil {
			_, err = a.apiClientFor(cr)
		}
		if sdkErr == nil {
			assert.NoError(t, err, "%v", env)
			continue
		}
		require.Error(t, err, "%v: WithEnv refuses it (%v)", env, sdkErr)
		assert.Equal(t, exitUsage, exitCode(err), "%v", env)
		for _, n := range names {
			assert.Equal(t, strings.Contains(sdkErr.Error(), n), strings.Contains(err.Error(), n), "%v: naming %s\nSDK: %v\nCLI: %v", env, n, sdkErr, err)
		}
	}
}

func TestEnvCredentials(t *testing.T) {
	t.Parallel()
	lookup := func(env map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	}
	assert.Empty(t, setCredentialVars(lookup(nil)), "nothing set: chooseCredentials looks for a profile")

	cr, err := envCredentials(lookup(map[string]string{
		unmetered.EnvUsername: " joe@example.com ", unmetered.EnvPassword: " p w ", unmetered.EnvAuth: "JWT",
		unmetered.EnvBaseURL: " http://127.0.0.1:8080/api/ ",
	}))
	require.NoError(t, err)
	assert.Equal(t, "joe@example.com", cr.username)
	assert.Equal(t, " p w ", cr.password)
	assert.Equal(t, authJWT, cr.auth)
	assert.Equal(t, "http://127.0.0.1:8080/api", cr.baseURL)
	assert.Regexp(t, `^env-[0-9a-f]{16}$`, cr.cacheKey)
	assert.True(t, cr.fromEnv())

	other, err := envCredentials(lookup(map[string]string{
		unmetered.EnvUsername: "mary@example.com", unmetered.EnvPassword: "pw", unmetered.EnvBaseURL: "http://127.0.0.1:8080/api",
	}))
	require.NoError(t, err)
	assert.NotEqual(t, cr.cacheKey, other.cacheKey, "another account, another token cache")
	assert.Equal(t, authBasic, other.auth)

	cr, err = envCredentials(lookup(map[string]string{unmetered.EnvUsername: "joe@example.com", unmetered.EnvPassword: "pw"}))
	require.NoError(t, err)
	assert.Equal(t, unmetered.DefaultBaseURL, cr.baseURL)
}

// TestCredentialsPrecedence: --profile, else the environment, else the profile "default".
func TestCredentialsPrecedence(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t)
	_, err := ta.resolveCredentials()
	assert.Equal(t, exitUsage, exitCode(err), "nothing configured")
	assert.ErrorContains(t, err, "unmetered login")

	_, err = ta.saveProfile(defaultProfile, &profile{BaseURL: "https://a.example/api", Auth: authBasic, Username: "default@example.com", Password: "pw"})
	require.NoError(t, err)
	_, err = ta.saveProfile("work", &profile{BaseURL: "https://b.example/api", Auth: authJWT, Username: "work@example.com", Password: "pw"})
	require.NoError(t, err)

	cr, err := ta.resolveCredentials()
	require.NoError(t, err)
	assert.Equal(t, "default@example.com", cr.username)
	assert.Equal(t, "profile-default", cr.cacheKey)

	ta.env[unmetered.EnvUsername], ta.env[unmetered.EnvPassword] = "env@example.com", "pw"
	cr, err = ta.resolveCredentials()
	require.NoError(t, err)
	assert.Equal(t, "env@example.com", cr.username, "the environment wins over the default profile")

	ta.profile = "work"
	cr, err = ta.resolveCredentials()
	require.NoError(t, err)
	assert.Equal(t, "work@example.com", cr.username, "--profile wins over the environment")
	assert.Equal(t, authJWT, cr.auth)
	assert.Equal(t, "profile-work", cr.cacheKey)

	ta.profile = "missing"
	_, err = ta.resolveCredentials()
	assert.Equal(t, exitUsage, exitCode(err))
	assert.ErrorContains(t, err, `no profile "missing"`)
}

func TestAccountShowInProcess(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	ta := newTestApp(t)
	ta.useFake(srv, "")
	requireCode(t, ta, exitOK, "account", "show", "-o", "json")
	assert.Contains(t, ta.stdout.String(), `"email": "joe@example.com"`)
	assert.Empty(t, ta.stderr.String())
}
