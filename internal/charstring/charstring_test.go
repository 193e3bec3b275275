package charstring

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		`"v=spf1 -all"`:                 {"v=spf1 -all"},
		`"part one" "part two"`:         {"part one", "part two"},
		`bare words`:                    {"bare", "words"},
		`"quote \" and \\ backslash"`:   {`quote " and \ backslash`},
		`"del \127 tab\009x"`:           {"del \x7f tab\tx"},
		"  \t\"padded\"\t ":             {"padded"},
		`""`:                            {""},
		``:                              nil,
		`"ünï" "日本"`:                    {"ünï", "日本"},
		`mixed "quoted one" bare\ word`: {"mixed", "quoted one", "bare word"},
	} {
		got, ok := Parse(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{`"unterminated`, `"dangling \`, `"\256"`, `x\`} {
		_, ok := Parse(bad)
		assert.False(t, ok, bad)
	}
}

func TestUnquote(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "challengetoken", Unquote(`"challengetoken"`))
	assert.Equal(t, "part onepart two", Unquote(`"part one" "part two"`), "strings are joined")
	assert.Equal(t, "plain text", Unquote("plain text"), "never quoted")
	assert.Equal(t, `"unterminated`, Unquote(`"unterminated`), "not parseable: as it is")
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`"a" "b"`, `x\065`, `"\"`, `\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		strs, ok := Parse(s) // must not panic
		if ok {
			for _, cs := range strs {
				_ = Unquote(`"` + cs + `"`)
			}
		}
	})
}
