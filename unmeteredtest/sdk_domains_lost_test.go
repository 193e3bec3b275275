package unmeteredtest

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/unmetered/unmetered-go"
)

// TestSDKDomainsDNSIndexWritesAfterALostAnswer: every index-addressed registrar write (update
// and delete, plain and checked) that acted but lost its answer, to a dropped connection or to
// a proxy's 500, 502, 503 or 504, while another writer removed an earlier record, is sent
// once, even with retries to spare: the call reports it may have applied, and the record that
// moved into the index (www) is untouched.
func TestSDKDomainsDNSIndexWritesAfterALostAnswer(t *testing.T) {
	t.Parallel()
	mx := unmetered.DomainDNSRecordRequest{Name: "@", Type: "MX", Priority: 20, Content: "mx2.testname.com"}
	writes := map[string]struct {
		method string
		call   func(context.Context, *unmetered.Client, unmetered.DomainDNSRecord) error
	}{
		"UpdateDNSRecord": {http.MethodPut, func(ctx context.Context, c *unmetered.Client, last unmetered.DomainDNSRecord) error {
			return c.Domains.UpdateDNSRecord(ctx, 47, last.ID, mx)
		}},
		"UpdateDNSRecordChecked": {http.MethodPut, func(ctx context.Context, c *unmetered.Client, last unmetered.DomainDNSRecord) error {
			return c.Domains.UpdateDNSRecordChecked(ctx, 47, last, mx)
		}},
		"DeleteDNSRecord": {http.MethodDelete, func(ctx context.Context, c *unmetered.Client, last unmetered.DomainDNSRecord) error {
			return c.Domains.DeleteDNSRecord(ctx, 47, last.ID)
		}},
		"DeleteDNSRecordChecked": {http.MethodDelete, func(ctx context.Context, c *unmetered.Client, last unmetered.DomainDNSRecord) error {
			return c.Domains.DeleteDNSRecordChecked(ctx, 47, last)
		}},
	}
	faults := map[string]Fault{
		"dropped": {DropConnection: true}, "500": {Status: 500}, "502": {Status: 502}, "503": {Status: 503}, "504": {Status: 504},
	}
	for name, w := range writes {
		for lost, fault := range faults {
			t.Run(fmt.Sprintf("%s, %s", name, lost), func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				srv := NewTestServer(t)
				c, other := sdkClient(t, srv, unmetered.WithRetryMax(3)), sdkClient(t, srv)
				records, err := c.Domains.DNSRecords(ctx, 47)
				require.NoError(t, err)
				last, www := records[1], records[2] // #2 the MX, #3 www CNAME
				require.Equal(t, unmetered.DomainDNSTypeMX, last.Type)

				fault.AfterAction = true
				fault.OnStrike = func() { assert.NoError(t, other.Domains.DeleteDNSRecord(ctx, 47, 1)) } // www moves to 2
				srv.Fail(w.method, "/domain/@id/dns/@index", fault)
				err = w.call(ctx, c, last)
				require.Error(t, err)
				assert.True(t, unmetered.MaybeApplied(err), "%v", err)
				sent := 0
				for _, r := range srv.Requests() {
					if r.Method == w.method && r.Route == "/domain/@id/dns/@index" && r.Path == "/api/domain/47/dns/2" {
						sent++
					}
				}
				assert.Equal(t, 1, sent, "sent once")

				now, err := c.Domains.DNSRecords(ctx, 47)
				require.NoError(t, err)
				// The other writer removed #1; the update left the MX at #1 and www at #2, the delete
				// removed the MX and left www alone at #1.
				want := 2
				if w.method == http.MethodDelete {
					want = 1
				}
				www.ID = int64(want)
				assert.Contains(t, now, www, "www, which moved into the index, is untouched")
				assert.Len(t, now, want, "no other record changed: %v", now)
			})
		}
	}
}
