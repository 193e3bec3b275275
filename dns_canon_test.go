package unmetered

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go/internal/charstring"
)

func TestRecordRequestCanonical(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   RecordRequest
		want RecordRequest
	}{
		{RecordRequest{Name: "www", Type: "a", TTL: 300, Content: " 192.0.2.1 "}, RecordRequest{Name: "www", Type: "A", TTL: 300, Content: "192.0.2.1"}},
		{RecordRequest{Name: "", Type: "AAAA", Content: "2001:DB8:0:0::1"}, RecordRequest{Name: "@", Type: "AAAA", Content: "2001:db8::1"}},
		{RecordRequest{Name: "@", Type: "TXT", Content: "  spaced \"text\"  "}, RecordRequest{Name: "@", Type: "TXT", Content: "  spaced \"text\"  "}},
		{RecordRequest{Name: "Example.COM.", Type: "NS", Content: "NS1.dns.services"}, RecordRequest{Name: "@", Type: "NS", Content: "ns1.dns.services."}},
		{RecordRequest{Name: "WWW.example.com.", Type: "CNAME", Content: "example.com."}, RecordRequest{Name: "www", Type: "CNAME", Content: "example.com."}},
		{RecordRequest{Name: "*.dev", Type: "CNAME", Content: "mail"}, RecordRequest{Name: "*.dev", Type: "CNAME", Content: "mail."}},
		{RecordRequest{Name: "@", Type: "MX", Priority: 10, Content: "mx.example.net"}, RecordRequest{Name: "@", Type: "MX", Priority: 10, Content: "mx.example.net."}},
		{RecordRequest{Name: "@", Type: "MX", Content: "."}, RecordRequest{Name: "@", Type: "MX", Content: "."}},
		{RecordRequest{Name: "_sip._tcp", Type: "srv", Priority: 5, Content: "010  5060\tSIP.example.com"},
			RecordRequest{Name: "_sip._tcp", Type: "SRV", Priority: 5, Content: "10 5060 sip.example.com."}},
		{RecordRequest{Name: "@", Type: "SOA", Content: "ns1.example.net hostmaster.example.com. 1 2 3 4 5"},
			RecordRequest{Name: "@", Type: "SOA", Content: "ns1.example.net. hostmaster.example.com. 1 2 3 4 5"}},
		{RecordRequest{Name: "@", Type: "CAA", Content: ` 0 issue "letsencrypt.org" `}, RecordRequest{Name: "@", Type: "CAA", Content: `0 issue "letsencrypt.org"`}},
		{RecordRequest{Name: "x", Type: "DS", TTL: maxTTL, Content: "12345 13 2 ABCD"}, RecordRequest{Name: "x", Type: "DS", TTL: maxTTL, Content: "12345 13 2 ABCD"}},
	} {
		got, err := tc.in.Canonical("Example.com.")
		require.NoError(t, err, "%+v", tc.in)
		assert.Equal(t, tc.want, got, "%+v", tc.in)
		again, err := got.Canonical("example.com")
		require.NoError(t, err)
		assert.Equal(t, got, again, "canonical form is a fixed point")
	}
}

