// Package secretkey tells whether a JSON or query key names a credential, so that its value is
// redacted: by the SDK in what a request sends, and by the unmetered command in the raw
// answers "unmetered api" prints. One rule for both, so that they never disagree.
package secretkey

import "strings"

// words mark a key whose value is a credential when the key, lower-cased and without "_", "-",
// "." and spaces, contains one: password, new_password, rootpass, client_secret, refresh_token,
// refresh (the JWT refresh token of POST /login's answer), api_key, private_key, auth_code,
// authinfo, epp_code.
var words = []string{"pass", "secret", "token", "refresh", "apikey", "privatekey", "authcode", "authinfo", "authkey", "epp"}

// Is reports whether key names a credential: see words, and the exact keys pin, cvv, cvc, otp
// and totp.
func Is(key string) bool {
	k := strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.', ' ':
			return -1
		}
		return r
	}, strings.ToLower(key))
	for _, w := range words {
		if strings.Contains(k, w) {
			return true
		}
	}
	switch k {
	case "pin", "cvv", "cvc", "otp", "totp":
		return true
	}
	return false
}
