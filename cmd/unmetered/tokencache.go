package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	unmetered "github.com/unmetered/unmetered-go"
)

// refreshSkew is the most time before an access token's expiry that the cache renews it, so a
// token does not expire between the check and the server reading it. A token that lives less
// than four times as long is renewed when a quarter of its life is left, as the SDK's own
// session does, so a short-lived token is not renewed by every command.
const refreshSkew = 30 * time.Second

// tokenCache is a JWT session kept in a file between runs, so that a script of a hundred
// commands logs in once: each run reads the tokens, uses the access token while it is fresh,
// renews it with the refresh token when it is not (or when the server rejects it), logs in again
// with the password when the refresh token is refused too, and writes what it got back. It is an
// unmetered.TokenSource with the Invalidate method that makes the client replay a request
// rejected with 401 once with a renewed token.
//
// The file, <cache dir>/unmetered/tokens/KEY.json, has mode 0600 and records the base URL and
// username the tokens belong to; tokens recorded for another account are ignored. Two commands
// running at once may each renew the session; the last write wins and both sessions stay valid.
type tokenCache struct {
	path  string
	creds *credentials
	auth  *unmetered.AuthService // the client's; set once the client exists
	log   *slog.Logger
	now   func() time.Time
	warn  func(error) // told when the file cannot be written; may be nil

	sem    chan struct{} // admits one Token or Invalidate at a time, and waits on a context
	loaded bool          // the file has been read
	tok    unmetered.Token
	// earlier are the session's replaced tokens, newest last (see remember).
	earlier []string
	// refreshAt is when, by the local clock, the access token is due for renewal; zero when
	// that cannot be told (no exp claim): the token is then used until the server rejects it.
	refreshAt time.Time
	// loggedIn reports whether this run logged in, that is, sent the password (auth status
	// tells a session that works from a password that does).
	loggedIn bool
}

// cachedTokens is the content of a token cache file.
type cachedTokens struct {
	BaseURL  string `json:"base_url"`
	Username string `json:"username"`
	Access   string `json:"token"`
	Refresh  string `json:"refresh"`
	// RefreshAt is when the access token is due for renewal by this machine's clock (the zero
	// time: unknown, used until the server rejects it).
	RefreshAt time.Time `json:"refresh_at"`
	// Earlier are tokens the session replaced: still secrets, which an answer may echo.
	Earlier []string `json:"earlier,omitempty"`
}

func newTokenCache(path string, cr *credentials, log *slog.Logger, now func() time.Time) *tokenCache {
	return &tokenCache{path: path, creds: cr, log: log, now: now, sem: make(chan struct{}, 1)}
}

// tokenFile returns the path of the token cache file called key.
func (a *app) tokenFile(key string) (string, error) {
	dir, err := appDir(a.cacheDir, "tokens")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, key+".json"), nil
}

// Token returns a fresh access token: the cached one, else a renewed one, else one from a new
// login. It implements unmetered.TokenSource.
func (c *tokenCache) Token(ctx context.Context) (string, error) {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-c.sem }()
	c.load()
	if c.fresh() {
		return c.tok.Access, nil
	}
	if c.tok.Refresh != "" {
		tok, err := c.auth.Refresh(ctx, c.tok.Refresh)
		if err == nil {
			c.log.Debug("unmetered: session renewed with the refresh token")
			c.store(tok)
			return tok.Access, nil
		}
		if ctx.Err() != nil {
			return "", err
		}
		c.log.Debug("unmetered: refresh refused; logging in again", "error", err.Error())
	}
	tok, err := c.auth.Login(ctx, c.creds.username, c.creds.password)
	if err != nil {
		return "", &loginError{err: err}
	}
	c.log.Debug("unmetered: logged in", "source", c.creds.source())
	c.loggedIn = true
	c.store(tok)
	return tok.Access, nil
}

// Invalidate drops the access token the server rejected, keeping the refresh token, so that the
// next Token call renews the session. The client calls it after a 401.
func (c *tokenCache) Invalidate(rejected string) {
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	if c.tok.Access == rejected {
		c.log.Debug("unmetered: the server rejected the cached token")
		c.tok.Access = ""
		c.remember(&c.tok, rejected)
	}
}

// fresh reports whether the access token is there and not due for renewal.
func (c *tokenCache) fresh() bool {
	return c.tok.Access != "" && (c.refreshAt.IsZero() || c.now().Before(c.refreshAt))
}

