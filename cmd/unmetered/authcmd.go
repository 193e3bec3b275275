package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

func newAuthCmd(a *app) *cobra.Command {
	cmd := group(a, "auth", "Which credentials commands use, whether they work, the session's token")
	cmd.AddCommand(newAuthStatusCmd(a), newAuthTokenCmd(a))
	return cmd
}

// sessionStatus is a JWT session's cached tokens, as "auth status" shows them.
type sessionStatus struct {
	// Cached reports whether the token cache holds a session.
	Cached bool `json:"cached"`
	// TokenExpires is when the cached access token expires, by its exp claim (zero: unknown).
	TokenExpires time.Time `json:"token_expires,omitzero"`
	// Path is the token cache's file.
	Path string `json:"path"`
}

// authStatus is what "auth status" prints. It never holds a secret.
type authStatus struct {
	Source string `json:"source"`
	// Profile is the profile's name, "" for the UNMETERED_* environment.
	Profile string `json:"profile,omitempty"`
	// ChosenBy says what chose these credentials: "--profile", "UNMETERED_PROFILE",
	// "unmetered profile use", `the profile "default"`, "the UNMETERED_* environment".
	ChosenBy string `json:"chosen_by"`
	BaseURL  string `json:"base_url"`
	Auth     string `json:"auth"`
	Username string `json:"username"`
	// PasswordStore says where the password is: "keyring", "file" (the profile's),
	// "environment" (UNMETERED_PASSWORD) or "file named by UNMETERED_PASSWORD_FILE";
	// PasswordPath is that file.
	PasswordStore string         `json:"password_store"`
	PasswordPath  string         `json:"password_path,omitempty"`
	Session       *sessionStatus `json:"session,omitempty"`
	// Checked reports whether the credentials were tried (not with --offline); Works whether
	// the portal took them, Account whose account they open, Error why not. PasswordTried
	// reports whether the check sent the password: always with Basic auth, with a JWT session
	// only when it had to log in (a cached session works without it, whatever the password).
	Checked       bool   `json:"checked"`
	Works         bool   `json:"works"`
	PasswordTried bool   `json:"password_tried"`
	Account       string `json:"account,omitempty"`
	Error         string `json:"error,omitempty"`
}

func newAuthStatusCmd(a *app) *cobra.Command {
	var offline bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show which credentials commands use, and check that they work",
		Long: `Show the credentials commands use now: the profile or the UNMETERED_* environment and what
chose it, the base URL, the username, the authentication, where the password is stored, and for
a JWT session its cached token. Then check them with one request (GET /details; with a JWT
session not yet cached, a login first), unless --offline. No secret is shown.

A cached JWT session is used as every command uses it, so the check then tries the session, not
the password ("password_tried": false); to try a new password, end the session first
("unmetered logout") or use --offline to see only where it is stored.

The exit code says what a script needs: 0 the credentials work (or, --offline, are there), 2 no
credentials (nothing was sent), 4 the portal refused them, 1 the portal could not be reached.`,
		Example: `  unmetered auth status
  unmetered auth status --profile work --offline
  unmetered auth status -o json | jq .works`,
		Args: cobra.NoArgs,
		RunE: a.run(func(ctx context.Context, _ *cobra.Command, _ []string) error {
			cr, err := a.resolveSource()
			if err != nil {
				return err
			}
			st := authStatus{Source: cr.source(), Profile: cr.profile, ChosenBy: cr.chosenBy, BaseURL: cr.baseURL,
				Auth: cr.auth, Username: cr.username, PasswordStore: cr.passwordStore, PasswordPath: cr.passwordPath}
			var checkErr error
			if !offline {
				st.Checked = true
				checkErr = a.checkCredentials(ctx, cr, &st)
			}
			if cr.auth == authJWT {
				if st.Session, err = a.sessionStatus(cr); err != nil {
					return err
				}
			}
			if err := a.printObject(st, authStatusFields(&st)); err != nil {
				return err
			}
			return checkErr
		}),
	}
	cmd.Flags().BoolVar(&offline, "offline", false, "send nothing: show the credentials without checking them")
	return cmd
}

