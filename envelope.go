package unmetered

import (
	"bytes"
	"encoding/json"
)

// The portal's failure envelope ({"error": [...]}, or "success": false, sometimes behind a 200),
// read from a response's top level in the pass that decodes the response rather than in a
// parse of its own.

// topLevel is what one pass over a response's top-level members found: the envelope's
// "error" and "success" members and the member a decoder asked for, each nil when absent.
type topLevel struct {
	object       bool // the body is an object (when it is not, nothing else is set)
	errorValue   []byte
	successValue []byte
	value        []byte // the member named by scanTop's key
}

// scanTop reads the top level of the valid JSON body: the members "error", "success" and key
// ("" for none), their values as spans of body. ok is false when encoding/json could read the
// top level otherwise than by exact keys: a key with escapes or non-ASCII bytes, a key equal to
// one of the three only ignoring case (encoding/json matches struct fields case-insensitively),
// or one of the three twice. Callers then leave the body to encoding/json.
func scanTop(body []byte, key string) (t topLevel, ok bool) {
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return t, true
	}
	t.object = true
	m := newMembers(body, i)
	for {
		k, v, more := m.next()
		if !more {
			return t, true
		}
		if !plainKey(k) || !t.note(k, v, key) {
			return t, false
		}
	}
}

// note records the member k: v of a top level (k a plain key) if it is "error", "success" or
// key. ok is false when encoding/json could read the top level otherwise (see scanTop).
func (t *topLevel) note(k, v []byte, key string) (ok bool) {
	for _, slot := range [...]struct {
		name string
		dst  *[]byte
	}{{"error", &t.errorValue}, {"success", &t.successValue}, {key, &t.value}} {
		switch {
		case slot.name == "":
		case string(k) == slot.name:
			if *slot.dst != nil {
				return false // twice: encoding/json keeps the last, a map too, but merges
			}
			*slot.dst = v
		case equalFoldASCII(k, slot.name):
			return false
		}
	}
	return true
}

// failure is envelopeFailure's answer for the top level t: a non-empty "error" list, or
// "success" false.
func (t *topLevel) failure() (messages, bool) {
	if t.errorValue != nil {
		var ms messages
		if ms.UnmarshalJSON(t.errorValue) != nil {
			return nil, false // as encoding/json's failure to decode the envelope
		}
		if len(ms) > 0 {
			return ms, true
		}
	}
	if t.successValue != nil && successFalse(t.successValue) {
		return messages{{reportedFailure}}, true
	}
	return nil, false
}

// envelopeFailure reports whether a 2xx body is a failure envelope: a non-empty "error" list, or
// "success": false. A quick byte scan keeps the common case (no such key) to no parse at all.
func envelopeFailure(body []byte) (messages, bool) {
	if !mayHaveEnvelope(body) || !validJSON(body) {
		return nil, false
	}
	return validEnvelopeFailure(body, nil)
}

// mayHaveEnvelope reports whether body holds the text of an envelope key at all.
func mayHaveEnvelope(body []byte) bool {
	return bytes.Contains(body, []byte(`"error"`)) || bytes.Contains(body, []byte(`"success"`))
}

// validEnvelopeFailure is envelopeFailure for a body known to be valid JSON, whose top level a
// decoder may already have read (top; nil if not).
func validEnvelopeFailure(body []byte, top *topLevel) (messages, bool) {
	if top == nil {
		if !mayHaveEnvelope(body) {
			return nil, false
		}
		t, ok := scanTop(body, "")
		if !ok {
			return parsedEnvelopeFailure(body)
		}
		top = &t
	}
	return top.failure()
}

// parsedEnvelopeFailure is envelopeFailure by encoding/json, for the top levels scanTop leaves
// to it.
func parsedEnvelopeFailure(body []byte) (messages, bool) {
	var env struct {
		Error   messages        `json:"error"`
		Success json.RawMessage `json:"success"`
	}
	if json.Unmarshal(body, &env) != nil {
		return nil, false // not an object; the caller's decode reports it
	}
	if len(env.Error) > 0 {
		return env.Error, true
	}
	if len(env.Success) > 0 && successFalse(env.Success) {
		return messages{{reportedFailure}}, true
	}
	return nil, false
}

// reportedFailure is the message of a failure the server reported with "success": false alone.
const reportedFailure = "the server reported failure (success: false)"

// successFalse reports whether the value of "success" says the request failed.
func successFalse(v []byte) bool {
	var ok looseBool
	return ok.UnmarshalJSON(v) == nil && !bool(ok)
}
