package unmeteredtest

import (
	"context"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithListener(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := NewTestServer(t, WithListener(l))
	assert.Equal(t, "http://"+l.Addr().String()+"/api", srv.URL())

	details, err := sdkClient(t, srv).Account.Details(context.Background())
	require.NoError(t, err)
	assert.Equal(t, srv.Username(), details.Email)

	srv.Close()
	_, err = net.Dial("tcp", l.Addr().String())
	assert.Error(t, err, "Close must close the listener it was given")
	assert.Panics(t, func() { WithListener(nil) })
}
