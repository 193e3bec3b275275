package unmetereddns

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// TestValidateSendsNothing: a good configuration validates without a request, also with a JWT
// session (no login), and the provider then works with the client Validate built. A Provider
// with a Client needs nothing else.
// TestProviderBadConfiguration checks the errors.
func TestValidateSendsNothing(t *testing.T) {
	t.Parallel()
	for _, auth := range []string{"", "basic", "jwt", " JWT "} {
		srv := unmeteredtest.NewTestServer(t)
		p := &Provider{Username: srv.Username(), Password: srv.Password(), Auth: auth, BaseURL: srv.URL()}
		require.NoError(t, p.Validate(), "auth %q", auth)
		assert.Empty(t, srv.Requests(), "auth %q: Validate sends nothing", auth)
		built, err := p.client()
		require.NoError(t, err)
		require.NoError(t, p.Validate(), "auth %q: again", auth)
		again, err := p.client()
		require.NoError(t, err)
		assert.Same(t, built, again, "auth %q: one client", auth)
		recs := (&env{srv: srv, p: p}).get(t, serviceZone)
		assert.NotEmpty(t, recs, "auth %q", auth)
	}
	srv := unmeteredtest.NewTestServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	require.NoError(t, (&Provider{Client: c}).Validate(), "a Client needs no credentials")
	assert.Empty(t, srv.Requests())
}
