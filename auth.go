package unmetered

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// TokenSource supplies bearer tokens to a client built with WithTokenSource.
//
// Token is called before every request and must be safe for concurrent use; it should return a
// cached token quickly. If the source also has a method
//
//	Invalidate(rejected string)
//
// the client calls it when the server answers 401 to a request that carried the token rejected,
// asks Token again, and replays the request once with the new token.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// tokenInvalidator is the optional half of TokenSource described in its documentation.
type tokenInvalidator interface {
	Invalidate(rejected string)
}

// authorizer puts credentials on a request; unauthorized is told of a 401 and reports whether
// a replay with fresh credentials is worthwhile.
type authorizer interface {
	authorize(ctx context.Context, h http.Header) (credential string, err error)
	unauthorized(ctx context.Context, rejected string) bool
}

type basicAuth struct{ header string }

func basicCredentials(username, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(username + ":" + password))
}

func (b basicAuth) authorize(_ context.Context, h http.Header) (string, error) {
	h.Set("Authorization", b.header)
	return "", nil
}

func (basicAuth) unauthorized(context.Context, string) bool { return false }

type tokenAuth struct {
	src TokenSource
	// last is the Authorization value of the token sent last: a session sends one token for
	// many requests, which need not each join it to "Bearer ".
	last atomic.Pointer[bearerHeader]
}

// bearerHeader is a token and its Authorization value.
type bearerHeader struct{ token, value string }

func (t *tokenAuth) authorize(ctx context.Context, h http.Header) (string, error) {
	tok, err := t.src.Token(ctx)
	if err != nil {
		return "", err
	}
	if tok == "" {
		return "", errors.New("unmetered: the token source returned an empty token")
	}
	b := t.last.Load()
	if b == nil || b.token != tok {
		b = &bearerHeader{token: tok, value: "Bearer " + tok}
		t.last.Store(b)
	}
	h.Set("Authorization", b.value)
	return tok, nil
}

func (t *tokenAuth) unauthorized(ctx context.Context, rejected string) bool {
	inv, ok := t.src.(tokenInvalidator)
	if !ok {
		return false
	}
	inv.Invalidate(rejected)
	return true
}

// Token is a JWT pair from POST /login or POST /token. Its String and slog forms hide the token
// values; read the fields directly to store them.
type Token struct {
	// Access is the bearer token sent as "Authorization: Bearer <Access>".
	Access string `json:"token"`
	// Refresh is the refresh token for POST /token and POST /revoke.
	Refresh string `json:"refresh"`
}

// Expiry returns the access token's "exp" claim, read from its payload without verifying the
// signature, or the zero time if the token has none.
func (t Token) Expiry() time.Time {
	_, exp := jwtTimes(t.Access)
	return exp
}

// String describes the token without revealing it.
func (t Token) String() string {
	if exp := t.Expiry(); !exp.IsZero() {
		return "Token{Access: " + redacted + ", Refresh: " + redacted + ", Expiry: " + exp.UTC().Format(time.RFC3339) + "}"
	}
	return "Token{Access: " + redacted + ", Refresh: " + redacted + "}"
}

// GoString hides the token values from %#v.
func (t Token) GoString() string { return t.String() }

// LogValue hides the token values from slog.
func (t Token) LogValue() slog.Value { return slog.StringValue(t.String()) }

// jwtTimes reads the iat and exp claims of a JWT without verifying it; a claim that is missing
// or not a plausible time is zero.
func jwtTimes(token string) (iat, exp time.Time) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, time.Time{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}, time.Time{}
	}
	var claims struct {
		Iat json.Number `json:"iat"`
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return time.Time{}, time.Time{}
	}
	return unixClaim(claims.Iat), unixClaim(claims.Exp)
}

func unixClaim(n json.Number) time.Time {
	secs, err := n.Float64()
	if n == "" || err != nil || secs <= 0 || secs > 1<<40 {
		return time.Time{}
	}
	return time.Unix(int64(secs), 0)
}

// refreshSkew is the most time before a token expires that the session refreshes it; a token
// that lives less than four times as long is refreshed when a quarter of its life is left (see
// refreshDeadline).
const refreshSkew = 30 * time.Second

