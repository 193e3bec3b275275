package unmetered

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// Documents generated from a fuzzer's input (or a seeded generator) for the differential checks
// of decode_fast_test.go: valid JSON, where the one-pass decoders do their work.

// jsonGen writes valid JSON documents shaped like the portal's answers, its choices read from
// a fuzzer's input (zeros once the input is used up): keys of the wire types in their own and
// other cases and with escapes, values of every kind in the spellings the portal uses and
// others, lists as arrays or number-keyed objects, the envelope's members.
type jsonGen struct {
	in  []byte
	out bytes.Buffer
}

func (g *jsonGen) pick(n int) int {
	if len(g.in) == 0 {
		return 0
	}
	c := int(g.in[0])
	g.in = g.in[1:]
	return c % n
}

var (
	genKeys = []string{"id", "name", "status", "expires", "date_created", "total", "items", "client", "qty",
		"datepaid", "priority", "prio", "content", "ttl", "type", "records", "nameservers", "autorenew",
		"merge_id", "number", "date", "subject", "tid", "domain", "password", "config", "value",
		"Id", "NAME", `n\u0061me`, "x", "", "d", "D", "error", "success", "Error", "é", "firstItemId", "taxed"}
	genScalars = []string{`"1"`, `" 7 "`, `"abc"`, `"a\/b"`, `"\u00e9"`, `"é"`, "\"\xff\"", `"2016-12-30"`,
		`"0000-00-00"`, `"2016-12-30 12:40:47"`, `"19.65"`, `"1e3"`, `"yes"`, `""`, `"A"`, `"0"`, `"x\"y"`,
		`1`, `-2.5`, `1e3`, `true`, `false`, `null`, `0`, `"\ud83d\ude00"`, `"\n"`, `12345678901234567890`}
)

func (g *jsonGen) value(depth int) {
	switch k := g.pick(8); {
	case depth > 3 || k < 4:
		g.out.WriteString(genScalars[g.pick(len(genScalars))])
	case k < 6:
		g.object(depth)
	case k < 7:
		g.array(depth)
	default: // a number-keyed object
		g.out.WriteByte('{')
		for i, n := 0, g.pick(4); i < n; i++ {
			if i > 0 {
				g.out.WriteByte(',')
			}
			g.out.WriteString(`"` + []string{"0", "1", "17", "3", " 2", "01", "-1"}[g.pick(7)] + `":`)
			g.object(depth + 1)
		}
		g.out.WriteByte('}')
	}
}

func (g *jsonGen) object(depth int) {
	g.out.WriteString([]string{"{", " { "}[g.pick(2)])
	for i, n := 0, g.pick(7); i < n; i++ {
		if i > 0 {
			g.out.WriteByte(',')
		}
		g.out.WriteString(`"` + genKeys[g.pick(len(genKeys))] + `":`)
		g.value(depth + 1)
	}
	g.out.WriteByte('}')
}

func (g *jsonGen) array(depth int) {
	g.out.WriteByte('[')
	for i, n := 0, g.pick(5); i < n; i++ {
		if i > 0 {
			g.out.WriteString([]string{",", " , "}[g.pick(2)])
		}
		if g.pick(4) > 0 {
			g.object(depth + 1)
		} else {
			g.value(depth + 1)
		}
	}
	g.out.WriteByte(']')
}

// document writes a response: an object with the list under "d" (mostly) and other members.
func (g *jsonGen) document() []byte {
	g.out.WriteByte('{')
	for i, n := 0, 1+g.pick(4); i < n; i++ {
		if i > 0 {
			g.out.WriteByte(',')
		}
		if g.pick(3) > 0 {
			g.out.WriteString(`"d":`)
			g.array(0)
		} else {
			g.out.WriteString(`"` + genKeys[g.pick(len(genKeys))] + `":`)
			g.value(1)
		}
	}
	g.out.WriteByte('}')
	return g.out.Bytes()
}

// FuzzListDecoderShapes is FuzzListDecoder on documents that jsonGen writes from the input, so
// that the fuzzer explores valid JSON, where the one-pass decoders do their work.
func FuzzListDecoderShapes(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Fuzz(func(t *testing.T, in []byte) {
		g := &jsonGen{in: in}
		b := g.document()
		require.True(t, json.Valid(b), "%s", b)
		checkAll(t, b)
		msgs, failed := envelopeFailure(b)
		wantMsgs, wantFailed := oldEnvelopeFailure(b)
		require.Equal(t, wantFailed, failed)
		require.Equal(t, wantMsgs, msgs)
	})
}

// TestListDecoderShapes runs FuzzListDecoderShapes's checks on 3,000 generated documents with
// every test run.
func TestListDecoderShapes(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 21))
	in := make([]byte, 256)
	for i := 0; i < 3000; i++ {
		for j := range in {
			in[j] = byte(rng.Uint32())
		}
		g := &jsonGen{in: in}
		checkAll(t, g.document())
	}
}
