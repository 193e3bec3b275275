package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQuickstartWithoutCredentialsUsesFake(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), func(string) string { return "" }, &out, &errOut)
	assert.Equal(t, 0, code, errOut.String())
	first, _, _ := strings.Cut(out.String(), "\n")
	assert.Contains(t, first, "fake portal", "the first line says it is not the real portal")
	assert.Contains(t, out.String(), "Account #")
	assert.Contains(t, out.String(), "Contacts (")
}

func TestQuickstartWithCredentials(t *testing.T) {
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
	code := run(context.Background(), func(k string) string { return env[k] }, &out, &errOut)
	assert.Equal(t, 0, code, errOut.String())
	assert.NotContains(t, out.String(), "fake portal")
	assert.Contains(t, out.String(), "Account #26: Joe Doe <joe@example.com>")
	assert.Contains(t, out.String(), "#49 Mary Sue <mary@example.com>")

	env["UNMETERED_PASSWORD"] = "wrong-pass"
	out.Reset()
	errOut.Reset()
	assert.Equal(t, 1, run(context.Background(), func(k string) string { return env[k] }, &out, &errOut))
	assert.Contains(t, errOut.String(), "invalid credentials")
	assert.NotContains(t, errOut.String(), "wrong-pass")
}
