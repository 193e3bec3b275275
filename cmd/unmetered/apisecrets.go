package main

import (
	"bytes"
	"encoding/json"

	"github.com/unmetered/unmetered-go/internal/secretkey"
)

// The answers "unmetered api" prints are raw JSON, and some routes answer secrets: a service's
// own login (GET /service/@id), an EPP transfer code, the tokens of POST /login. Unless
// --show-secrets asks for them, the values under keys that name a credential are printed as
// "[REDACTED]", so that a terminal, a log or a CI transcript does not collect them. The keys
// are those the SDK redacts in what a request sends (internal/secretkey).

const redactedValue = "[REDACTED]"

// redactAnswer returns the JSON answer with every non-empty value under a credential's key
// replaced by "[REDACTED]", and whether it replaced any. An answer without such a value is
// returned as it came; one with is re-encoded (keys sorted, numbers kept digit for digit).
func redactAnswer(raw []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return raw, false
	}
	v, changed := redactValue(v, false)
	if !changed {
		return raw, false
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return raw, false
	}
	return bytes.TrimSpace(buf.Bytes()), true
}

func redactValue(v any, under bool) (any, bool) {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			var c bool
			if x[k], c = redactValue(e, under || secretkey.Is(k)); c {
				changed = true
			}
		}
	case []any:
		for i, e := range x {
			var c bool
			if x[i], c = redactValue(e, under); c {
				changed = true
			}
		}
	case string:
		if under && x != "" {
			return redactedValue, true
		}
	case json.Number:
		if under {
			return redactedValue, true
		}
	}
	return v, changed
}
