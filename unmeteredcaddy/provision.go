package unmeteredcaddy

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/caddyserver/caddy/v2"
	"github.com/unmetered/unmetered-go"
)

// Provision replaces the placeholders in every field ({env.UNMETERED_PASSWORD},
// {file./run/secrets/unmetered}, ...) and only then checks the configuration, as
// unmetereddns.Provider.Validate does and without sending anything: a username and a password
// that are empty after the replacement are an error naming the Caddyfile subdirective and the
// placeholder that gave nothing (an unset environment variable, most likely), and so are an
// unknown auth and a base_url that is not https. Errors wrap unmetered.ErrInvalidArgument and
// never hold the password. It implements caddy.Provisioner; Caddy calls it when it loads the
// configuration, so that a mistake stops the configuration from loading rather than the next
// certificate from being issued.
func (p *Provider) Provision(caddy.Context) error {
	dp := p.provider()
	if dp.Client != nil {
		// Set in Go, not from a configuration: there is nothing to replace or require.
		return dp.Validate()
	}
	rawUser, rawPass := dp.Username, dp.Password
	repl := caddy.NewReplacer()
	for _, f := range []*string{&dp.Username, &dp.Password, &dp.Auth, &dp.BaseURL} {
		*f = repl.ReplaceAll(*f, "")
	}
	if err := required("username", unmetered.EnvUsername, rawUser, dp.Username); err != nil {
		return err
	}
	if err := required("password", unmetered.EnvPassword, rawPass, dp.Password); err != nil {
		return err
	}
	return dp.Validate()
}

// placeholder matches a placeholder of Caddy's replacer, {name} (submatch 1), or an escaped
// character (\{ is a literal brace), which is no placeholder.
var placeholder = regexp.MustCompile(`\\.|\{([^{}]+)\}`)

// required returns an error if the field name (a Caddyfile subdirective and JSON field) is
// empty after replacement: the value val that the configuration's raw gave. The error says
// why: nothing was configured (env is the variable to suggest), or the placeholders in raw
// gave nothing. It never quotes a value, which for the password would be the secret.
func required(name, env, raw, val string) error {
	if val != "" {
		return nil
	}
	if strings.TrimSpace(raw) == "" {
		return fmt.Errorf("%w: no %s: set it with the Caddyfile subdirective %q (%s {env.%s}) or the JSON field %q",
			unmetered.ErrInvalidArgument, name, name, name, env, name)
	}
	var why []string
	for _, m := range placeholder.FindAllStringSubmatch(raw, -1) {
		key := m[1]
		switch {
		case key == "":
			continue // an escaped character
		case strings.HasPrefix(key, "env."):
			why = append(why, fmt.Sprintf("the environment variable %s is not set, or empty, in Caddy's environment", strings.TrimPrefix(key, "env.")))
		case strings.HasPrefix(key, "file."):
			why = append(why, fmt.Sprintf("the file %s is empty or cannot be read", strings.TrimPrefix(key, "file.")))
		default:
			why = append(why, fmt.Sprintf("{%s} is not a placeholder Caddy can replace here (use {env.NAME} or {file.PATH})", key))
		}
	}
	if len(why) == 0 {
		why = append(why, "the placeholders in it gave nothing")
	}
	return fmt.Errorf("%w: the %s is empty once placeholders are replaced: %s",
		unmetered.ErrInvalidArgument, name, strings.Join(why, "; "))
}