// checkCredentials tries cr with one request, GET /details, through the command's usual client
// (with a JWT session, through the token cache: a login happens if none is cached), and records
// the outcome in st.
func (a *app) checkCredentials(ctx context.Context, cr *credentials, st *authStatus) error {
	err := a.loadPassword(cr)
	if err == nil {
		var c *unmetered.Client
		if c, err = a.apiClientFor(cr); err == nil {
			var d *unmetered.AccountDetails
			d, err = c.Account.Details(ctx)
			st.PasswordTried = cr.auth != authJWT || (a.session != nil && a.session.loggedIn)
			if err == nil {
				st.Works = true
				st.Account = strings.TrimSpace(fmt.Sprintf("%s %s (client %d, %s)", d.FirstName, d.LastName, d.ID, d.Email))
				return nil
			}
		}
	}
	st.Error = oneLine(err.Error())
	return err
}

// sessionStatus describes cr's token cache, without renewing anything.
func (a *app) sessionStatus(cr *credentials) (*sessionStatus, error) {
	path, err := a.tokenFile(cr.cacheKey)
	if err != nil {
		return nil, err
	}
	cache := newTokenCache(path, cr, a.log(), a.now)
	tok := cache.cached()
	return &sessionStatus{Cached: tok.Refresh != "" || tok.Access != "", TokenExpires: tok.Expiry(), Path: path}, nil
}

// authStatusFields are the table lines of "auth status".
func authStatusFields(st *authStatus) []field {
	creds := st.Source
	if st.ChosenBy != byEnv {
		creds += " (chosen by " + st.ChosenBy + ")"
	}
	password := st.PasswordStore
	switch st.PasswordStore {
	case storeKeyring:
		password = "the system keyring"
	case storeFile:
		password = "the profile's file, " + st.PasswordPath
	case storeEnv:
		password = unmetered.EnvPassword
	case storeEnvFile:
		password = st.PasswordPath + " (" + unmetered.EnvPasswordFile + ")"
	}
	fields := []field{{"Credentials", creds}, {"Base URL", st.BaseURL}, {"Username", st.Username}, {"Auth", st.Auth}, {"Password", password}}
	if s := st.Session; s != nil {
		session := "none cached (" + s.Path + ")"
		if s.Cached {
			session = "cached in " + s.Path
			if !s.TokenExpires.IsZero() {
				session += ", token valid until " + cell(s.TokenExpires)
			}
		}
		fields = append(fields, field{"Session", session})
	}
	check := "not checked (--offline)"
	switch {
	case st.Works && !st.PasswordTried:
		check = "the cached session works (the password was not tried): " + st.Account
	case st.Works:
		check = "the credentials work: " + st.Account
	case st.Checked:
		check = "failed: " + st.Error
	}
	return append(fields, field{"Check", check})
}

// tokenResult is what "auth token -o json" prints.
type tokenResult struct {
	Token   string    `json:"token"`
	Expires time.Time `json:"expires,omitzero"`
}

func newAuthTokenCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "token",
		Short: "Print the JWT session's current bearer token, for other tools",
		Long: `Print the current access token of the JWT session of the credentials in use (a profile saved
with --auth jwt, or UNMETERED_AUTH=jwt), for tools that call the API themselves. It comes from
the token cache, renewed or logged in afresh as needed, exactly as any command would; the token
is valid until it expires or the session ends ("unmetered logout").

The token is a secret: it is printed because that is what this command is for, so keep it out
of logs. Basic-auth credentials have no token: that is a usage error (exit 2).`,
		Example: `  curl -H "Authorization: Bearer $(unmetered auth token)" https://unmetered.management/api/details
  unmetered auth token --profile work -o json | jq -r .expires`,
		Args: cobra.NoArgs,
		RunE: a.run(func(ctx context.Context, _ *cobra.Command, _ []string) error {
			cr, err := a.resolveSource()
			if err != nil {
				return err
			}
			if cr.auth != authJWT {
				how := "set " + unmetered.EnvAuth + "=jwt"
				if !cr.fromEnv() {
					how = fmt.Sprintf("log in with 'unmetered login --profile %s --auth jwt'", cr.profile)
				}
				return usageErrorf("%s uses Basic auth, which has no bearer token: %s", cr.source(), how)
			}
			if err := a.loadPassword(cr); err != nil {
				return err
			}
			if _, err := a.apiClientFor(cr); err != nil {
				return err
			}
			tok, err := a.session.Token(ctx)
			if err != nil {
				return err
			}
			if a.structured() {
				return a.writeData(tokenResult{Token: tok, Expires: unmetered.Token{Access: tok}.Expiry()})
			}
			_, err = fmt.Fprintln(a.out, tok)
			return err
		}),
	}
}
