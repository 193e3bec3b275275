package secretkey

import "testing"

func TestIs(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]bool{
		"password": true, "New-Password": true, "rootpass": true, "client_secret": true, "refresh_token": true,
		"refresh": true, "token": true, "API.Key": true, "private_key": true, "auth_code": true, "authinfo": true,
		"epp_code": true, "PIN": true, "cvv": true, "otp": true, "totp": true,
		"username": false, "email": false, "domain": false, "pinned": false, "id": false, "name": false,
	} {
		if got := Is(key); got != want {
			t.Errorf("Is(%q) = %v, want %v", key, got, want)
		}
	}
}
