package unmeteredcaddy

import (
	"strconv"
	"strings"
	"testing"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parse runs UnmarshalCaddyfile on input, as Caddy hands the provider's tokens over: from its
// name ("unmetered") on.
func parse(input string) (*Provider, error) {
	p := newModule()
	err := p.UnmarshalCaddyfile(caddyfile.NewTestDispenser(input))
	return p, err
}

// newModule is what Caddy's module loader makes.
func newModule() *Provider {
	return new(Provider).CaddyModule().New().(*Provider)
}

// fields are the configuration fields of unmetereddns.Provider (which has a lock, not to be
// copied).
type fields struct{ Username, Password, Auth, BaseURL string }

func TestUnmarshalCaddyfile(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		input string
		want  fields
	}{
		"block": {
			input: `unmetered {
				username {env.UNMETERED_USERNAME}
				password {env.UNMETERED_PASSWORD}
				auth jwt
				base_url https://unmetered.management/api
			}`,
			want: fields{Username: "{env.UNMETERED_USERNAME}", Password: "{env.UNMETERED_PASSWORD}",
				Auth: "jwt", BaseURL: "https://unmetered.management/api"},
		},
		"block, credentials only": {
			input: "unmetered {\n username joe@example.com\n password \"pass word\"\n}",
			want:  fields{Username: "joe@example.com", Password: "pass word"},
		},
		"block, any order": {
			input: "unmetered {\n base_url http://127.0.0.1:8080/api\n password {file./run/secrets/unmetered}\n auth basic\n username joe@example.com\n}",
			want: fields{Username: "joe@example.com", Password: "{file./run/secrets/unmetered}",
				Auth: "basic", BaseURL: "http://127.0.0.1:8080/api"},
		},
		"inline": {
			input: "unmetered {env.UNMETERED_USERNAME} {env.UNMETERED_PASSWORD}",
			want:  fields{Username: "{env.UNMETERED_USERNAME}", Password: "{env.UNMETERED_PASSWORD}"},
		},
		"inline with a block": {
			input: "unmetered joe@example.com {env.UNMETERED_PASSWORD} {\n auth jwt\n base_url https://portal.example.com/api\n}",
			want: fields{Username: "joe@example.com", Password: "{env.UNMETERED_PASSWORD}",
				Auth: "jwt", BaseURL: "https://portal.example.com/api"},
		},
		"values kept as written": {
			// Replacement and validation are Provision's: an unknown auth is its error.
			input: "unmetered a b {\n auth {env.UNMETERED_AUTH}\n}",
			want:  fields{Username: "a", Password: "b", Auth: "{env.UNMETERED_AUTH}"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := parse(tc.input)
			require.NoError(t, err)
			assert.Equal(t, tc.want, fields{p.Username, p.Password, p.Auth, p.BaseURL})
			assert.Nil(t, p.Client)
		})
	}
}

// TestUnmarshalCaddyfileErrors: every mistake is an error that says what is wrong and on which
// line, and never shows a username or password (the inputs' credentials are "joe@example.com"
// and "hunter2").
func TestUnmarshalCaddyfileErrors(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		input string
		want  string // in the error
		line  int
	}{
		"nothing":                   {"unmetered", `unmetered needs a username: add "username {env.UNMETERED_USERNAME}"`, 1},
		"empty block":               {"unmetered {\n}", `unmetered needs a username`, 2},
		"no password":               {"unmetered {\n username joe@example.com\n}", `unmetered needs a password: add "password {env.UNMETERED_PASSWORD}"`, 3},
		"no username":               {"unmetered {\n password hunter2\n}", `unmetered needs a username`, 3},
		"one inline argument":       {"unmetered joe@example.com", "takes a username and a password inline, or neither; found only one argument", 1},
		"three inline arguments":    {"unmetered joe@example.com hunter2 jwt", "found a third argument", 1},
		"empty inline password":     {`unmetered joe@example.com ""`, "the inline username or password is empty", 1},
		"unknown subdirective":      {"unmetered joe@example.com hunter2 {\n token abc\n}", `unrecognized subdirective "token" of unmetered; it takes username, password, auth and base_url`, 2},
		"username twice":            {"unmetered {\n username joe@example.com\n password hunter2\n username joe@example.com\n}", "username is given twice", 4},
		"password inline and block": {"unmetered joe@example.com hunter2 {\n password hunter2\n}", "password is given twice: inline after unmetered and in the block", 2},
		"auth twice":                {"unmetered joe@example.com hunter2 {\n auth jwt\n auth basic\n}", "auth is given twice", 3},
		"base_url twice":            {"unmetered joe@example.com hunter2 {\n base_url https://a.example/api\n base_url https://b.example/api\n}", "base_url is given twice", 3},
		"username without a value":  {"unmetered {\n username\n password hunter2\n}", "username needs a value (an unset {$VAR} in the Caddyfile leaves none)", 2},
		"password without a value":  {"unmetered {\n username joe@example.com\n password\n}", "password needs a value", 3},
		"auth without a value":      {"unmetered joe@example.com hunter2 {\n auth\n}", "auth needs a value", 2},
		"base_url without a value":  {"unmetered joe@example.com hunter2 {\n base_url\n}", "base_url needs a value", 2},
		"empty password":            {"unmetered {\n username joe@example.com\n password \"\"\n}", "password is empty", 3},
		"password with a space":     {"unmetered {\n username joe@example.com\n password hunter2 hunter2\n}", "password takes one value; found more (quote a value that has spaces)", 3},
		"auth with two values":      {"unmetered joe@example.com hunter2 {\n auth jwt basic\n}", "auth takes one value; found more", 2},
		"a block after a value":     {"unmetered joe@example.com hunter2 {\n auth jwt {\n  refresh yes\n }\n}", "auth takes a value, not a block", 2},
		"a block instead of value":  {"unmetered {\n username {\n  joe@example.com\n }\n}", "username needs a value", 2},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := parse(tc.input)
			require.Error(t, err)
			msg := err.Error()
			assert.Contains(t, msg, tc.want)
			assert.True(t, strings.HasSuffix(msg, ", at Testfile:"+strconv.Itoa(tc.line)), "the line: %s", msg)
			assert.NotContains(t, msg, "hunter2", "no password in errors")
			assert.NotContains(t, msg, "joe@example.com", "no username in errors")
		})
	}
}

// TestUnmarshalCaddyfileZeroProvider: a Provider built without CaddyModule's constructor
// (the embedded provider nil) parses too, rather than panicking.
func TestUnmarshalCaddyfileZeroProvider(t *testing.T) {
	t.Parallel()
	var p Provider
	require.NoError(t, p.UnmarshalCaddyfile(caddyfile.NewTestDispenser("unmetered joe@example.com hunter2")))
	require.NotNil(t, p.Provider)
	assert.Equal(t, "joe@example.com", p.Username)
}