func TestRecordRequestCanonicalRefuses(t *testing.T) {
	t.Parallel()
	const op = "unmetered: invalid argument: RecordRequest.Canonical: "
	for _, tc := range []struct {
		in   RecordRequest
		want string
	}{
		{RecordRequest{Content: "x"}, "Type is required"},
		{RecordRequest{Type: "A"}, "Content is required"},
		{RecordRequest{Type: "TXT", Content: "   "}, "Content is required"},
		{RecordRequest{Type: "A", TTL: -1, Content: "192.0.2.1"}, "TTL -1 is not from 0 to 2147483647 seconds"},
		{RecordRequest{Type: "A", TTL: maxTTL + 1, Content: "192.0.2.1"}, "TTL 2147483648 is not from 0 to 2147483647 seconds"},
		{RecordRequest{Type: "MX", Priority: 65536, Content: "mx."}, "Priority 65536 is not from 0 to 65535"},
		{RecordRequest{Type: "A", Content: "2001:db8::1"}, `Content "2001:db8::1": is not an IPv4 address`},
		{RecordRequest{Type: "AAAA", Content: "192.0.2.1"}, `Content "192.0.2.1": is not an IPv6 address`},
		{RecordRequest{Type: "CNAME", Content: "a b"}, `Content "a b": contains white space`},
		{RecordRequest{Type: "CNAME", Content: "a..b"}, `Content "a..b": has an empty label or one over 63 bytes`},
		{RecordRequest{Type: "SRV", Content: "10 5060"}, `Content "10 5060": is not "weight port target" (the priority goes in Priority)`},
		{RecordRequest{Type: "SRV", Content: "10 70000 x."}, `Content "10 70000 x.": has a weight or port that is not from 0 to 65535`},
		{RecordRequest{Type: "SOA", Content: "a b c"}, `Content "a b c": is not the SOA's seven fields`},
		{RecordRequest{Name: "www.example.org.", Type: "A", Content: "192.0.2.1"}, `Name "www.example.org." is not in the zone example.com`},
		{RecordRequest{Name: "example.com", Type: "A", Content: "192.0.2.1"},
			`Name "example.com" is relative to the zone example.com, so it means example.com.example.com.: give "@", or the absolute "example.com."`},
		// Absolute names whose relative form repeats the zone's name: the portal takes names
		// relative to the zone, and would read "www.example.com" as www.example.com. itself.
		{RecordRequest{Name: "www.example.com.example.com.", Type: "A", Content: "192.0.2.1"},
			`Name "www.example.com.example.com." cannot be sent: the portal takes names relative to the zone, and "www.example.com" repeats the zone's name, so the portal would not read it as www.example.com.example.com. (a zone-file name that lacks its trailing dot?)`},
		{RecordRequest{Name: "Example.COM.example.com.", Type: "A", Content: "192.0.2.1"},
			`Name "Example.COM.example.com." cannot be sent: the portal takes names relative to the zone, and "example.com" repeats the zone's name, so the portal would not read it as example.com.example.com. (a zone-file name that lacks its trailing dot?)`},
		{RecordRequest{Name: "a b", Type: "A", Content: "192.0.2.1"}, `Name "a b" contains white space`},
		{RecordRequest{Name: strings.Repeat("a", 64), Type: "A", Content: "192.0.2.1"}, `Name "` + strings.Repeat("a", 64) + `" has an empty label or one over 63 bytes`},
		{RecordRequest{Name: strings.Repeat("abcdefgh.", 28), Type: "A", Content: "192.0.2.1"},
			`Name "` + strings.Repeat("abcdefgh.", 28) + `" is not in the zone example.com`},
		{RecordRequest{Name: strings.Repeat("abcdefgh.", 27) + "x", Type: "A", Content: "192.0.2.1"},
			`Name "` + strings.Repeat("abcdefgh.", 27) + `x" is longer than a DNS name can be`},
	} {
		_, err := tc.in.Canonical("example.com")
		require.ErrorIs(t, err, ErrInvalidArgument, "%+v", tc.in)
		assert.Equal(t, op+tc.want, err.Error())
	}
	_, err := RecordRequest{Type: "A", Content: "192.0.2.1"}.Canonical(" ")
	assert.EqualError(t, err, op+"the zone has no name")
}

