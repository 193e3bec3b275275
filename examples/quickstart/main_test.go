package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQuickstartWithoutCredentials(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(&out, &errOut, func(string) string { return "" })
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut.String(), "UNMETERED_USERNAME")
	assert.Empty(t, out.String())
}

func TestQuickstartAgainstLocalServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "joe@example.com" || pass != "example-pass" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":["invalid credentials"]}`))
			return
		}
		switch r.URL.Path {
		case "/api/details":
			_, _ = w.Write([]byte(`{"client":{"id":"26","email":"joe@example.com","firstname":"Joe","lastname":"Doe","country":"US","lastlogin":"2016-12-30 12:24:28"}}`))
		case "/api/contact":
			_, _ = w.Write([]byte(`{"contacts":[{"id":"49","email":"mary@example.com","firstname":"Mary","lastname":"Sue"}]}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	env := map[string]string{
		"UNMETERED_USERNAME": "joe@example.com", "UNMETERED_PASSWORD": "example-pass",
		"UNMETERED_BASE_URL": srv.URL + "/api",
	}
	var out, errOut bytes.Buffer
	code := run(&out, &errOut, func(k string) string { return env[k] })
	assert.Equal(t, 0, code, errOut.String())
	assert.Contains(t, out.String(), "Account #26: Joe Doe <joe@example.com>")
	assert.Contains(t, out.String(), "#49 Mary Sue <mary@example.com>")

	env["UNMETERED_PASSWORD"] = "wrong-pass"
	out.Reset()
	errOut.Reset()
	assert.Equal(t, 1, run(&out, &errOut, func(k string) string { return env[k] }))
	assert.Contains(t, errOut.String(), "invalid credentials")
	assert.NotContains(t, errOut.String(), "wrong-pass")
}
