package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	unmetered "github.com/unmetered/unmetered-go"
)

// credentials say where the portal is and how to log in to it, from the UNMETERED_* variables or
// from a profile.
type credentials struct {
	baseURL  string
	auth     string // authBasic or authJWT
	username string
	password string // "" until loadPassword read it, for a profile whose password is in the keyring
	// cacheKey names the JWT session's token cache file: "profile-NAME", or for the environment
	// "env-" and a hash of the base URL and username (another account gets another file).
	cacheKey string

	// What "auth status" shows: the profile's name ("" for the environment), what chose the
	// credentials, where the password is (storeKeyring, storeFile, storeEnv, storeEnvFile)
	// and which file holds it, if one does.
	profile       string
	chosenBy      string
	passwordStore string
	passwordPath  string
	keyringUser   string // the keyring entry's account, when passwordStore is storeKeyring
}

// fromEnv reports whether the credentials are the UNMETERED_* variables, not a profile.
func (cr *credentials) fromEnv() bool { return cr.profile == "" }

// source names the credentials for messages: `profile "NAME"` or "the UNMETERED_* environment".
func (cr *credentials) source() string {
	if cr.fromEnv() {
		return byEnv
	}
	return fmt.Sprintf("profile %q", cr.profile)
}

// Where the environment's password comes from.
const (
	storeEnv     = "environment"
	storeEnvFile = "file named by " + unmetered.EnvPasswordFile
)

// What chose the credentials, for "auth status".
const (
	byFlag       = "--profile"
	byEnvProfile = envProfile
	byEnv        = "the UNMETERED_* environment"
	byUse        = "unmetered profile use"
	byDefault    = `the profile "default"`
)

// resolveCredentials decides which credentials a command uses (see resolveSource) and reads
// their password, from the system keyring if that is where the profile keeps it.
func (a *app) resolveCredentials() (*credentials, error) {
	cr, err := a.resolveSource()
	if err != nil {
		return nil, err
	}
	if err := a.loadPassword(cr); err != nil {
		return nil, err
	}
	return cr, nil
}

// resolveSource decides which credentials a command uses (see chooseCredentials). Nothing
// found, or an incomplete environment, is a usage error: nothing is sent. A profile's password
// is not read here when the keyring holds it (see loadPassword).
func (a *app) resolveSource() (*credentials, error) {
	name, by, err := a.chooseCredentials()
	switch {
	case err != nil:
		return nil, err
	case by == byEnv:
		cr, err := envCredentials(a.lookupEnv)
		if err == nil {
			a.warnReadablePasswordFile()
		}
		return cr, err
	}
	cr, err := a.profileCredentials(name, by)
	switch {
	case !errors.Is(err, errNoProfile):
		return cr, err
	case by == byUse:
		return nil, usageErrorf("the profile %q chosen with 'unmetered profile use' does not exist: run 'unmetered login --profile %s', or choose another with 'unmetered profile use NAME'",
			name, name)
	case by == byDefault:
		return nil, usageErrorf("no credentials: export %s and %s (and %s=jwt for a JWT session), or run 'unmetered login'",
			unmetered.EnvUsername, unmetered.EnvPassword, unmetered.EnvAuth)
	}
	return nil, usageErrorf("no profile %q: create it with 'unmetered login --profile %s'", name, name)
}

// chooseCredentials decides, without reading a profile, which credentials a command uses, the
// first that applies, and returns the profile's name and what chose it (by is byEnv, and name
// "", for the UNMETERED_* credentials):
//  1. --profile NAME: the user named it on this command line;
//  2. UNMETERED_PROFILE, or the UNMETERED_* credentials (UNMETERED_USERNAME, ...): scripts,
//     jobs and shells set them. Both set is a usage error naming both: which account a command
//     acts on must never depend on which variable a shell happened to export (the AWS and
//     hcloud CLIs let the credentials win; either order ignores one of them silently);
//  3. the profile chosen with "unmetered profile use";
//  4. the profile "default" saved by "unmetered login".
func (a *app) chooseCredentials() (name, by string, err error) {
	if a.profile != "" {
		return a.profile, byFlag, nil
	}
	envName, _ := a.lookupEnv(envProfile)
	envName = strings.TrimSpace(envName)
	creds := setCredentialVars(a.lookupEnv)
	switch {
	case envName != "" && len(creds) > 0:
		return "", "", usageErrorf("%s=%s and the UNMETERED_* credentials (%s) are both set: unset one, or choose with --profile",
			envProfile, envName, strings.Join(creds, ", "))
	case envName != "":
		if !validProfileName(envName) {
			return "", "", usageErrorf("%s=%q: a profile name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", envProfile, envName)
		}
		return envName, byEnvProfile, nil
	case len(creds) > 0:
		return "", byEnv, nil
	}
	st, err := a.loadSettings()
	if err != nil {
		return "", "", err
	}
	if st.Profile != "" {
		return st.Profile, byUse, nil
	}
	return defaultProfile, byDefault, nil
}

// profileCredentials returns the credentials of the profile name, chosen by by. A missing
// profile is an error wrapping errNoProfile.
func (a *app) profileCredentials(name, by string) (*credentials, error) {
	p, err := a.loadProfile(name)
	if err != nil {
		return nil, err
	}
	cacheKey, _, err := a.profileKeys(name)
	if err != nil {
		return nil, err
	}
	cr := &credentials{
		baseURL:       normalizeBaseURL(p.BaseURL),
		auth:          p.Auth,
		username:      p.Username,
		password:      p.Password,
		cacheKey:      cacheKey,
		profile:       name,
		chosenBy:      by,
		passwordStore: storeFile,
	}
	if p.inKeyring() {
		cr.password, cr.passwordStore, cr.keyringUser = "", storeKeyring, p.KeyringUser
	} else if cr.passwordPath, err = a.profileFile(name); err != nil {
		return nil, err
	}
	return cr, nil
}

