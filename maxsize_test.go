package unmetered

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// detailsPadded is an Account.Details answer of exactly size bytes: the fixture's client and a
// padding member.
func detailsPadded(t *testing.T, size int) []byte {
	head := `{"client":{"id":"26","email":"joe@example.com"},"pad":"`
	pad := size - len(head) - len(`"}`)
	require.GreaterOrEqual(t, pad, 0)
	return []byte(head + strings.Repeat("x", pad) + `"}`)
}

// WithMaxResponseSize sets the bound on a JSON response: a body of exactly the bound is read,
// one byte more is refused (announced or not) with an error that names the option.
func TestWithMaxResponseSize(t *testing.T) {
	t.Parallel()
	const limit = 4 << 10
	for _, tc := range []struct {
		name     string
		size     int
		announce bool
		refused  bool
	}{
		{"at the bound", limit, false, false},
		{"at the bound, announced", limit, true, false},
		{"one byte over", limit + 1, false, true},
		{"one byte over, announced", limit + 1, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, WithMaxResponseSize(limit))
			body := detailsPadded(t, tc.size)
			rec := env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
				length := int64(-1)
				if tc.announce {
					length = int64(len(body))
				}
				return jsonResponse(200, bytes.NewReader(body), length), nil
			})
			d, err := env.client.Account.Details(ctx)
			assert.Equal(t, 1, rec.count(), "never retried")
			if !tc.refused {
				require.NoError(t, err)
				assert.Equal(t, int64(26), d.ID)
				return
			}
			var apiErr *Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, []string{"response body exceeds the SDK's 4 KiB limit (WithMaxResponseSize raises it)"}, apiErr.Messages)
			assert.True(t, MaybeApplied(err), "the server answered")
		})
	}
}

// A response over the default bound (a zone of more than about 200,000 records) is read once
// the bound is raised.
func TestWithMaxResponseSizeRaised(t *testing.T) {
	t.Parallel()
	body := detailsPadded(t, DefaultMaxResponseSize+1)
	for _, raise := range []bool{false, true} {
		var opts []Option
		if raise {
			opts = append(opts, WithMaxResponseSize(DefaultMaxResponseSize+1))
		}
		env := newTestEnv(t, opts...)
		env.onFunc(http.MethodGet, "/details", func(*http.Request) (*http.Response, error) {
			return jsonResponse(200, bytes.NewReader(body), -1), nil
		})
		d, err := env.client.Account.Details(ctx)
		if !raise {
			require.ErrorContains(t, err, "exceeds the SDK's 32 MiB limit (WithMaxResponseSize raises it)")
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, int64(26), d.ID)
	}
}

// An invalid bound is refused by NewClient.
func TestWithMaxResponseSizeInvalid(t *testing.T) {
	t.Parallel()
	for _, n := range []int64{0, -1, maxResponseSizeLimit + 1} {
		_, err := NewClient(WithMaxResponseSize(n))
		require.ErrorIs(t, err, ErrInvalidArgument, "%d", n)
		assert.Contains(t, err.Error(), "WithMaxResponseSize")
	}
	_, err := NewClient(WithMaxResponseSize(1))
	require.NoError(t, err)
}

// sizeText names a size in the unit it is a whole number of.
func TestSizeText(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{32 << 20: "32 MiB", 4 << 10: "4 KiB", 1000: "1000-byte", 1<<20 + 1<<10: "1025 KiB"} {
		assert.Equal(t, want, sizeText(n))
	}
}
