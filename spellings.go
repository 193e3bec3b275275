package unmetered

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The wire spellings of a secret: every form a server, a proxy or an error page may echo it in.

// wireForms returns v and the spellings a server, a proxy or an error page may echo it in:
//   - JSON-escaped as encoding/json writes it (with and without HTML escaping) and as other
//     encoders do (PHP's json_encode escapes "/" and non-ASCII, others write \u escapes in
//     upper case or \b and \f as \u0008 and \u000c), and each of those escaped once more (a
//     request body echoed inside a JSON string);
//   - HTML-escaped, alone and after JSON escaping (a body echoed into an error page);
//   - URL-encoded: query escaping (+ for a space), path escaping, every reserved byte escaped,
//     with upper- and lower-case hex;
//   - base64 (standard and URL alphabets) at each of the three alignments it can have inside a
//     longer encoded text, such as a Basic header with another username.
func wireForms(v string) []string {
	forms := []string{v, html.EscapeString(v), phpHTML(v)}
	level1 := jsonForms(v)
	for _, j := range level1 {
		forms = append(forms, j, html.EscapeString(j), phpHTML(j),
			jsonEscape(j, jsonStyle{html: true, shortBF: true}),
			jsonEscape(j, jsonStyle{shortBF: true}),
			jsonEscape(j, jsonStyle{slash: true, ascii: true, shortBF: true}))
	}
	for _, u := range []string{url.QueryEscape(v), url.PathEscape(v), percentAll(v)} {
		forms = append(forms, u, lowerHex(u))
	}
	return append(forms, base64Cores(v)...)
}

// jsonStyle is one way of escaping a JSON string.
type jsonStyle struct {
	html    bool // <, > and & as \u003c, \u003e, \u0026 (encoding/json's default)
	slash   bool // / as \/ (PHP)
	ascii   bool // every non-ASCII character as \uXXXX (PHP, Python)
	upper   bool // upper-case hex digits in \u escapes
	shortBF bool // \b and \f rather than \u0008 and \u000c
}

// jsonForms returns the distinct contents of v as a JSON string in every jsonStyle, and exactly
// as encoding/json writes it.
func jsonForms(v string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for bits := 0; bits < 32; bits++ {
		add(jsonEscape(v, jsonStyle{html: bits&1 != 0, slash: bits&2 != 0, ascii: bits&4 != 0,
			upper: bits&8 != 0, shortBF: bits&16 != 0}))
	}
	if b, err := json.Marshal(v); err == nil {
		add(string(b[1 : len(b)-1]))
	}
	var plain strings.Builder
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) == nil {
		s := strings.TrimSuffix(plain.String(), "\n")
		add(s[1 : len(s)-1])
	}
	return out
}

// jsonEscape returns the content of s written as a JSON string in style st. Invalid UTF-8 is
// written as \ufffd, as encoding/json does.
func jsonEscape(s string, st jsonStyle) string {
	hex := "0123456789abcdef"
	if st.upper {
		hex = "0123456789ABCDEF"
	}
	var b strings.Builder
	u := func(r rune) {
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(hex[r>>shift&0xf])
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '/' && st.slash:
			b.WriteString(`\/`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b' && st.shortBF:
			b.WriteString(`\b`)
		case r == '\f' && st.shortBF:
			b.WriteString(`\f`)
		case r < 0x20, st.html && (r == '<' || r == '>' || r == '&'),
			(st.html || st.ascii) && (r == '\u2028' || r == '\u2029'):
			u(r)
		case r >= utf8.RuneSelf && st.ascii:
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				u(r1)
				u(r2)
			} else {
				u(r)
			}
		default:
			b.WriteRune(r) // utf8.RuneError for invalid bytes, as encoding/json writes
		}
	}
	return b.String()
}

// phpHTML is HTML escaping as PHP's htmlspecialchars writes it.
func phpHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#039;").Replace(s)
}

// percentAll escapes every byte but the unreserved ones (RFC 3986), a space as %20.
func percentAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// lowerHex writes the hex digits of a percent-encoded text in lower case.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lowerASCII(b[i+1]), lowerASCII(b[i+2])
		}
	}
	return string(b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// base64Cores returns, for each alphabet and each alignment of v inside an encoded text (v
// starting 0, 1 or 2 bytes into a 3-byte group), the characters that encode v's bytes alone.
func base64Cores(v string) []string {
	var out []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for k := 0; k < 3; k++ {
			s := enc.EncodeToString(append(make([]byte, k), v...))
			from, to := (8*k+5)/6, 8*(k+len(v))/6
			if to-from >= minSecretLen {
				out = append(out, s[from:to])
			}
		}
	}
	return out
}