// refreshDeadline returns when, by the local clock, a token received at now should be renewed,
// and when it expires; both are zero when that cannot be told (no exp claim, or a clock so far
// off that the token looks expired on arrival: it is then used until the server rejects it).
//
// The token's lifetime is exp - iat when it has both claims: the server's own measure, which a
// skewed local clock does not change. Without iat it is exp - now. The refresh margin is a
// quarter of the lifetime, at most refreshSkew, so a token that lives less than the margin is
// not renewed by every request, one after another.
func refreshDeadline(tok Token, now time.Time) (refreshAt, expiry time.Time) {
	iat, exp := jwtTimes(tok.Access)
	if exp.IsZero() {
		return time.Time{}, time.Time{}
	}
	life := exp.Sub(now)
	if !iat.IsZero() && exp.After(iat) {
		life = exp.Sub(iat)
	}
	if life <= 0 {
		return time.Time{}, time.Time{}
	}
	return now.Add(life - min(refreshSkew, life/4)), now.Add(life)
}

// loginSource is the JWT session of a client built with WithLogin.
type loginSource struct {
	client             *Client
	username, password string

	state atomic.Pointer[sessionState]
	// sem admits one login or refresh at a time; waiting on it respects the caller's context.
	sem chan struct{}
	now func() time.Time // for tests; nil means time.Now
}

type sessionState struct {
	tok Token
	// refreshAt and expiry are local-clock times (see refreshDeadline); zero: unknown, the token
	// is used until the server rejects it.
	refreshAt, expiry time.Time
}

func (s *loginSource) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// fresh returns the current access token if it is not due for renewal.
func (s *loginSource) fresh() (string, bool) {
	st := s.state.Load()
	if st == nil || st.tok.Access == "" {
		return "", false
	}
	if !st.refreshAt.IsZero() && !s.clock().Before(st.refreshAt) {
		return "", false
	}
	return st.tok.Access, true
}

// Token returns a valid access token, logging in or refreshing first when needed. Only one
// login or refresh runs at a time; callers that find the token due wait for it (or for their
// context) and then share its result: one renewal serves them all.
func (s *loginSource) Token(ctx context.Context) (string, error) {
	if tok, ok := s.fresh(); ok {
		return tok, nil
	}
	due := s.state.Load()
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.sem }()
	if tok, ok := s.fresh(); ok { // another caller renewed it while we waited
		return tok, nil
	}
	// Another caller renewed the token we found due while we waited: use the new one until it
	// expires, even if it is already due itself (a token that lives shorter than a round trip,
	// a clock that runs fast), rather than renew once per waiting caller.
	if st := s.state.Load(); st != due && st != nil && st.tok.Access != "" &&
		(st.expiry.IsZero() || s.clock().Before(st.expiry)) {
		return st.tok.Access, nil
	}
	if st := s.state.Load(); st != nil && st.tok.Refresh != "" {
		tok, err := s.client.Auth.Refresh(ctx, st.tok.Refresh)
		if err == nil {
			s.store(tok)
			return tok.Access, nil
		}
		// A refresh held back by a rate limit (a 429 after the retries, or the pacer's refusal
		// before the deadline) was not a refusal of the token: a login would only spend one
		// of the account's scarcer logins.
		if ctx.Err() != nil || errors.Is(err, ErrRateLimited) {
			return "", err
		}
		s.client.logger.LogAttrs(ctx, slog.LevelDebug, "unmetered: token refresh refused; logging in again",
			slog.String("error", err.Error()))
	}
	tok, err := s.client.Auth.Login(ctx, s.username, s.password)
	if err != nil {
		return "", err
	}
	s.store(tok)
	return tok.Access, nil
}

func (s *loginSource) store(tok *Token) {
	refreshAt, expiry := refreshDeadline(*tok, s.clock())
	s.state.Store(&sessionState{tok: *tok, refreshAt: refreshAt, expiry: expiry})
}

// Invalidate drops the access token the server rejected, keeping the refresh token, so the next
// Token call refreshes.
func (s *loginSource) Invalidate(rejected string) {
	st := s.state.Load()
	if st == nil || st.tok.Access != rejected {
		return // already replaced by a newer token
	}
	s.state.CompareAndSwap(st, &sessionState{tok: Token{Refresh: st.tok.Refresh}})
}

// forget drops the whole session (after logout or revoke).
func (s *loginSource) forget() { s.state.Store(nil) }

func (s *loginSource) refreshToken() string {
	if st := s.state.Load(); st != nil {
		return st.tok.Refresh
	}
	return ""
}

