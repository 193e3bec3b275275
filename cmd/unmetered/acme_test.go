package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseChallenge(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args      []string
		fqdn, val string
	}{
		// lego's default mode: the name and value as given.
		{[]string{"_acme-challenge.www.example.com.", "-Xk9"}, "_acme-challenge.www.example.com.", "-Xk9"},
		{[]string{" _acme-challenge.example.com ", "v"}, "_acme-challenge.example.com", "v"},
		// EXEC_MODE=RAW: the value is base64url(SHA-256(KEY_AUTH)), computed here by Python's
		// hashlib for these key authorizations; a wildcard's "*." and a final dot are dropped.
		{[]string{"example.com", "tok-1", "tok-1.thumbprint"}, "_acme-challenge.example.com.", "NJPAs7SJC4xh7RYtO1tsT3tQNPossshOzNA1gDfgAMI"},
		{[]string{"*.example.com.", "tok-2", "tok-2.thumbprint"}, "_acme-challenge.example.com.", "uHl7YFmufNfq04RcJyBjvQo1utOExsS54v8SWr1S85I"},
	} {
		ch, err := parseChallenge(tc.args)
		require.NoError(t, err, "%q", tc.args)
		assert.Equal(t, challenge{fqdn: tc.fqdn, value: tc.val}, ch, "%q", tc.args)
	}
	for _, args := range [][]string{
		{"", "v"},
		{".", "v"},
		{"_acme-challenge.example.com.", ""},
		{"", "tok", "tok.thumb"},
		{"*.", "tok", "tok.thumb"},
		{"example.com", "", ".thumb"},
		{"example.com", "tok", "tok."},
		{"example.com", "tok", "other.thumb"},
		{"example.com", "tok", "tokthumb"},
	} {
		_, err := parseChallenge(args)
		require.Error(t, err, "%q", args)
		assert.True(t, isUsage(err), "%q: %v", args, err)
	}
}
