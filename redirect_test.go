package unmetered

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBodilessRedirectsLeaveWithoutCredentials: a 307 or 308 keeps the method and resends the
// body, but a GET (or a DELETE) has no body to resend: to another origin it is followed like a
// 302, without Authorization, Cookie or Referer, as the redirect policy treats every redirect
// that carries nothing of the caller's there.
func TestBodilessRedirectsLeaveWithoutCredentials(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		for _, method := range []string{http.MethodGet, http.MethodDelete} {
			t.Run(fmt.Sprintf("%s %d", method, status), func(t *testing.T) {
				t.Parallel()
				env := newTestEnv(t)
				env.onFunc(method, "/service/301/thing", func(*http.Request) (*http.Response, error) {
					resp := httpmock.NewStringResponse(status, "")
					resp.Header.Set("Location", "https://elsewhere.test/api/thing?x=1")
					return resp, nil
				})
				var elsewhere recorder
				env.mock.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
					elsewhere.add(req)
					return httpmock.NewStringResponse(200, `{"thing":"there"}`), nil
				})
				var out struct{ Thing string }
				require.NoError(t, env.client.Do(ctx, method, "/service/301/thing", nil, &out))
				assert.Equal(t, "there", out.Thing)
				got := elsewhere.only(t)
				assert.Equal(t, method, got.Method, "a %d keeps the method", status)
				assert.Empty(t, got.Body)
				for _, h := range []string{"Authorization", "Cookie", "Referer"} {
					assert.Empty(t, got.Header.Get(h), h)
				}
			})
		}
	}
}
