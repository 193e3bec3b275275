package unmeteredcaddy

import (
	"context"
	"os"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmetereddns"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// The environment variables these tests set; the Caddyfile's placeholders name them.
const (
	envUser = "UNMETEREDCADDY_TEST_USERNAME"
	envPass = "UNMETEREDCADDY_TEST_PASSWORD"
	envAuth = "UNMETEREDCADDY_TEST_AUTH"
	envURL  = "UNMETEREDCADDY_TEST_BASE_URL"
)

// provisioned parses input as Caddy would and provisions the module, as Caddy does when it
// loads the configuration.
func provisioned(t *testing.T, input string) (*Provider, error) {
	t.Helper()
	p, err := parse(input)
	require.NoError(t, err)
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	t.Cleanup(cancel)
	return p, p.Provision(ctx)
}

// TestProvisionReplacesBeforeChecking: every field's placeholders are replaced before the
// configuration is checked. The raw values would not pass ("{env...}" is neither an auth nor
// a URL), so checking first fails this test; and the provider then works with the replaced
// values: it logs in (auth jwt) to the fake portal at the replaced base URL.
func TestProvisionReplacesBeforeChecking(t *testing.T) {
	srv := unmeteredtest.NewTestServer(t)
	t.Setenv(envUser, srv.Username())
	t.Setenv(envPass, srv.Password())
	t.Setenv(envAuth, "jwt")
	t.Setenv(envURL, srv.URL())
	p, err := provisioned(t, `unmetered {
		username {env.`+envUser+`}
		password {env.`+envPass+`}
		auth {env.`+envAuth+`}
		base_url {env.`+envURL+`}
	}`)
	require.NoError(t, err)
	assert.Equal(t, srv.Username(), p.Username)
	assert.Equal(t, srv.Password(), p.Password)
	assert.Equal(t, "jwt", p.Auth)
	assert.Equal(t, srv.URL(), p.BaseURL)
	assert.Empty(t, srv.Requests(), "Provision sends nothing")

	zones, err := p.ListZones(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, zones)
	assert.Equal(t, 1, srv.Count("POST", "/login"), "auth jwt: one login")
}

// TestProvisionChecksAfterReplacing: a placeholder that gives nothing is caught by Provision,
// with an error naming the subdirective and the variable. Checking before replacing (the raw
// "{env.NAME}" is not empty) would let it through to the first certificate.
func TestProvisionChecksAfterReplacing(t *testing.T) {
	t.Setenv(envUser, "joe@example.com")
	t.Setenv(envPass, "") // set, but empty
	_, err := provisioned(t, "unmetered {env."+envUser+"} {env."+envPass+"}")
	require.Error(t, err)
	assert.ErrorIs(t, err, unmetered.ErrInvalidArgument)
	assert.EqualError(t, err, "unmetered: invalid argument: the password is empty once placeholders are replaced: "+
		"the environment variable "+envPass+" is not set, or empty, in Caddy's environment")

	t.Setenv(envUser, "")
	require.NoError(t, os.Unsetenv(envUser)) // not set at all; t.Setenv restores it
	t.Setenv(envPass, "hunter2")
	_, err = provisioned(t, "unmetered {\n username {env."+envUser+"}\n password {env."+envPass+"}\n}")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the username is empty once placeholders are replaced: the environment variable "+envUser+" is not set")
	assert.NotContains(t, err.Error(), "hunter2")
}

// TestProvisionErrors: each configuration mistake Provision finds, without a request, and
// without the password in the error.
func TestProvisionErrors(t *testing.T) {
	t.Parallel()
	const unset = "{env.UNMETEREDCADDY_TEST_NEVER_SET}"
	for name, tc := range map[string]struct {
		p    *unmetereddns.Provider
		want string
	}{
		"no username": {&unmetereddns.Provider{Password: "hunter2"},
			`no username: set it with the Caddyfile subdirective "username" (username {env.UNMETERED_USERNAME}) or the JSON field "username"`},
		"no password": {&unmetereddns.Provider{Username: "joe@example.com"},
			`no password: set it with the Caddyfile subdirective "password" (password {env.UNMETERED_PASSWORD}) or the JSON field "password"`},
		"two unset variables": {&unmetereddns.Provider{Username: "joe@example.com", Password: unset + "{env.UNMETEREDCADDY_TEST_NEVER_SET_2}"},
			"the password is empty once placeholders are replaced: the environment variable UNMETEREDCADDY_TEST_NEVER_SET is not set, or empty, in Caddy's environment; " +
				"the environment variable UNMETEREDCADDY_TEST_NEVER_SET_2 is not set"},
		"a file that is not there": {&unmetereddns.Provider{Username: "joe@example.com", Password: "{file./nonexistent/unmeteredcaddy-password}"},
			"the password is empty once placeholders are replaced: the file /nonexistent/unmeteredcaddy-password is empty or cannot be read"},
		"an unknown placeholder": {&unmetereddns.Provider{Username: "{vars.user}", Password: "hunter2"},
			"the username is empty once placeholders are replaced: {vars.user} is not a placeholder Caddy can replace here (use {env.NAME} or {file.PATH})"},
		"an unknown auth": {&unmetereddns.Provider{Username: "joe@example.com", Password: "hunter2", Auth: "oauth"},
			`auth is "oauth"; use "basic" (the default) or "jwt"`},
		"plain http": {&unmetereddns.Provider{Username: "joe@example.com", Password: "hunter2", BaseURL: "http://portal.example.com/api"},
			`base URL "http://portal.example.com/api" is not https`},
		"a base URL without a scheme": {&unmetereddns.Provider{Username: "joe@example.com", Password: "hunter2", BaseURL: "portal.example.com" + unset},
			`base URL "portal.example.com" needs a scheme and a host`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := &Provider{Provider: tc.p}
			err := p.Provision(caddy.Context{Context: context.Background()})
			require.Error(t, err)
			assert.ErrorIs(t, err, unmetered.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

// TestProvisionEscapedBraces: \{ and \} are literal braces, as everywhere in Caddy, so a
// password with braces survives Provision.
func TestProvisionEscapedBraces(t *testing.T) {
	t.Parallel()
	p := &Provider{Provider: &unmetereddns.Provider{Username: "joe@example.com", Password: `pa\{ss\}word`}}
	require.NoError(t, p.Provision(caddy.Context{Context: context.Background()}))
	assert.Equal(t, "pa{ss}word", p.Password)
}

// TestProvisionWithClient: a Provider given a Client in Go has nothing to replace or require.
func TestProvisionWithClient(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	p := &Provider{Provider: &unmetereddns.Provider{Client: c}}
	require.NoError(t, p.Provision(caddy.Context{Context: context.Background()}))
	_, err = p.GetRecords(context.Background(), "booble.com.")
	require.NoError(t, err)
}

// TestZeroProvider: a Provider built without CaddyModule's constructor fails with an error,
// never a panic.
func TestZeroProvider(t *testing.T) {
	t.Parallel()
	var p Provider
	err := p.Provision(caddy.Context{Context: context.Background()})
	require.ErrorIs(t, err, unmetered.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "no username")
	var q Provider
	_, err = q.ListZones(context.Background())
	require.ErrorIs(t, err, unmetered.ErrInvalidArgument, "the libdns methods of a zero Provider")
}
