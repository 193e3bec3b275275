package unmeteredcaddy

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tlsConfig holds a DNS provider as Caddy's tls app does (its "dns" and "provider" fields):
// raw JSON in the dns.providers namespace, the module named by the "name" key.
type tlsConfig struct {
	ProviderRaw json.RawMessage `json:"provider,omitempty" caddy:"namespace=dns.providers inline_key=name"`
}

// load loads the provider from its JSON form with Caddy's module loader, which decodes it
// strictly, provisions it and validates it, as when Caddy loads a configuration.
func load(t *testing.T, raw string) (*Provider, error) {
	t.Helper()
	ctx, cancel := caddy.NewContext(caddy.Context{Context: context.Background()})
	t.Cleanup(cancel)
	cfg := tlsConfig{ProviderRaw: json.RawMessage(raw)}
	mod, err := ctx.LoadModule(&cfg, "ProviderRaw")
	if err != nil {
		return nil, err
	}
	p, ok := mod.(*Provider)
	require.True(t, ok, "the module is a *Provider: %T", mod)
	return p, nil
}

// TestJSONRoundTrip: the Caddyfile's block becomes the JSON Caddy runs (as the Caddyfile
// adapter writes it), and that JSON loads back into the same configuration, placeholders
// replaced.
func TestJSONRoundTrip(t *testing.T) {
	t.Setenv(envUser, "joe@example.com")
	t.Setenv(envPass, "hunter2")
	p, err := parse(`unmetered {
		username {env.` + envUser + `}
		password {env.` + envPass + `}
		auth jwt
		base_url https://portal.example.com/api
	}`)
	require.NoError(t, err)
	raw := caddyconfig.JSONModuleObject(p, "name", "unmetered", nil)
	assert.JSONEq(t, `{"name": "unmetered", "username": "{env.`+envUser+`}", "password": "{env.`+envPass+`}",
		"auth": "jwt", "base_url": "https://portal.example.com/api"}`, string(raw),
		"the adapter keeps the placeholders, not the secrets")

	loaded, err := load(t, string(raw))
	require.NoError(t, err)
	assert.Equal(t, "joe@example.com", loaded.Username)
	assert.Equal(t, "hunter2", loaded.Password)
	assert.Equal(t, "jwt", loaded.Auth)
	assert.Equal(t, "https://portal.example.com/api", loaded.BaseURL)

	// Only the fields are configuration: the optional ones are left out when empty.
	minimal, err := parse("unmetered a b")
	require.NoError(t, err)
	assert.JSONEq(t, `{"name": "unmetered", "username": "a", "password": "b"}`,
		string(caddyconfig.JSONModuleObject(minimal, "name", "unmetered", nil)))
}

// TestJSONErrors: Caddy's loader refuses an unknown field and reports Provision's errors.
func TestJSONErrors(t *testing.T) {
	t.Parallel()
	_, err := load(t, `{"name": "unmetered", "username": "joe@example.com", "password": "hunter2", "token": "x"}`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown field "token"`)

	_, err = load(t, `{"name": "unmetered", "username": "joe@example.com", "password": "hunter2", "auth": "oauth"}`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "provision dns.providers.unmetered")
	assert.Contains(t, err.Error(), `auth is "oauth"`)
	assert.NotContains(t, err.Error(), "hunter2")

	_, err = load(t, `{"name": "unmetered", "username": "joe@example.com"}`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `no password: set it with the Caddyfile subdirective "password"`)
}
