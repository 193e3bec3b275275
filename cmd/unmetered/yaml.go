package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// writeYAML writes v as YAML with exactly the fields, names and order of its JSON (writeJSON):
// v is encoded as JSON, through the SDK's JSON tags and MarshalJSON methods (a field the server
// did not send stays out, a Decimal is its JSON string), and that JSON is written as YAML value
// by value. An object is a block mapping in the JSON's key order, a list a block sequence ([]
// when empty), a number, true, false or null as the JSON spells it, and a string a string:
// plain where no YAML reader (1.1 or 1.2) could take it for anything else, double-quoted
// otherwise.
//
// The YAML is written here rather than by a YAML library: the one in the module graph
// (go.yaml.in/yaml/v3) would add its package initialisation to every start of the command, and
// from JSON to YAML takes only what is below. The tests read the output back with that library.
func writeYAML(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeYAMLFromJSON(w, b)
}

// writeYAMLFromJSON writes the JSON document b as YAML (see writeYAML).
func writeYAMLFromJSON(w io.Writer, b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // numbers as they are written: no float rounding, no exponent for an id
	v, err := readJSONValue(dec)
	if err != nil {
		return fmt.Errorf("converting the output to YAML: %w", err)
	}
	bw := bufio.NewWriter(w)
	writeYAMLValue(bw, v, 0, false)
	return bw.Flush()
}

// jsonValue is a JSON value that keeps the order of an object's keys.
type jsonValue struct {
	kind   byte   // '{' an object, '[' a list, 's' a string, '=' a number, true, false or null
	scalar string // a string's text, or the JSON of a number, true, false or null
	keys   []string
	values []*jsonValue // an object's values (in the order of keys) or a list's items
}

// readJSONValue reads the next JSON value from dec.
func readJSONValue(dec *json.Decoder) (*jsonValue, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim: // '{' or '[': Token checks the closing ones itself
		v := &jsonValue{kind: byte(t)}
		for dec.More() {
			if v.kind == '{' {
				key, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v.keys = append(v.keys, key.(string)) // an object's key is a string
			}
			item, err := readJSONValue(dec)
			if err != nil {
				return nil, err
			}
			v.values = append(v.values, item)
		}
		_, err := dec.Token() // '}' or ']'
		return v, err
	case string:
		return &jsonValue{kind: 's', scalar: t}, nil
	case json.Number:
		return &jsonValue{kind: '=', scalar: yamlNumber(t.String())}, nil
	case bool:
		return &jsonValue{kind: '=', scalar: strconv.FormatBool(t)}, nil
	case nil:
		return &jsonValue{kind: '=', scalar: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

// maxImplicitKey is the longest key YAML lets a "key: value" line have (1024 characters, less
// some room); a longer one is written as an explicit "? key".
const maxImplicitKey = 1000

// yamlNumber spells a JSON number for YAML: as it is, except an exponent, which gets the "."
// and the sign YAML 1.1 readers need to see a number ("1e-7" is 1.0e-7, "2E21" 2.0e+21).
func yamlNumber(n string) string {
	i := strings.IndexAny(n, "eE")
	if i < 0 {
		return n
	}
	mant, exp := n[:i], n[i+1:]
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	if exp[0] != '-' && exp[0] != '+' {
		exp = "+" + exp
	}
	return mant + "e" + exp
}

// writeYAMLValue writes v in block style at the given indent. inline means that the first line
// has begun already (after "- "), at the indent.
func writeYAMLValue(w *bufio.Writer, v *jsonValue, indent int, inline bool) {
	pad := strings.Repeat(" ", indent)
	switch {
	case v.kind == '{' && len(v.keys) > 0:
		for i, key := range v.keys {
			if i > 0 || !inline {
				w.WriteString(pad)
			}
			if k := yamlScalar(key); len(k) <= maxImplicitKey {
				w.WriteString(k)
			} else { // too long for "key: value": "? key" then ": value"
				w.WriteString("? " + k + "\n" + pad)
			}
			w.WriteByte(':')
			writeYAMLChild(w, v.values[i], indent)
		}
	case v.kind == '[' && len(v.values) > 0:
		for i, item := range v.values {
			if i > 0 || !inline {
				w.WriteString(pad)
			}
			w.WriteString("- ")
			if isYAMLBlock(item) {
				writeYAMLValue(w, item, indent+2, true)
			} else {
				w.WriteString(yamlFlow(item))
				w.WriteByte('\n')
			}
		}
	default:
		w.WriteString(yamlFlow(v))
		w.WriteByte('\n')
	}
}

// writeYAMLChild writes the value of a mapping's key, after its ':': a block below it, indented
// by two, or a scalar on the same line.
func writeYAMLChild(w *bufio.Writer, v *jsonValue, indent int) {
	if isYAMLBlock(v) {
		w.WriteByte('\n')
		writeYAMLValue(w, v, indent+2, false)
		return
	}
	w.WriteByte(' ')
	w.WriteString(yamlFlow(v))
	w.WriteByte('\n')
}

// isYAMLBlock reports whether v is written as a block: a non-empty object or list.
func isYAMLBlock(v *jsonValue) bool {
	return (v.kind == '{' || v.kind == '[') && len(v.values) > 0
}

// yamlFlow spells a value that fits on one line: a scalar, {} or [].
func yamlFlow(v *jsonValue) string {
	switch v.kind {
	case '{':
		return "{}"
	case '[':
		return "[]"
	case 's':
		return yamlScalar(v.scalar)
	}
	return v.scalar
}

// yamlScalar spells the string s: plain when that is safe, else double-quoted with Go's
// escapes, which are YAML's (\n, \t, \", \\, \xXX, \uXXXX, \UXXXXXXXX) and leave no control or
// line-breaking character as it is.
func yamlScalar(s string) string {
	if yamlPlainSafe(s) {
		return s
	}
	return strconv.Quote(s)
}

// yamlPlainSafe reports whether s can be written as a plain scalar that every YAML reader, 1.1
// (PyYAML, Ruby's Psych) or 1.2, reads back as the same string. It is deliberately narrow: s
// starts with a letter, '_' or '/' (never a digit, a sign or '.': numbers, dates, times and
// ".inf" all start so), holds only letters, digits, spaces between words and _ - . / @ + , ( ),
// and ':' only inside a word, and is no word that YAML reads as a boolean or null. Anything else
// is quoted, which is always correct.
func yamlPlainSafe(s string) bool {
	if s == "" || s[len(s)-1] == ' ' || s[len(s)-1] == ':' {
		return false
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
		case i == 0 && r != '_' && r != '/':
			return false
		case r >= '0' && r <= '9', strings.ContainsRune("_-./@+,()", r):
		case r == ' ':
			if s[i+1] == ' ' { // runs of spaces, kept by plain scalars, but easy to misread
				return false
			}
		case r == ':':
			if s[i+1] == ' ' {
				return false
			}
		default:
			return false
		}
	}
	switch strings.ToLower(s) {
	case "null", "true", "false", "yes", "no", "on", "off", "y", "n":
		return false
	}
	return true
}
