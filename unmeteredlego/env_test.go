package unmeteredlego

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// These tests change the process environment (t.Setenv), so none of them is parallel; Go
// runs them before the parallel tests start.

// envNames are the variables the provider reads.
var envNames = []string{EnvUsername, EnvPassword, EnvAuth, EnvBaseURL, EnvTTL, EnvPropagationTimeout, EnvPollingInterval, EnvHTTPTimeout}

// clearEnv unsets, for the test, every variable the provider reads and its _FILE variant, so
// that the environment the tests run in cannot leak into them.
func clearEnv(t *testing.T) {
	t.Helper()
	for _, name := range envNames {
		t.Setenv(name, "")
		t.Setenv(name+"_FILE", "")
	}
}

func setEnv(t *testing.T, vars map[string]string) {
	t.Helper()
	for k, v := range vars {
		t.Setenv(k, v)
	}
}

// presentAndCleanUp shows that p works against srv: its credentials reached it intact.
func presentAndCleanUp(t *testing.T, srv *unmeteredtest.Server, p *DNSProvider) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, p.Present(ctx, "env.booble.com", "", "env.key"))
	assert.Equal(t, []string{challengeValue("env.key")}, contents(txt(t, srv, zone, "_acme-challenge.env")))
	require.NoError(t, p.CleanUp(ctx, "env.booble.com", "", "env.key"))
	assert.Empty(t, txt(t, srv, zone, "_acme-challenge.env"))
}

func TestNewDNSProviderFromEnv(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	const password = "env-Passw0rd!"
	for _, tc := range []struct {
		desc string
		env  map[string]string
		want string // the error; "" for success
	}{
		{"nothing set", nil, "unmetered: some credentials information are missing: UNMETERED_USERNAME,UNMETERED_PASSWORD"},
		{"no username", map[string]string{EnvPassword: password}, "unmetered: some credentials information are missing: UNMETERED_USERNAME"},
		{"no password", map[string]string{EnvUsername: srv.Username()}, "unmetered: some credentials information are missing: UNMETERED_PASSWORD"},
		{"unknown auth", map[string]string{EnvUsername: srv.Username(), EnvPassword: password, EnvAuth: "token"},
			`unmetered: invalid argument: Auth (UNMETERED_AUTH) is "token": use "basic" (the default) or "jwt"`},
		{"base URL not https", map[string]string{EnvUsername: srv.Username(), EnvPassword: password, EnvBaseURL: "ftp://portal.example.com"},
			`unmetered: BaseURL (UNMETERED_BASE_URL): invalid argument: base URL "ftp://portal.example.com" must use https`},
		{"basic", map[string]string{EnvUsername: srv.Username(), EnvPassword: srv.Password(), EnvBaseURL: srv.URL()}, ""},
		{"jwt", map[string]string{EnvUsername: srv.Username(), EnvPassword: srv.Password(), EnvBaseURL: srv.URL(), EnvAuth: "jwt"}, ""},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			clearEnv(t)
			setEnv(t, tc.env)
			p, err := NewDNSProvider()
			if tc.want != "" {
				require.EqualError(t, err, tc.want)
				assert.NotContains(t, err.Error(), password)
				assert.Nil(t, p)
				return
			}
			require.NoError(t, err)
			presentAndCleanUp(t, srv, p)
		})
	}
	assert.Equal(t, 1, srv.Count(http.MethodPost, "/login"), "the jwt case logged in, once")
}

