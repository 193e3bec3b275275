package main

import (
	"bytes"
	"encoding/json"

	"github.com/unmetered/unmetered-go/internal/secretkey"
)

// The answers "unmetered api" prints are raw JSON, and some routes answer secrets: a service's
// own login (GET /service/@id), an EPP transfer code, the tokens of POST /login; and a server
// may echo the client's own credentials anywhere, in a message under a key that names none.
// Unless --show-secrets asks for them, both are printed as "[REDACTED]", so that a terminal, a
// log or a CI transcript does not collect them: the values under keys that name a credential
// (the keys the SDK redacts in what a request sends, internal/secretkey), and every spelling of
// the client's own secrets in any key or value (Client.Redact: its password, its Basic
// credentials, the current and earlier tokens of its session).

const redactedValue = "[REDACTED]"

// redactAnswer returns the JSON answer with every non-empty value under a credential's key
// replaced by "[REDACTED]" and every key and value passed through redact (Client.Redact), and
// whether it changed anything. An answer without a secret is returned as it came; one with is
// re-encoded (keys sorted, numbers kept digit for digit), so that it stays JSON. An answer that
// is not JSON is passed through redact whole.
func redactAnswer(raw []byte, redact func([]byte) []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		out := redact(raw)
		return out, !bytes.Equal(out, raw)
	}
	v, changed := redactValue(v, false, redact)
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

func redactValue(v any, under bool, redact func([]byte) []byte) (any, bool) {
	text := func(s string) (string, bool) {
		out := string(redact([]byte(s)))
		return out, out != s
	}
	changed := false
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			e, c := redactValue(e, under || secretkey.Is(k), redact)
			if k2, kc := text(k); kc {
				delete(x, k)
				k, c = k2, true
			}
			x[k] = e
			changed = changed || c
		}
	case []any:
		for i, e := range x {
			var c bool
			if x[i], c = redactValue(e, under, redact); c {
				changed = true
			}
		}
	case string:
		if under && x != "" {
			return redactedValue, true
		}
		if out, c := text(x); c {
			return out, true
		}
	case json.Number:
		if _, c := text(string(x)); under || c {
			return redactedValue, true
		}
	}
	return v, changed
}
