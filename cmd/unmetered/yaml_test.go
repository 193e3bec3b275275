package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	unmetered "github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// yamlSample has what the SDK's types have: JSON names, omitted fields, a Decimal (JSON only),
// a time, nested lists and objects, and strings that look like other things.
type yamlSample struct {
	ID      int64              `json:"id"`
	Name    string             `json:"name"`
	Skipped string             `json:"skipped,omitempty"`
	Total   *unmetered.Decimal `json:"total"`
	Paid    time.Time          `json:"paid"`
	Tags    []string           `json:"tags"`
	Empty   []string           `json:"empty"`
	Nothing []string           `json:"nothing"`
	Nested  map[string]any     `json:"nested"`
	Tricky  []string           `json:"tricky"`
}

func TestWriteYAML(t *testing.T) {
	t.Parallel()
	total, err := unmetered.ParseDecimal("12.50")
	require.NoError(t, err)
	v := yamlSample{
		ID: 47, Name: "testname.com", Total: &total,
		Paid:   time.Date(2030, 6, 15, 12, 0, 0, 0, time.UTC),
		Tags:   []string{"a"},
		Empty:  []string{},
		Nested: map[string]any{"b": 1.5, "a": nil},
		Tricky: []string{"0", "yes", "Off", "null", "1:30", "0000-00-00", "2030-06-15", "a: b", "- x", "#c", "", "two\nlines", "<<", "tab\there",
			"auto-renew", "ns1.example.com.", "Domain Renewal - testname.com (1 year(s))", "a:b", "a:", "@", "x #y", "é\u2028", " lead", "trail "},
	}
	var buf bytes.Buffer
	require.NoError(t, writeYAML(&buf, v))
	assert.Equal(t, `id: 47
name: testname.com
total: "12.50"
paid: "2030-06-15T12:00:00Z"
tags:
  - a
empty: []
nothing: null
nested:
  a: null
  b: 1.5
tricky:
  - "0"
  - "yes"
  - "Off"
  - "null"
  - "1:30"
  - "0000-00-00"
  - "2030-06-15"
  - "a: b"
  - "- x"
  - "#c"
  - ""
  - "two\nlines"
  - "<<"
  - "tab\there"
  - auto-renew
  - ns1.example.com.
  - Domain Renewal - testname.com (1 year(s))
  - a:b
  - "a:"
  - "@"
  - "x #y"
  - "é\u2028"
  - " lead"
  - "trail "
`, buf.String())

	// Read back, it is the JSON's value: same keys, same values, same types.
	var fromYAML any
	require.NoError(t, yaml.Unmarshal(buf.Bytes(), &fromYAML))
	j, err := json.Marshal(v)
	require.NoError(t, err)
	var fromJSON any
	require.NoError(t, json.Unmarshal(j, &fromJSON))
	back, err := json.Marshal(fromYAML)
	require.NoError(t, err)
	assert.JSONEq(t, string(j), string(back))
}

func TestWriteYAMLFromJSON(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`[]`:                                  "[]\n",
		`{}`:                                  "{}\n",
		`null`:                                "null\n",
		`"x"`:                                 "x\n",
		`[1, [], {"z": 1, "a": 2}]`:           "- 1\n- []\n- z: 1\n  a: 2\n",
		`[[1, [2]], [{"a": {"b": [3]}}], {}]`: "- - 1\n  - - 2\n- - a:\n      b:\n        - 3\n- {}\n",
		`{"a": [{"b": 1, "c": [{"d": {}}]}]}`: "a:\n  - b: 1\n    c:\n      - d: {}\n",
		`{"big": 12345678901234567890, "f": 1e-7, "g": 2E21, "h": 1.5e+3, "i": -0.5}`: "big: 12345678901234567890\nf: 1.0e-7\ng: 2.0e+21\nh: 1.5e+3\ni: -0.5\n",
	} {
		var buf bytes.Buffer
		require.NoError(t, writeYAMLFromJSON(&buf, []byte(in)), in)
		assert.Equal(t, want, buf.String(), in)
	}
	assert.Error(t, writeYAMLFromJSON(&bytes.Buffer{}, []byte(`{"a":`)))
}