// loadPassword reads the password of cr from the system keyring when that is where its profile
// keeps it. An entry that is gone is a usage error (nothing was sent) saying to log in again;
// a keyring that cannot be reached is an error of its own (exit code 1).
func (a *app) loadPassword(cr *credentials) error {
	if cr.password != "" || cr.passwordStore != storeKeyring {
		return nil
	}
	pass, err := a.keyring.Get(cr.keyringUser)
	switch {
	case isNotFound(err):
		return usageErrorf("the password of %s is no longer in the system keyring; run 'unmetered login --profile %s' again", cr.source(), cr.profile)
	case err != nil:
		return fmt.Errorf("reading the password of %s from the system keyring: %w", cr.source(), err)
	case pass == "":
		return usageErrorf("the system keyring holds an empty password for %s; run 'unmetered login --profile %s' again", cr.source(), cr.profile)
	}
	cr.password = pass
	return nil
}

// credentialVars are the UNMETERED_* variables that make up credentials.
var credentialVars = []string{unmetered.EnvBaseURL, unmetered.EnvUsername, unmetered.EnvPassword, unmetered.EnvPasswordFile, unmetered.EnvAuth}

// setCredentialVars names the credential variables that are set (to something other than
// spaces), for messages.
func setCredentialVars(lookup func(string) (string, bool)) []string {
	var set []string
	for _, name := range credentialVars {
		if v, _ := lookup(name); strings.TrimSpace(v) != "" {
			set = append(set, name)
		}
	}
	return set
}

// envCredentials reads the variables unmetered.WithEnv reads, with its rules: UNMETERED_USERNAME
// and UNMETERED_PASSWORD (or UNMETERED_PASSWORD_FILE) are required, UNMETERED_AUTH is "basic"
// (the default) or "jwt", UNMETERED_BASE_URL is optional; values are trimmed of spaces except
// the password. A missing or invalid one is a usage error naming it. It is called when
// chooseCredentials chose them (some are set). (The command cannot use WithEnv itself: with
// jwt it supplies its own TokenSource, the token cache.)
func envCredentials(lookup func(string) (string, bool)) (*credentials, error) {
	get := func(name string) string {
		v, _ := lookup(name)
		return strings.TrimSpace(v)
	}
	base, user, mode := get(unmetered.EnvBaseURL), get(unmetered.EnvUsername), strings.ToLower(get(unmetered.EnvAuth))
	pass, err := unmetered.EnvPasswordFrom(lookup) // a password's spaces are its own
	if err != nil {
		return nil, &usageError{err: err}
	}
	var missing []string
	if user == "" {
		missing = append(missing, unmetered.EnvUsername)
	}
	if pass == "" {
		missing = append(missing, unmetered.EnvPassword)
	}
	if len(missing) > 0 {
		hint := ""
		if pass == "" {
			hint = " (or the password in a file named by " + unmetered.EnvPasswordFile + ")"
		}
		return nil, usageErrorf("%s not set: export your client-area login there%s, or unset the UNMETERED_* variables to use a profile from 'unmetered login'",
			strings.Join(missing, " and "), hint)
	}
	switch mode {
	case "":
		mode = authBasic
	case authBasic, authJWT:
	default:
		return nil, usageErrorf("%s is %q: use \"basic\" or \"jwt\"", unmetered.EnvAuth, mode)
	}
	if base == "" {
		base = unmetered.DefaultBaseURL
	}
	base = normalizeBaseURL(base)
	sum := sha256.Sum256([]byte(base + "\n" + user))
	cr := &credentials{
		baseURL:       base,
		auth:          mode,
		username:      user,
		password:      pass,
		cacheKey:      "env-" + hex.EncodeToString(sum[:8]),
		chosenBy:      byEnv,
		passwordStore: storeEnv,
	}
	if file := get(unmetered.EnvPasswordFile); file != "" {
		cr.passwordStore, cr.passwordPath = storeEnvFile, file
	}
	return cr, nil
}

// warnReadablePasswordFile warns when the file UNMETERED_PASSWORD_FILE names is the user's own
// and others may read it (a file written with the usual umask, 0644). The secret files of
// Docker and Kubernetes belong to root and are readable by everyone in their container by
// design: they are neither refused nor warned about (see internal/secretfile).
func (a *app) warnReadablePasswordFile() {
	path, _ := a.lookupEnv(unmetered.EnvPasswordFile)
	path = strings.TrimSpace(path)
	if path == "" {
		return
	}
	if fi, err := os.Stat(path); err == nil && ownFileOthersRead(fi) {
		fmt.Fprintf(a.err, "warning: %s (%s) holds a password and others can read it; run: chmod 600 %s\n", path, unmetered.EnvPasswordFile, path)
	}
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
	a.session = cache
	c, err := a.newClient(cr.baseURL, auth...)
	if err != nil {
		if cr.fromEnv() { // the base URL is the only value NewClient can refuse here
			err = fmt.Errorf("%s: %w", unmetered.EnvBaseURL, err)
		}
		return nil, err
	}
	// Logged once the client took the base URL: one it refused may carry credentials, and its
	// error shows it without them.
	a.log().Debug("unmetered: credentials", "source", cr.source(), "auth", cr.auth, "base_url", cr.baseURL)
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
