package unmetered

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccountDetails(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/details", 200, "account/details.json")

	d, err := env.client.Account.Details(context.Background())
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodGet, "/details", "")
	assert.Equal(t, Int(26), d.ID)
	assert.Equal(t, "joe@example.com", d.Email)
	assert.Equal(t, time.Date(2016, 12, 30, 12, 24, 28, 0, time.UTC), d.LastLogin.Time)
	assert.Equal(t, "172.100.2.1", d.IP)
	assert.Equal(t, "hostname", d.Host)
	assert.Equal(t, "Joe", d.FirstName)
	assert.Equal(t, "Doe", d.LastName)
	assert.Equal(t, "", d.CompanyName)
	assert.Equal(t, "Pretty View Lane", d.Address1)
	assert.Equal(t, "3294", d.Address2)
	assert.Equal(t, "Santa Rosa", d.City)
	assert.Equal(t, "California", d.State)
	assert.Equal(t, "95401", d.PostCode)
	assert.Equal(t, "US", d.Country)
	assert.Equal(t, "+1.24123123", d.Phone)
}