// jsonKeys lists the keys of a JSON document's objects in document order.
func jsonKeys(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	var keys []string
	var walk func()
	walk = func() {
		tok, err := dec.Token()
		require.NoError(t, err)
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				key, err := dec.Token()
				require.NoError(t, err)
				keys = append(keys, key.(string))
				walk()
			}
			_, err = dec.Token()
		case json.Delim('['):
			for dec.More() {
				walk()
			}
			_, err = dec.Token()
		}
		require.NoError(t, err)
	}
	walk()
	return keys
}

// yamlKeys lists the keys of a YAML document's mappings in document order.
func yamlKeys(n *yaml.Node) []string {
	var keys []string
	if n.Kind == yaml.MappingNode {
		for i := 0; i < len(n.Content); i += 2 {
			keys = append(keys, n.Content[i].Value)
			keys = append(keys, yamlKeys(n.Content[i+1])...)
		}
		return keys
	}
	for _, c := range n.Content {
		keys = append(keys, yamlKeys(c)...)
	}
	return keys
}

// TestYAMLIsTheJSON: for the commands' own output, -o yaml holds the same values under the same
// names in the same order as -o json.
func TestYAMLIsTheJSON(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	ta := newTestApp(t)
	ta.useFake(srv, authBasic)
	for _, args := range [][]string{
		{"version"}, {"account show"}, {"invoice list"}, {"invoice show 308977"}, {"domain list"},
		{"domain show 47"}, {"service list"}, {"service show 302"}, {"dns zone list"},
		{"dns record list booble.com"}, {"ticket show 736633"}, {"cert list"}, {"contact list"},
		{"product list --category 19"}, {"service rdns show 302"},
	} {
		line := strings.Fields(args[0])
		requireCode(t, ta, 0, append(line, "-o", "json")...)
		j := bytes.Clone(ta.stdout.Bytes())
		requireCode(t, ta, 0, append(line, "-o", "yaml")...)
		y := ta.stdout.Bytes()

		var fromYAML any
		require.NoError(t, yaml.Unmarshal(y, &fromYAML), args[0])
		back, err := json.Marshal(fromYAML)
		require.NoError(t, err)
		assert.JSONEq(t, string(j), string(back), args[0])

		var doc yaml.Node
		require.NoError(t, yaml.Unmarshal(y, &doc))
		keys := jsonKeys(t, j)
		assert.NotEmpty(t, keys, args[0])
		assert.Equal(t, keys, yamlKeys(&doc), "%s: the keys in the JSON's order", args[0])
	}
}

// FuzzYAMLString: any string, as a value, a list item and a key, reads back as itself.
func FuzzYAMLString(f *testing.F) {
	for _, s := range []string{"", "yes", "a: b", "0x10", ".inf", "~", "- x", "é", "\u0085", "\ufeff", "a\x00b", "#", "? x", "!x", "*a", "&a", "%x", "[x]", "{x}", "|", ">", "'", "\"", "1e3", "y", "No", "a,b", "a b", "a  b", "/x", "_x", "a:b:c", strings.Repeat("k", 1100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ToValidUTF8(s, "\ufffd") // what JSON carries
		var buf bytes.Buffer
		require.NoError(t, writeYAML(&buf, map[string]any{"v": s, "l": []string{s}, "m": map[string]string{s: s}}))
		var back struct {
			V string            `yaml:"v"`
			L []string          `yaml:"l"`
			M map[string]string `yaml:"m"`
		}
		require.NoError(t, yaml.Unmarshal(buf.Bytes(), &back), "%q:\n%s", s, buf.String())
		assert.Equal(t, s, back.V, buf.String())
		assert.Equal(t, []string{s}, back.L, buf.String())
		assert.Equal(t, map[string]string{s: s}, back.M, buf.String())
	})
}