// secretValues are the session's current tokens, for redaction.
func (s *loginSource) secretValues() []string {
	st := s.state.Load()
	if st == nil {
		return nil
	}
	var out []string
	for _, v := range []string{st.tok.Access, st.tok.Refresh} {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// AuthService covers the session endpoints. Reach it as Client.Auth.
type AuthService struct {
	client  *Client
	session *loginSource // the WithLogin session, if any
}

// Login exchanges an email address and password for a JWT pair (POST /login). It does not
// change how this client authenticates: a client built with WithLogin logs in by itself.
// Use Login to obtain tokens for your own TokenSource. An answer whose pair fails Token.Validate
// (not a JWT, too long, a character no header can carry) is an error that does not show it.
func (s *AuthService) Login(ctx context.Context, username, password string) (*Token, error) {
	if username == "" || password == "" {
		return nil, fmt.Errorf("%w: Login needs a username and a password", ErrInvalidArgument)
	}
	body := map[string]string{"username": username, "password": password}
	return s.tokenCall(ctx, "/login", body, password)
}

// Refresh exchanges a refresh token for a new JWT pair (POST /token). An answer whose pair
// fails Token.Validate is an error, as for Login.
func (s *AuthService) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	if refreshToken == "" {
		return nil, fmt.Errorf("%w: Refresh needs a refresh token", ErrInvalidArgument)
	}
	return s.tokenCall(ctx, "/token", map[string]string{"refresh_token": refreshToken}, refreshToken)
}

// tokenCall posts body to route and decodes the token pair; secret (the password or refresh
// token in the body) never reaches an error.
func (s *AuthService) tokenCall(ctx context.Context, route string, body any, secret string) (*Token, error) {
	var tok Token
	r := staticRoute(http.MethodPost, route).request(body)
	r.noAuth, r.secrets = true, []string{secret}
	if err := s.client.call(ctx, r, &tok); err != nil {
		return nil, err
	}
	if tok.Access == "" {
		return nil, fmt.Errorf("unmetered: POST %s: the response carries no token", route)
	}
	if err := tok.Validate(); err != nil { // never a token that would fail every request locally
		return nil, fmt.Errorf("unmetered: POST %s: the server's token pair is refused: %w", route, err)
	}
	s.client.secrets.learn(tok.Access, tok.Refresh)
	return &tok, nil
}

// Logout invalidates the current authorization token (POST /logout). A client built with
// WithLogin also forgets its session; its next request logs in again. It is never sent twice;
// MaybeApplied(err) tells whether a failed logout may have ended the session anyway.
func (s *AuthService) Logout(ctx context.Context) error {
	var out struct {
		Status *looseBool `json:"status"`
	}
	err := s.client.do(ctx, staticRoute(http.MethodPost, "/logout"), nil, &out)
	if err == nil && out.Status != nil && !bool(*out.Status) {
		err = &Error{StatusCode: http.StatusOK, Method: http.MethodPost, Path: "/logout",
			Messages: []string{"the server did not confirm the logout (status: false)"}}
	}
	if s.session != nil {
		s.session.forget()
	}
	return err
}

// Revoke invalidates a refresh token and the access tokens issued with it (POST /revoke). With
// an empty refreshToken it revokes the client's own session: the WithLogin session's refresh
// token, or else the session of the credentials the client sends. A client built with WithLogin
// forgets its session afterwards.
func (s *AuthService) Revoke(ctx context.Context, refreshToken string) error {
	if refreshToken == "" && s.session != nil {
		refreshToken = s.session.refreshToken()
	}
	var body any
	if refreshToken != "" {
		body = map[string]string{"refresh_token": refreshToken}
	}
	var out struct {
		Status *looseBool `json:"status"`
	}
	r := staticRoute(http.MethodPost, "/revoke").request(body)
	r.secrets = []string{refreshToken}
	err := s.client.call(ctx, r, &out)
	if err == nil && out.Status != nil && !bool(*out.Status) {
		err = &Error{StatusCode: http.StatusOK, Method: http.MethodPost, Path: "/revoke",
			Messages: []string{"the server did not confirm the revocation (status: false)"}}
	}
	if s.session != nil && (refreshToken == "" || refreshToken == s.session.refreshToken()) {
		s.session.forget()
	}
	return err
}
