package unmetered

import (
	"errors"
	"fmt"
	"strings"
)

// Checking the tokens /login and /token hand out, before they are used or kept: a token that
// cannot be sent would otherwise fail every request locally, never reaching the server whose
// 401 would make the client log in again.

// maxTokenLen bounds each token of a pair: 8 KiB. A JWT of the portal is a few hundred bytes,
// and servers commonly refuse a request whose header line is longer than 8 KiB.
const maxTokenLen = 8 << 10

// Validate reports whether the pair can be used as the API issues it: the access token is a
// JWT in compact form (three parts of base64url characters joined by dots, the header and
// payload not empty, optional "=" padding), and the refresh token, if any, is printable ASCII
// without spaces; neither is longer than 8 KiB. Auth.Login and Auth.Refresh refuse an answer
// whose pair fails it, and a WithLogin session never keeps one; call it on a pair read back
// from your own cache before using it (and log in again if it fails). Its error never shows
// the tokens.
func (t Token) Validate() error {
	if t.Access == "" {
		return errors.New("no access token")
	}
	if err := checkTokenText("access token", t.Access); err != nil {
		return err
	}
	if parts := strings.Split(t.Access, "."); len(parts) != 3 || parts[0] == "" || parts[1] == "" ||
		!base64URLPart(parts[0]) || !base64URLPart(parts[1]) || !base64URLPart(parts[2]) {
		return errors.New("the access token is not a JWT (three base64url parts joined by dots)")
	}
	if t.Refresh != "" {
		if err := checkTokenText("refresh token", t.Refresh); err != nil {
			return err
		}
	}
	return nil
}

// checkTokenText checks a token's length and characters: printable ASCII, no spaces.
func checkTokenText(what, tok string) error {
	if len(tok) > maxTokenLen {
		return fmt.Errorf("the %s is %d bytes long, over the %d KiB a token may have", what, len(tok), maxTokenLen>>10)
	}
	for i := 0; i < len(tok); i++ {
		if c := tok[i]; c <= ' ' || c >= 0x7f {
			return fmt.Errorf("the %s holds a space, a control character or a non-ASCII byte (at byte %d)", what, i)
		}
	}
	return nil
}

// base64URLPart reports whether s consists of base64url characters with optional trailing "="
// padding.
func base64URLPart(s string) bool {
	s = strings.TrimRight(s, "=")
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
