package unmeteredtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// authRoutes are the session endpoints of the Clientarea section.
var authRoutes = []*route{
	{method: "POST", pattern: "/login", h: login, public: true},
	{method: "POST", pattern: "/logout", h: logout},
	{method: "POST", pattern: "/token", h: refreshToken, public: true},
	{method: "POST", pattern: "/revoke", h: revoke, public: true},
}

// session is one login: the access and refresh tokens issued for it carry its id, and revoking
// it ends them all.
type session struct {
	revoked bool
}

// claims are the JWT claims of the server's tokens.
type claims struct {
	Issuer    string `json:"iss"`
	Subject   string `json:"sub"`
	Session   string `json:"sid"`
	Type      string `json:"typ"` // "access" or "refresh"
	ID        string `json:"jti"`
	IssuedAt  int64  `json:"iat"`
	ExpiresAt int64  `json:"exp"`
}

const (
	accessToken  = "access"
	refreshType  = "refresh"
	invalidCreds = "Invalid username or password"
)

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

// sign returns the HS256 JWT of c.
func (s *Server) sign(c claims) string {
	payload, _ := json.Marshal(c)
	unsigned := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(unsigned))
	return unsigned + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// verify checks a token's signature and type and returns its claims; expiry is the caller's.
func (s *Server) verify(token, typ string) (claims, bool) {
	var c claims
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != jwtHeader {
		return c, false
	}
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		return c, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(payload, &c) != nil || c.Type != typ {
		return c, false
	}
	return c, true
}

// maxVerified bounds the access tokens a server remembers as verified (verifyAccess): past
// it, it forgets them all and verifies again.
const maxVerified = 1024

// verifyAccess is verify for an access token, remembering the tokens that passed: a session
// sends one token with many requests, and checking its signature each time (an HMAC-SHA256, two
// base64 decodings and a JSON decoding) made the fake, which runs in its users' test
// processes, slower to answer a bearer token than Basic credentials. A token's signature and
// claims never change, so the answer is the same; whether its session is live is checked on
// every request (live). It needs s.mu.
func (s *Server) verifyAccess(token string) (claims, bool) {
	if c, ok := s.verified[token]; ok {
		return c, true
	}
	c, ok := s.verify(token, accessToken)
	if ok {
		if len(s.verified) >= maxVerified {
			clear(s.verified)
		}
		s.verified[token] = c
	}
	return c, ok
}

// live reports whether the token's session exists, is not revoked and the token has not expired.
// It needs s.mu.
func (s *Server) live(c claims) (*session, bool) {
	sess := s.sessions[c.Session]
	if sess == nil || sess.revoked || !s.now().Before(time.Unix(c.ExpiresAt, 0)) {
		return nil, false
	}
	return sess, true
}

// issue returns a new token pair for the session sid. It needs s.mu.
func (s *Server) issue(sid string) obj {
	now := s.now()
	s.st.jti++
	base := claims{Issuer: s.ts.URL, Subject: idString(clientID), Session: sid, IssuedAt: now.Unix()}
	access, refresh := base, base
	access.Type, access.ID = accessToken, "a"+strconv.FormatInt(s.st.jti, 10)
	access.ExpiresAt = now.Add(s.cfg.tokenLifetime).Unix()
	refresh.Type, refresh.ID = refreshType, "r"+strconv.FormatInt(s.st.jti, 10)
	refresh.ExpiresAt = now.Add(s.cfg.refreshLifetime).Unix()
	return obj{"token": s.sign(access), "refresh": s.sign(refresh)}
}

func (s *Server) checkPassword(username, password string) bool {
	u := subtle.ConstantTimeCompare([]byte(username), []byte(s.cfg.username))
	p := subtle.ConstantTimeCompare([]byte(password), []byte(s.cfg.password))
	return u&p == 1
}

// authenticate checks a request's Basic credentials or bearer token; it returns the 401 reply
// when they fail, and notes the token's session in c.
func (s *Server) authenticate(c *call) *reply {
	h := c.r.Header.Get("Authorization")
	scheme, cred, _ := strings.Cut(h, " ")
	var failed reply
	switch strings.ToLower(scheme) {
	case "basic":
		if u, p, ok := c.r.BasicAuth(); ok && s.checkPassword(u, p) {
			return nil
		}
		failed = errorReply(http.StatusUnauthorized, invalidCreds)
	case "bearer":
		s.mu.Lock()
		defer s.mu.Unlock()
		if cl, ok := s.verifyAccess(strings.TrimSpace(cred)); ok {
			if sess, live := s.live(cl); live {
				c.session = sess
				return nil
			}
			failed = errorReply(http.StatusUnauthorized, "The token has expired or was revoked")
		} else {
			failed = errorReply(http.StatusUnauthorized, "Invalid token")
		}
	default:
		failed = errorReply(http.StatusUnauthorized, "Authentication required")
	}
	return &failed
}

// login is POST /login: a JSON or form body with username and password.
func login(c *call) reply {
	user, pass := c.in.str("username"), c.in.str("password")
	if user == "" || pass == "" {
		return invalid("username and password are required")
	}
	if !c.srv.checkPassword(user, pass) {
		return errorReply(http.StatusUnauthorized, invalidCreds)
	}
	c.st.sessions++
	sid := "s" + strconv.FormatInt(c.st.sessions, 10)
	c.srv.sessions[sid] = &session{}
	return ok(c.srv.issue(sid))
}

// refreshToken is POST /token: a new pair for a live refresh token.
func refreshToken(c *call) reply {
	tok := c.in.str("refresh_token")
	if tok == "" {
		return invalid("refresh_token is required")
	}
	cl, valid := c.srv.verify(tok, refreshType)
	if !valid {
		return errorReply(http.StatusUnauthorized, "Invalid refresh token")
	}
	if _, live := c.srv.live(cl); !live {
		return errorReply(http.StatusUnauthorized, "The refresh token has expired or was revoked")
	}
	return ok(c.srv.issue(cl.Session))
}

// revoke is POST /revoke: it ends the session of the refresh token given, or of the bearer
// token sent; with Basic credentials and no refresh token it ends every session.
func revoke(c *call) reply {
	if tok := c.in.str("refresh_token"); tok != "" {
		cl, valid := c.srv.verify(tok, refreshType)
		sess := c.srv.sessions[cl.Session]
		if !valid || sess == nil {
			return errorReply(http.StatusUnauthorized, "Invalid refresh token")
		}
		sess.revoked = true
		return statusTrue()
	}
	if c.authFailure != nil {
		return *c.authFailure
	}
	if c.session != nil {
		c.session.revoked = true
		return statusTrue()
	}
	for _, sess := range c.srv.sessions {
		sess.revoked = true
	}
	return statusTrue()
}

// logout is POST /logout: it ends the bearer token's session (with Basic auth there is none).
func logout(c *call) reply {
	if c.session != nil {
		c.session.revoked = true
	}
	return statusTrue()
}

// authScheme is the scheme of a request's Authorization header, for Request records.
func authScheme(r *http.Request) string {
	scheme, _, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return scheme
}