// Each variable may be given as a file, NAME_FILE, as lego's providers read them
// (env.GetOrFile): for container secrets. A trailing newline is not part of the value.
func TestNewDNSProviderFromFiles(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
		return path
	}
	userFile := write("username", srv.Username()+"\n")
	passFile := write("password", srv.Password()+"\n")
	wrongFile := write("wrong", "not-the-password\n")

	t.Run("files", func(t *testing.T) {
		clearEnv(t)
		setEnv(t, map[string]string{EnvUsername + "_FILE": userFile, EnvPassword + "_FILE": passFile, EnvBaseURL: srv.URL(), EnvAuth + "_FILE": write("auth", "jwt\n")})
		p, err := NewDNSProvider()
		require.NoError(t, err)
		presentAndCleanUp(t, srv, p)
		assert.Equal(t, 1, srv.Count(http.MethodPost, "/login"), "UNMETERED_AUTH_FILE said jwt")
	})
	t.Run("the variable wins over its file", func(t *testing.T) {
		clearEnv(t)
		setEnv(t, map[string]string{EnvUsername: srv.Username(), EnvPassword: srv.Password(), EnvPassword + "_FILE": wrongFile, EnvBaseURL: srv.URL()})
		p, err := NewDNSProvider()
		require.NoError(t, err)
		presentAndCleanUp(t, srv, p)
	})
	t.Run("an unreadable file is a missing value", func(t *testing.T) {
		clearEnv(t)
		setEnv(t, map[string]string{EnvUsername: srv.Username(), EnvPassword + "_FILE": filepath.Join(dir, "absent")})
		_, err := NewDNSProvider()
		require.EqualError(t, err, "unmetered: some credentials information are missing: UNMETERED_PASSWORD")
	})
	t.Run("a wrong password from a file", func(t *testing.T) {
		clearEnv(t)
		setEnv(t, map[string]string{EnvUsername: srv.Username(), EnvPassword + "_FILE": wrongFile, EnvBaseURL: srv.URL()})
		p, err := NewDNSProvider()
		require.NoError(t, err)
		err = p.Present(context.Background(), "booble.com", "", "key")
		require.ErrorIs(t, err, unmetered.ErrUnauthorized)
		assert.NotContains(t, err.Error(), "not-the-password")
	})
}

func TestDefaultConfigFromEnv(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		clearEnv(t)
		cfg := NewDefaultConfig()
		assert.Equal(t, 120, cfg.TTL)
		assert.Equal(t, 60*time.Second, cfg.PropagationTimeout)
		assert.Equal(t, 2*time.Second, cfg.PollingInterval)
		require.NotNil(t, cfg.HTTPClient)
		assert.Equal(t, 30*time.Second, cfg.HTTPClient.Timeout)
		assert.Empty(t, cfg.Username+cfg.Password+cfg.Auth+cfg.BaseURL, "credentials are NewDNSProvider's to read")
	})
	t.Run("set", func(t *testing.T) {
		clearEnv(t)
		setEnv(t, map[string]string{EnvTTL: "300", EnvPropagationTimeout: "600", EnvPollingInterval: "10", EnvHTTPTimeout: "45"})
		cfg := NewDefaultConfig()
		assert.Equal(t, 300, cfg.TTL)
		assert.Equal(t, 45*time.Second, cfg.HTTPClient.Timeout)

		srv := unmeteredtest.NewTestServer(t)
		setEnv(t, map[string]string{EnvUsername: srv.Username(), EnvPassword: srv.Password(), EnvBaseURL: srv.URL()})
		p, err := NewDNSProvider()
		require.NoError(t, err)
		timeout, interval := p.Timeout()
		assert.Equal(t, 10*time.Minute, timeout)
		assert.Equal(t, 10*time.Second, interval)
		require.NoError(t, p.Present(context.Background(), "booble.com", "", "key"))
		recs := txt(t, srv, zone, "_acme-challenge")
		require.Len(t, recs, 1)
		assert.Equal(t, int64(300), recs[0].TTL, "UNMETERED_TTL")
	})
	t.Run("from files", func(t *testing.T) {
		clearEnv(t)
		path := filepath.Join(t.TempDir(), "timeout")
		require.NoError(t, os.WriteFile(path, []byte("900\n"), 0o600))
		t.Setenv(EnvPropagationTimeout+"_FILE", path)
		assert.Equal(t, 15*time.Minute, NewDefaultConfig().PropagationTimeout)
	})
	t.Run("not whole seconds: the default, as lego's providers do", func(t *testing.T) {
		clearEnv(t)
		setEnv(t, map[string]string{EnvTTL: "2m", EnvPropagationTimeout: "-5", EnvPollingInterval: "1.5", EnvHTTPTimeout: "soon"})
		cfg := NewDefaultConfig()
		assert.Equal(t, DefaultTTL, cfg.TTL)
		assert.Equal(t, DefaultPropagationTimeout, cfg.PropagationTimeout)
		assert.Equal(t, DefaultPollingInterval, cfg.PollingInterval)
		assert.Equal(t, DefaultHTTPTimeout, cfg.HTTPClient.Timeout)
	})
}
