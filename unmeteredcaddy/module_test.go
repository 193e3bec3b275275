package unmeteredcaddy

import (
	"testing"

	"github.com/caddyserver/caddy/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestModuleInfo(t *testing.T) {
	t.Parallel()
	info, err := caddy.GetModule("dns.providers.unmetered")
	require.NoError(t, err, "registered by init")
	assert.Equal(t, caddy.ModuleID(ModuleID), info.ID)
	assert.Equal(t, "unmetered", info.ID.Name())
	assert.Equal(t, "dns.providers", info.ID.Namespace())
	p, ok := info.New().(*Provider)
	require.True(t, ok)
	require.NotNil(t, p.Provider, "New makes the embedded provider")
	assert.NotSame(t, p.Provider, info.New().(*Provider).Provider, "a new provider each time")
}
