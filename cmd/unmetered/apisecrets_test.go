package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedactAnswer(t *testing.T) {
	t.Parallel()
	raw := []byte(`{"z":1,"a":{"rootpass":"s3cret","pin":1234,"list":[{"refresh_token":"r"},{"name":"x"}]},"total":"19.650","n":12345678901234567890,"api_key":""}`)
	got, ok := redactAnswer(raw, noRedact)
	assert.True(t, ok)
	assert.Equal(t, `{"a":{"list":[{"refresh_token":"[REDACTED]"},{"name":"x"}],"pin":"[REDACTED]","rootpass":"[REDACTED]"},"api_key":"","n":12345678901234567890,"total":"19.650","z":1}`, string(got),
		"credentials redacted at any depth, numbers kept digit for digit, empty values left")

	for _, clean := range []string{`{"b": 2, "a": 1}`, `[1, 2]`, `"text"`, `not json`} {
		got, ok := redactAnswer([]byte(clean), noRedact)
		assert.False(t, ok, clean)
		assert.Equal(t, clean, string(got), "an answer without secrets prints as it came")
	}
}

// noRedact is a client's Redact for a client without secrets.
func noRedact(b []byte) []byte { return b }