// renewalTime returns when a token received at now is due for renewal: its lifetime (exp - now)
// less a margin of a quarter of it, at most refreshSkew. It is zero for a token without exp or
// already expired by the local clock (a skewed clock): used until the server rejects it.
func renewalTime(tok *unmetered.Token, now time.Time) time.Time {
	exp := tok.Expiry()
	if exp.IsZero() {
		return time.Time{}
	}
	life := exp.Sub(now)
	if life <= 0 {
		return time.Time{}
	}
	return now.Add(life - min(refreshSkew, life/4))
}

// load reads the file once. A missing, unreadable or foreign file, or one whose tokens fail
// unmetered.Token.Validate, means no tokens: the session starts with a login.
func (c *tokenCache) load() {
	if c.loaded {
		return
	}
	c.loaded = true
	if err := privateDirs(filepath.Dir(c.path), false); err != nil {
		// Tokens another user could have put there are not used; saving will say why.
		c.log.Debug("unmetered: token cache in an unsafe place; logging in", "error", err.Error())
		return
	}
	b, err := os.ReadFile(c.path)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			c.log.Debug("unmetered: token cache unreadable; logging in", "error", err.Error())
		}
		return
	}
	var ct cachedTokens
	if err := json.Unmarshal(b, &ct); err != nil {
		c.log.Debug("unmetered: token cache damaged; logging in")
		return
	}
	if ct.BaseURL != c.creds.baseURL || ct.Username != c.creds.username {
		c.log.Debug("unmetered: token cache belongs to another account; logging in")
		return
	}
	tok := unmetered.Token{Access: ct.Access, Refresh: ct.Refresh}
	if err := tok.Validate(); err != nil {
		// Sent, it would fail every run locally, before the server could refuse it and so
		// make the session log in again. The login's tokens replace the file.
		c.log.Debug("unmetered: token cache holds tokens that cannot be sent; logging in", "error", err.Error())
		return
	}
	c.tok = tok
	c.refreshAt = ct.RefreshAt
	c.earlier = ct.Earlier
	c.log.Debug("unmetered: token cache read")
}

// store keeps tok and writes it to the file. A write failure costs the next run a login, so it
// is reported as a warning, not an error. The SDK's Login and Refresh return only pairs that
// pass Token.Validate; one that does not is kept for this run but never written, so that no
// run after it can read it.
func (c *tokenCache) store(tok *unmetered.Token) {
	c.remember(tok, c.tok.Access, c.tok.Refresh)
	c.tok, c.refreshAt = *tok, renewalTime(tok, c.now())
	if err := tok.Validate(); err != nil {
		c.log.Debug("unmetered: tokens that cannot be sent are not cached", "error", err.Error())
		return
	}
	if err := c.save(); err != nil && c.warn != nil {
		c.warn(err)
	}
}

func (c *tokenCache) save() error {
	b, err := json.Marshal(cachedTokens{
		BaseURL:   c.creds.baseURL,
		Username:  c.creds.username,
		Access:    c.tok.Access,
		Refresh:   c.tok.Refresh,
		RefreshAt: c.refreshAt,
		Earlier:   c.earlier,
	})
	if err != nil {
		return err
	}
	if err := writePrivate(c.path, b); err != nil {
		return fmt.Errorf("writing the token cache: %w", err)
	}
	return nil
}

// maxEarlierTokens is how many replaced tokens the cache keeps: those of the last four renewals.
const maxEarlierTokens = 8

// remember keeps replaced tokens (those of old that cur does not hold) among the earlier
// ones, at most maxEarlierTokens.
func (c *tokenCache) remember(cur *unmetered.Token, old ...string) {
	for _, v := range old {
		if v != "" && v != cur.Access && v != cur.Refresh && !slices.Contains(c.earlier, v) {
			c.earlier = append(c.earlier, v)
		}
	}
	if n := len(c.earlier); n > maxEarlierTokens {
		c.earlier = append([]string(nil), c.earlier[n-maxEarlierTokens:]...)
	}
}

// secrets returns the session's tokens in the file, current and earlier, and reads the file
// if it has not been read: the client is told of them (unmetered.WithSecrets) before it
// sends anything, so that it redacts them wherever they appear, also those this run never
// sends.
func (c *tokenCache) secrets() []string {
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	c.load()
	return append([]string{c.tok.Access, c.tok.Refresh}, c.earlier...)
}

// cached returns the tokens in the file, for "auth status" and logout; zero when there are
// none.
func (c *tokenCache) cached() unmetered.Token {
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	c.load()
	return c.tok
}

// forget removes the file and the tokens.
func (c *tokenCache) forget() error {
	c.sem <- struct{}{}
	defer func() { <-c.sem }()
	c.tok, c.refreshAt, c.loaded = unmetered.Token{}, time.Time{}, true
	return removeFile(c.path)
}
