package unmetereddns

import (
	"context"
	"fmt"
	"net/netip"
	"testing"

	"github.com/libdns/libdns"
	"github.com/stretchr/testify/require"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// BenchmarkSetRecordsOneChange measures SetRecords changing one record of a 500-record
// DNS-service zone, in requests to the fake portal: it must cost 1 write (an update in place)
// and at most 2 reads (GET /dns to find the zone, one read of the zone). The request counts are
// reported as writes/op and reads/op; the benchmark fails if they are over.
func BenchmarkSetRecordsOneChange(b *testing.B) {
	ctx := context.Background()
	srv := unmeteredtest.NewTestServer(b)
	c, err := srv.Client()
	require.NoError(b, err)
	zone, err := c.DNS.CreateZone(ctx, 10, "bench.example")
	require.NoError(b, err)
	const size = 500
	reqs := make([]unmetered.RecordRequest, size-3) // with the zone's SOA and two NS records: 500
	for i := range reqs {
		reqs[i] = unmetered.RecordRequest{Name: fmt.Sprintf("host-%03d", i), Type: unmetered.RecordTypeA, Content: fmt.Sprintf("10.0.%d.%d", i/256, i%256)}
	}
	_, err = c.DNS.CreateRecords(ctx, zone, reqs)
	require.NoError(b, err)
	full, err := c.DNS.Zone(ctx, zone.ServiceID, zone.ID)
	require.NoError(b, err)
	require.Len(b, full.Records, size)

	p := &Provider{Client: c}
	count := func(routes [][2]string) int {
		n := 0
		for _, rt := range routes {
			n += srv.Count(rt[0], rt[1])
		}
		return n
	}
	writes0, reads0 := count(recordRoutes), count(readRoutes)
	ips := []netip.Addr{netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set, err := p.SetRecords(ctx, "bench.example.", []libdns.Record{libdns.Address{Name: "host-250", IP: ips[i%2]}})
		if err != nil || len(set) != 1 {
			b.Fatalf("SetRecords: %v, %d records set", err, len(set))
		}
	}
	b.StopTimer()
	writes := float64(count(recordRoutes)-writes0) / float64(b.N)
	reads := float64(count(readRoutes)-reads0) / float64(b.N)
	b.ReportMetric(writes, "writes/op")
	b.ReportMetric(reads, "reads/op")
	if writes != 1 || reads > 2 {
		b.Fatalf("SetRecords of one changed record cost %.2f writes and %.2f reads; want 1 and at most 2", writes, reads)
	}
}
