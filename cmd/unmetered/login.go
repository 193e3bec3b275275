package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

func newLoginCmd(a *app) *cobra.Command {
	var baseURL, auth, username string
	var passwordStdin, insecure bool
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Check your portal login and save it as a profile",
		Long: `Check your client-area login with one request and save it as a profile (--profile, "default"
unless given) in your config directory, readable only by you (mode 0600).

The password is asked on the terminal without echo, or read from stdin with --password-stdin.
It is never taken from an argument, which other users could see in the process list. It is
stored in the system keyring (macOS Keychain, Windows Credential Manager, the Secret Service of
GNOME Keyring or KWallet); where there is none (a server without a D-Bus session), or with
--insecure-storage, in the profile's file. login says which. Logging in again moves the
password of a profile written by an older version, kept in its file, to the keyring.

With --auth jwt the profile uses a JWT session: the tokens are cached between runs in your cache
directory (mode 0600), so a script of many commands logs in once; the session is renewed and, if
need be, opened again by itself. --auth basic (the default) sends the password with each request.

Commands use the profile given with --profile; without it, the UNMETERED_* variables when set,
else the profile "default".`,
		Example: `  unmetered login --username joe@example.com
  pass show portal | unmetered login --profile work --auth jwt --username joe@example.com --password-stdin`,
		Args: cobra.NoArgs,
		RunE: a.run(func(ctx context.Context, _ *cobra.Command, _ []string) error {
			return a.login(ctx, loginOptions{baseURL: baseURL, auth: auth, username: username, passwordStdin: passwordStdin, insecure: insecure})
		}),
	}
	f := cmd.Flags()
	f.StringVar(&baseURL, "base-url", "", "API root (default: the profile's, else "+unmetered.DefaultBaseURL+")")
	f.StringVar(&auth, "auth", "", `authentication: "basic" or "jwt" (default: the profile's, else basic)`)
	f.StringVar(&username, "username", "", "client-area login, an email address (default: the profile's, else asked)")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password from stdin (its first line)")
	f.BoolVar(&insecure, "insecure-storage", false, "keep the password in the profile's file (mode 0600), not in the system keyring")
	_ = cmd.RegisterFlagCompletionFunc("auth", cobra.FixedCompletions([]string{authBasic, authJWT}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// loginResult is what "unmetered login -o json" prints.
type loginResult struct {
	Profile  string `json:"profile"`
	BaseURL  string `json:"base_url"`
	Auth     string `json:"auth"`
	Username string `json:"username"`
	Path     string `json:"path"`
	// PasswordStore is where the password went: "keyring" or "file" (the profile's, Path).
	PasswordStore string `json:"password_store"`
	// FileReason says why it went to the file: "--insecure-storage" or the keyring's error.
	FileReason string `json:"file_reason,omitempty"`
}

// loginOptions are the flags of "unmetered login".
type loginOptions struct {
	baseURL, auth, username string
	passwordStdin, insecure bool
}

func (a *app) login(ctx context.Context, o loginOptions) error {
	name := a.profile
	if name == "" {
		name = defaultProfile
	}
	if err := checkProfileName(name); err != nil {
		return err
	}
	old, err := a.loadProfile(name) // a missing or damaged profile is replaced
	if err != nil {
		old = nil
	}
	was := old
	if was == nil {
		was = &profile{BaseURL: unmetered.DefaultBaseURL, Auth: authBasic}
	}
	p := profile{
		BaseURL:  normalizeBaseURL(firstSet(o.baseURL, was.BaseURL)),
		Auth:     strings.ToLower(firstSet(o.auth, was.Auth)),
		Username: firstSet(o.username, was.Username),
	}
	if p.Auth != authBasic && p.Auth != authJWT {
		return usageErrorf("--auth %q: use basic or jwt", o.auth)
	}
	client, err := a.newClient(p.BaseURL, nil) // checks the base URL before asking anything
	if err != nil {
		return fmt.Errorf("--base-url: %w", err)
	}
	if p.Username == "" {
		if p.Username, err = a.promptUsername(); err != nil {
			return err
		}
	}
	var password string
	if o.passwordStdin {
		password, err = a.readPasswordStdin()
	} else {
		password, err = a.promptPassword(p.Username)
	}
	if err != nil {
		return err
	}
	cacheKey, _, err := a.profileKeys(name)
	if err != nil {
		return err
	}
	cr := &credentials{profile: name, baseURL: p.BaseURL, auth: p.Auth,
		username: p.Username, password: password, cacheKey: cacheKey}
	if err := a.verifyLogin(ctx, client, cr); err != nil {
		return err
	}
	stored := a.storePassword(name, &p, password, old, o.insecure)
	path, err := a.saveProfile(name, &p)
	if err != nil {
		return err
	}
	if a.structured() {
		return a.writeData(loginResult{Profile: name, BaseURL: p.BaseURL, Auth: p.Auth, Username: p.Username, Path: path,
			PasswordStore: stored.store, FileReason: stored.why})
	}
	where := "password stored in the system keyring"
	if stored.store == storeFile {
		where = fmt.Sprintf("password stored in that file (%s)", stored.why)
	}
	fmt.Fprintf(a.out, "Logged in to %s as %s (%s auth); saved profile %q in %s, %s\n", p.BaseURL, p.Username, p.Auth, name, path, where)
	return nil
}

// verifyLogin checks the credentials with one request: POST /login for a JWT session, whose
// tokens then seed the profile's token cache (so the next command does not log in again), or
// GET /details with Basic auth.
func (a *app) verifyLogin(ctx context.Context, client *unmetered.Client, cr *credentials) error {
	if cr.auth == authJWT {
		tok, err := client.Auth.Login(ctx, cr.username, cr.password)
		if err != nil {
			return &loginError{err: err}
		}
		path, err := a.tokenFile(cr.cacheKey)
		if err != nil {
			return err
		}
		cache := newTokenCache(path, cr, a.log(), a.now)
		cache.warn = a.warnUncached
		cache.loaded = true
		cache.store(tok)
		return nil
	}
	basic, err := a.newClient(cr.baseURL, unmetered.WithBasicAuth(cr.username, cr.password))
	if err != nil {
		return err
	}
	if _, err := basic.Account.Details(ctx); err != nil {
		return &loginError{err: err}
	}
	return nil
}

func firstSet(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
