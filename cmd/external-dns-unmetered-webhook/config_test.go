package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

// env is a lookup over name=value pairs.
func env(pairs ...string) func(string) (string, bool) {
	m := map[string]string{}
	for _, kv := range pairs {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}

// credentials are the UNMETERED_* variables a working configuration needs.
var credentials = []string{unmetered.EnvUsername + "=joe@example.com", unmetered.EnvPassword + "=hunter2 "}

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	a, err := load(nil, env(credentials...), &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, &config{webhookListen: "localhost:8888", healthListen: ":8080", logLevel: slog.LevelInfo}, a.cfg)
	assert.Equal(t, DomainFilter{}, a.hook.p.filter.negotiation(), "no filter: every zone of the account")
	assert.Equal(t, int64(32<<20), a.hook.maxBody, "external-dns's own limit")
}

func TestConfigFromTheEnvironment(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig(nil, env(
		"WEBHOOK_LISTEN=127.0.0.1:9999", "HEALTH_LISTEN= :9090 ", "DOMAIN_FILTER=Example.com., ,.k8s.example.org",
		"EXCLUDE_DOMAIN_FILTER=internal.example.com", "LOG_LEVEL=DEBUG", "LOG_FORMAT=json",
	), &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, &config{
		webhookListen: "127.0.0.1:9999", healthListen: ":9090",
		filter:   domainFilter{include: []string{"example.com", ".k8s.example.org"}, exclude: []string{"internal.example.com"}},
		logLevel: slog.LevelDebug, logJSON: true,
	}, cfg)
}

func TestConfigFlagsTakePrecedence(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig([]string{"--webhook-listen", "127.0.0.1:7777", "-domain-filter=other.net", "--log-level=warn"},
		env("WEBHOOK_LISTEN=127.0.0.1:9999", "DOMAIN_FILTER=example.com", "LOG_LEVEL=bogus"), &bytes.Buffer{})
	require.NoError(t, err, "a flag replaces its variable, even a bad one")
	assert.Equal(t, "127.0.0.1:7777", cfg.webhookListen)
	assert.Equal(t, []string{"other.net"}, cfg.filter.include)
	assert.Equal(t, slog.LevelWarn, cfg.logLevel)
}

func TestConfigErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		env  []string
		want string
	}{
		{nil, []string{"WEBHOOK_LISTEN=8888"}, `WEBHOOK_LISTEN: "8888" is not an address to listen on`},
		{nil, []string{"WEBHOOK_LISTEN=localhost:http"}, `WEBHOOK_LISTEN: "localhost:http" is not an address`},
		{nil, []string{"HEALTH_LISTEN=:70000"}, `HEALTH_LISTEN: ":70000" is not an address`},
		{[]string{"--health-listen", "nowhere"}, nil, `--health-listen: "nowhere" is not an address`},
		{nil, []string{"DOMAIN_FILTER=example.com,exa mple.com"}, `DOMAIN_FILTER: "exa mple.com" is not a domain name: ' ' is not allowed`},
		{nil, []string{"DOMAIN_FILTER=*.example.com"}, `DOMAIN_FILTER: "*.example.com" is not a domain name`},
		{nil, []string{"DOMAIN_FILTER=bücher.example"}, `DOMAIN_FILTER: "bücher.example" is not in ASCII: give an internationalised domain in its xn-- form`},
		{nil, []string{"EXCLUDE_DOMAIN_FILTER=a..b"}, `EXCLUDE_DOMAIN_FILTER: "a..b" is not a domain name: it has an empty label`},
		{nil, []string{"LOG_LEVEL=verbose"}, `LOG_LEVEL: "verbose" is not a log level: use debug, info, warn or error`},
		{nil, []string{"LOG_FORMAT=xml"}, `LOG_FORMAT: "xml" is neither text nor json`},
		{nil, []string{"WEBHOOK_LISTEN=:8080"}, `WEBHOOK_LISTEN and HEALTH_LISTEN are both ":8080"`},
		{[]string{"serve"}, nil, `unexpected arguments ["serve"]`},
	} {
		_, err := parseConfig(tc.args, env(tc.env...), &bytes.Buffer{})
		if assert.Error(t, err, "%v %v", tc.args, tc.env) {
			assert.Contains(t, err.Error(), tc.want)
		}
	}
}

func TestConfigCredentialErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	_, err := load(nil, env(unmetered.EnvUsername+"=joe@example.com"), &bytes.Buffer{})
	require.ErrorIs(t, err, unmetered.ErrInvalidArgument)
	assert.Contains(t, err.Error(), "UNMETERED_PASSWORD not set")

	_, err = load(nil, env(append(credentials, unmetered.EnvAuth+"=oauth")...), &bytes.Buffer{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `UNMETERED_AUTH is "oauth"`)

	_, err = load(nil, env(append(credentials, unmetered.EnvBaseURL+"=http://portal.example.com/api")...), &bytes.Buffer{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "UNMETERED_BASE_URL")
	assert.NotContains(t, err.Error(), "hunter2")
}

func TestRunRefusesABadConfiguration(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	code := run(context.Background(), nil, env("WEBHOOK_LISTEN=nope"), &stderr)
	assert.Equal(t, 2, code)
	assert.Equal(t, "external-dns-unmetered-webhook: WEBHOOK_LISTEN: \"nope\" is not an address to listen on: give host:port or :port, e.g. localhost:8888 or :8080\n", stderr.String())

	stderr.Reset()
	assert.Equal(t, 2, run(context.Background(), nil, env(), &stderr))
	assert.Contains(t, stderr.String(), "UNMETERED_USERNAME and UNMETERED_PASSWORD not set")
}

func TestHelpListsTheVariables(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	_, err := parseConfig([]string{"-h"}, env(), &stderr)
	require.True(t, errors.Is(err, flag.ErrHelp))
	for _, v := range []string{envWebhookListen, envHealthListen, envDomainFilter, envExcludeDomainFilter, envLogLevel, envLogFormat,
		unmetered.EnvUsername, unmetered.EnvPassword, unmetered.EnvAuth, unmetered.EnvBaseURL} {
		assert.Contains(t, stderr.String(), v)
	}
	assert.Equal(t, 0, run(context.Background(), []string{"--help"}, env(), &bytes.Buffer{}))
}
