package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	unmetered "github.com/unmetered/unmetered-go"
)

// credentials say where the portal is and how to log in to it, from the UNMETERED_* variables or
// from a profile.
type credentials struct {
	source   string // for messages: "the UNMETERED_* environment" or `profile "NAME"`
	fromEnv  bool
	baseURL  string
	auth     string // authBasic or authJWT
	username string
	password string
	// cacheKey names the JWT session's token cache file: "profile-NAME", or for the environment
	// "env-" and a hash of the base URL and username (another account gets another file).
	cacheKey string
}

// resolveCredentials decides which credentials a command uses:
//  1. --profile NAME, when given: the user named it on this command line;
//  2. else the UNMETERED_* variables, when any of them is set (scripts and cron set them);
//  3. else the profile "default" saved by "unmetered login".
//
// Nothing found, or an incomplete environment, is a usage error: nothing is sent.
func (a *app) resolveCredentials() (*credentials, error) {
	if a.profile != "" {
		return a.profileCredentials(a.profile)
	}
	if cr, set, err := envCredentials(a.lookupEnv); set || err != nil {
		return cr, err
	}
	cr, err := a.profileCredentials(defaultProfile)
	if errors.Is(err, errNoProfile) {
		return nil, usageErrorf("no credentials: export %s and %s (and %s=jwt for a JWT session), or run 'unmetered login'",
			unmetered.EnvUsername, unmetered.EnvPassword, unmetered.EnvAuth)
	}
	return cr, err
}

func (a *app) profileCredentials(name string) (*credentials, error) {
	p, err := a.loadProfile(name)
	if errors.Is(err, errNoProfile) && name != defaultProfile {
		return nil, usageErrorf("no profile %q: create it with 'unmetered login --profile %s'", name, name)
	}
	if err != nil {
		return nil, err
	}
	return &credentials{
		source:   fmt.Sprintf("profile %q", name),
		baseURL:  normalizeBaseURL(p.BaseURL),
		auth:     p.Auth,
		username: p.Username,
		password: p.Password,
		cacheKey: "profile-" + name,
	}, nil
}

// envCredentials reads the variables unmetered.WithEnv reads, with its rules: UNMETERED_USERNAME
// and UNMETERED_PASSWORD are required, UNMETERED_AUTH is "basic" (the default) or "jwt",
// UNMETERED_BASE_URL is optional; values are trimmed of spaces except the password. set reports
// whether any of them is set at all; when set, a missing or invalid one is a usage error naming
// it. (The command cannot use WithEnv itself: with jwt it supplies its own TokenSource, the
// token cache.)
func envCredentials(lookup func(string) (string, bool)) (cr *credentials, set bool, err error) {
	get := func(name string) string {
		v, _ := lookup(name)
		return strings.TrimSpace(v)
	}
	base, user, mode := get(unmetered.EnvBaseURL), get(unmetered.EnvUsername), strings.ToLower(get(unmetered.EnvAuth))
	pass, _ := lookup(unmetered.EnvPassword) // a password's spaces are its own
	if base == "" && user == "" && pass == "" && mode == "" {
		return nil, false, nil
	}
	var missing []string
	if user == "" {
		missing = append(missing, unmetered.EnvUsername)
	}
	if pass == "" {
		missing = append(missing, unmetered.EnvPassword)
	}
	if len(missing) > 0 {
		return nil, true, usageErrorf("%s not set: export your client-area login there, or unset the UNMETERED_* variables to use a profile from 'unmetered login'",
			strings.Join(missing, " and "))
	}
	switch mode {
	case "":
		mode = authBasic
	case authBasic, authJWT:
	default:
		return nil, true, usageErrorf("%s is %q: use \"basic\" or \"jwt\"", unmetered.EnvAuth, mode)
	}
	if base == "" {
		base = unmetered.DefaultBaseURL
	}
	base = normalizeBaseURL(base)
	sum := sha256.Sum256([]byte(base + "\n" + user))
	return &credentials{
		source:   "the UNMETERED_* environment",
		fromEnv:  true,
		baseURL:  base,
		auth:     mode,
		username: user,
		password: pass,
		cacheKey: "env-" + hex.EncodeToString(sum[:8]),
	}, true, nil
}

// normalizeBaseURL spells a base URL one way (no spaces, no trailing slash, as NewClient does),
// so that the token cache recognises its account.
func normalizeBaseURL(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), "/")
}

// userAgent names the command and the SDK in every request.
func userAgent() string {
	return "unmetered-cli/" + cliVersion() + " unmetered-go/" + unmetered.Version
}

// apiClient returns the client for the command's requests, building it on first use from the
// resolved credentials. With JWT auth its session goes through the token cache.
func (a *app) apiClient() (*unmetered.Client, error) {
	if a.client != nil {
		return a.client, nil
	}
	cr, err := a.resolveCredentials()
	if err != nil {
		return nil, err
	}
	c, err := a.apiClientFor(cr)
	if err != nil {
		return nil, err
	}
	a.client = c
	return c, nil
}

// apiClientFor builds the client for cr.
func (a *app) apiClientFor(cr *credentials) (*unmetered.Client, error) {
	var cache *tokenCache
	var auth []unmetered.Option
	switch cr.auth {
	case authJWT:
		path, err := a.tokenFile(cr.cacheKey)
		if err != nil {
			return nil, err
		}
		cache = newTokenCache(path, cr, a.log(), a.now)
		cache.warn = a.warnUncached
		// The password and the session's cached tokens, current and earlier, are secrets
		// although this run may never send them: the client keeps them out of its errors and
		// of what Client.Redact returns ("unmetered api" prints answers through it).
		secrets := append([]string{cr.password}, cache.secrets()...)
		auth = []unmetered.Option{unmetered.WithTokenSource(cache), unmetered.WithSecrets(secrets...)}
	default:
		auth = []unmetered.Option{unmetered.WithBasicAuth(cr.username, cr.password)}
	}
	c, err := a.newClient(cr.baseURL, auth...)
	if err != nil {
		if cr.fromEnv { // the base URL is the only value NewClient can refuse here
			err = fmt.Errorf("%s: %w", unmetered.EnvBaseURL, err)
		}
		return nil, err
	}
	// Logged once the client took the base URL: one it refused may carry credentials, and its
	// error shows it without them.
	a.log().Debug("unmetered: credentials", "source", cr.source, "auth", cr.auth, "base_url", cr.baseURL)
	if cache != nil {
		cache.auth = c.Auth
	}
	return c, nil
}

// warnUncached tells the user that the token cache could not be written.
func (a *app) warnUncached(err error) {
	fmt.Fprintf(a.err, "warning: the session cannot be cached, so the next command logs in again: %v\n", err)
}

// newClient builds a client for baseURL with the command's user agent and, with --debug, its
// logger, and the authentication options auth. A nil option is skipped (login and token
// revocation need no credentials).
func (a *app) newClient(baseURL string, auth ...unmetered.Option) (*unmetered.Client, error) {
	opts := []unmetered.Option{unmetered.WithBaseURL(baseURL), unmetered.WithUserAgent(userAgent())}
	if a.stallSet {
		opts = append(opts, unmetered.WithStallTimeout(a.stallTimeout))
	}
	if a.debug {
		opts = append(opts, unmetered.WithLogger(a.log()))
	}
	for _, o := range auth {
		if o != nil {
			opts = append(opts, o)
		}
	}
	return unmetered.NewClient(opts...)
}
