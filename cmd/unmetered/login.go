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
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Check your portal login and save it as a profile",
		Long: `Check your client-area login with one request and save it as a profile (--profile, "default"
unless given) in your config directory, readable only by you (mode 0600).

The password is asked on the terminal without echo, or read from stdin with --password-stdin.
It is never taken from an argument, which other users could see in the process list.

With --auth jwt the profile uses a JWT session: the tokens are cached between runs in your cache
directory (mode 0600), so a script of many commands logs in once; the session is renewed and, if
need be, opened again by itself. --auth basic (the default) sends the password with each request.

Commands use the profile given with --profile; without it, the UNMETERED_* variables when set,
else the profile "default".`,
		Example: `  unmetered login --username joe@example.com
  pass show portal | unmetered login --profile work --auth jwt --username joe@example.com --password-stdin`,
		Args: cobra.NoArgs,
		RunE: a.run(func(ctx context.Context, _ *cobra.Command, _ []string) error {
			return a.login(ctx, baseURL, auth, username, passwordStdin)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&baseURL, "base-url", "", "API root (default: the profile's, else "+unmetered.DefaultBaseURL+")")
	f.StringVar(&auth, "auth", "", `authentication: "basic" or "jwt" (default: the profile's, else basic)`)
	f.StringVar(&username, "username", "", "client-area login, an email address (default: the profile's, else asked)")
	f.BoolVar(&passwordStdin, "password-stdin", false, "read the password from stdin (its first line)")
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
}

func (a *app) login(ctx context.Context, baseURL, auth, username string, passwordStdin bool) error {
	name := a.profile
	if name == "" {
		name = defaultProfile
	}
	if err := checkProfileName(name); err != nil {
		return err
	}
	old, err := a.loadProfile(name) // a missing or damaged profile is replaced
	if err != nil {
		old = &profile{BaseURL: unmetered.DefaultBaseURL, Auth: authBasic}
	}
	p := profile{
		BaseURL:  normalizeBaseURL(firstSet(baseURL, old.BaseURL)),
		Auth:     strings.ToLower(firstSet(auth, old.Auth)),
		Username: firstSet(username, old.Username),
	}
	if p.Auth != authBasic && p.Auth != authJWT {
		return usageErrorf("--auth %q: use basic or jwt", auth)
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
	if passwordStdin {
		p.Password, err = a.readPasswordStdin()
	} else {
		p.Password, err = a.promptPassword(p.Username)
	}
	if err != nil {
		return err
	}
	cr := &credentials{source: fmt.Sprintf("profile %q", name), baseURL: p.BaseURL, auth: p.Auth,
		username: p.Username, password: p.Password, cacheKey: "profile-" + name}
	if err := a.verifyLogin(ctx, client, cr); err != nil {
		return err
	}
	path, err := a.saveProfile(name, &p)
	if err != nil {
		return err
	}
	if a.structured() {
		return a.writeData(loginResult{Profile: name, BaseURL: p.BaseURL, Auth: p.Auth, Username: p.Username, Path: path})
	}
	fmt.Fprintf(a.out, "Logged in to %s as %s (%s auth); saved profile %q in %s\n", p.BaseURL, p.Username, p.Auth, name, path)
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