// serverStores stores TXT content as the recorded server does: content already in quotes as
// sent, other content put in quotes (charstring.Unquote is its inverse).
func serverStores(wire string) string {
	if strings.HasPrefix(wire, `"`) {
		return wire
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(wire) + `"`
}

func TestTXTWire(t *testing.T) {
	t.Parallel()
	a255, a256 := strings.Repeat("a", 255), strings.Repeat("a", 256)
	for text, want := range map[string]string{
		"challengetoken":         "challengetoken",
		"v=spf1 mx -all":         "v=spf1 mx -all",
		"héllo wörld":            "héllo wörld",
		a255:                     a255,
		a256:                     `"` + a255 + `" "a"`,
		`say "hi"`:               `"say \"hi\""`,
		`back\slash`:             `"back\\slash"`,
		" leading":               `" leading"`,
		"trailing ":              `"trailing "`,
		"line\nbreak\x7f":        `"line\010break\127"`,
		`"already quoted"`:       `"\"already quoted\""`,
		strings.Repeat("é", 200): `"` + strings.Repeat("é", 127) + `" "` + strings.Repeat("é", 73) + `"`,
	} {
		assert.Equal(t, want, txtWire(text), "%.40q", text)
	}
}

func TestTXTText(t *testing.T) {
	t.Parallel()
	for listed, want := range map[string]string{
		`"challengetoken"`:         "challengetoken",
		`"v=DKIM1; k=rsa; p=MIGf"`: "v=DKIM1; k=rsa; p=MIGf",
		`"abc" "def"`:              "abcdef",
		`"abc"   "def" ghi`:        "abcdefghi",
		`"a \"b\" \\c"`:            `a "b" \c`,
		`"\065\066" "\0671"`:       "ABC1",
		`"sp a ce" `:               "sp a ce",
		`unquoted text`:            "unquoted text",
		`"unterminated`:            `"unterminated`,
		`"bad escape \`:            `"bad escape \`,
		`"\999"`:                   `"\999"`,
		`""`:                       "",
	} {
		assert.Equal(t, want, charstring.Unquote(listed), listed)
	}
}

// TestTXTRoundTrip sends text as the SDK does, stores it as the recorded server does and reads
// it back as the SDK does: the text survives, and DNS can carry every string stored.
func TestTXTRoundTrip(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"challengetoken", "with spaces inside", `embedded "quotes" here`, `back\slashes\\`, `\"mixed\" \\`,
		"  leading and trailing  ", "tab\tand\nnewline", strings.Repeat("x", 255), strings.Repeat("y", 256),
		strings.Repeat("0123456789", 100), strings.Repeat("ü€", 300), "v=DKIM1; k=rsa; p=" + strings.Repeat("MIIB", 200),
		`"`, `\`, `\065`, "emoji 🎉 " + strings.Repeat("🎉", 100),
	} {
		stored := serverStores(txtWire(text))
		assert.Equal(t, text, charstring.Unquote(stored), "%.50q", text)
		strs, ok := charstring.Parse(stored)
		require.True(t, ok)
		for _, s := range strs {
			assert.LessOrEqual(t, len(s), 255, "%.50q", text)
		}
		assert.True(t, utf8.ValidString(txtWire(text)), "%.50q", text)
	}
}

func FuzzTXTRoundTrip(f *testing.F) {
	for _, s := range []string{"a", `"q"`, `\`, strings.Repeat("é", 130), " x ", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || strings.TrimSpace(text) == "" {
			return // the SDK refuses empty content; JSON carries only valid UTF-8
		}
		wire := txtWire(text)
		require.True(t, utf8.ValidString(wire))
		stored := serverStores(wire)
		require.Equal(t, text, charstring.Unquote(stored))
		strs, ok := charstring.Parse(stored)
		require.True(t, ok)
		for _, s := range strs {
			require.LessOrEqual(t, len(s), 255)
		}
	})
}

func TestServerForms(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"astylos.dk": "@", "ASTYLOS.DK.": "@", "@": "@", "": "@", "www.astylos.dk": "www", "www.astylos.dk.": "www",
		"qwerty": "qwerty", "a.b.astylos.dk": "a.b", "notastylos.dk": "notastylos.dk",
	} {
		assert.Equal(t, want, serverName("astylos.dk", in), in)
	}
	for _, tc := range []struct {
		typ      RecordType
		content  looseContent
		priority int64
		want     string
	}{
		{RecordTypeCNAME, newContent("Target.example.net"), 0, "target.example.net."},
		{RecordTypeMX, newContent("mx.example.net."), 10, "mx.example.net."},
		{RecordTypeMX, newContent("."), 0, "."},
		{RecordTypeMX, newContent("10 mx.example.net"), 10, "10 mx.example.net"},
		{RecordTypeSRV, newContentList("1", "2", "t.example.net"), 5, "1 2 t.example.net."},
		{RecordTypeSRV, newContent("5 1 2 t.example.net"), 5, "1 2 t.example.net."},
		{RecordTypeSRV, newContent("9 1 2 t.example.net"), 5, "9 1 2 t.example.net"},
		{RecordTypeA, newContent("not an address"), 0, "not an address"},
		{RecordTypeTXT, newContentList(`"a"`, `"b"`), 0, "ab"},
		{RecordTypeTXT, newContent(` "x" `), 0, "x"},
		{RecordTypeSOA, newContent("a b"), 0, "a b"},
		{"ALIAS", newContentList("x", "y"), 0, "x y"},
	} {
		assert.Equal(t, tc.want, serverContent(tc.typ, tc.content, tc.priority), fmt.Sprintf("%s %v", tc.typ, tc.content))
	}
}
