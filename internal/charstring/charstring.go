// Package charstring reads RFC 1035 character-strings in presentation form, the form a zone file
// and the portal's DNS listings write TXT data in: `"v=spf1 -all"`, `"part one" "part two"`,
// bare words, with \X and \DDD escapes. The SDK, its fake portal and its libdns provider share it,
// so that all three read TXT content alike.
package charstring

import "strings"

// Parse reads the character-strings of s, quoted or bare, separated by white space. ok is false
// for an unterminated quote, a dangling backslash or a \DDD escape above 255.
func Parse(s string) (strs []string, ok bool) {
	for i := 0; i < len(s); {
		if s[i] == ' ' || s[i] == '\t' {
			i++
			continue
		}
		quoted := s[i] == '"'
		if quoted {
			i++
		}
		var b strings.Builder
		for ; i < len(s); i++ {
			c := s[i]
			if quoted && c == '"' || !quoted && (c == ' ' || c == '\t') {
				break
			}
			if c != '\\' {
				b.WriteByte(c)
				continue
			}
			if i+3 < len(s) && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
				n := int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
				if n > 255 {
					return nil, false
				}
				b.WriteByte(byte(n))
				i += 3
				continue
			}
			if i+1 >= len(s) {
				return nil, false
			}
			i++
			b.WriteByte(s[i])
		}
		if quoted {
			if i >= len(s) {
				return nil, false
			}
			i++ // the closing quote
		}
		strs = append(strs, b.String())
	}
	return strs, true
}

// Unquote is the text of TXT data as a server lists it: when s starts with a quote and parses,
// its character-strings unescaped and joined; otherwise s as it is (plain text that was never
// quoted).
func Unquote(s string) string {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, `"`) {
		return s
	}
	strs, ok := Parse(t)
	if !ok {
		return s
	}
	return strings.Join(strs, "")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
