package unmetered

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A failure envelope leaves the caller's out as it was, whichever way the answer is decoded: a
// zero struct (decoded in one pass with the envelope), a struct already holding values and a
// json.RawMessage (decoded by encoding/json after the envelope is read from a scan).
func TestFailureEnvelopeLeavesOutAsItWas(t *testing.T) {
	t.Parallel()
	type item struct {
		ID   looseInt `json:"id"`
		Name string   `json:"name"`
	}
	for _, body := range []string{
		`{"id":"5","name":"x","error":["Invoice is already paid"]}`,
		`{"error":["Invoice is already paid"],"id":"5","name":"x"}`,
		`{"success":false,"id":"5","name":"x"}`,
	} {
		env := newTestEnv(t)
		env.onFunc(http.MethodGet, "/x", func(*http.Request) (*http.Response, error) {
			return jsonResponse(200, strings.NewReader(body), int64(len(body))), nil
		})
		for _, tc := range []struct {
			name string
			out  any
			want any
		}{
			{"zero struct", &item{}, &item{}},
			{"struct with values", &item{ID: 1, Name: "kept"}, &item{ID: 1, Name: "kept"}},
			{"raw", &json.RawMessage{'1'}, &json.RawMessage{'1'}},
		} {
			err := env.client.Do(ctx, http.MethodGet, "/x", nil, tc.out)
			var apiErr *Error
			require.ErrorAs(t, err, &apiErr, "%s: %s", tc.name, body)
			assert.False(t, MaybeApplied(err), "%s: the server reported the failure", tc.name)
			assert.Equal(t, tc.want, tc.out, "%s: %s", tc.name, body)
		}
	}
}
