package unmeteredtest

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

// domainsDecimal parses a decimal literal for expectations.
func domainsDecimal(t testing.TB, s string) unmetered.Decimal {
	t.Helper()
	d, err := unmetered.ParseDecimal(s)
	require.NoError(t, err)
	return d
}

// domainsDay returns midnight UTC of the day d after today (before it, if negative), as a Date.
func domainsDay(now time.Time, d int) unmetered.Date {
	y, m, dd := now.UTC().AddDate(0, 0, d).Date()
	return unmetered.Date{Time: time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)}
}

func TestSDKDomainsRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newFakeClock()
	c := sdkClient(t, NewTestServer(t, WithClock(clock.Now)))
	now := clock.Now()
	active, expired, ordered := domainsDay(now, 60), domainsDay(now, -30), domainsDay(now, -1)
	yearBefore := func(d unmetered.Date) unmetered.Date { return unmetered.Date{Time: d.AddDate(-1, 0, 0)} }
	monthBefore := func(d unmetered.Date) unmetered.Date { return unmetered.Date{Time: d.AddDate(0, -1, 0)} }

	list, err := c.Domains.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.Domain{
		{ID: 47, Name: "testname.com", Status: unmetered.DomainActive, DateCreated: yearBefore(active), Expires: active,
			Period: 1, RecurringAmount: domainsDecimal(t, "15.00"), AutoRenew: true, DaysToExpire: 60},
		{ID: 48, Name: "testname.com", Status: unmetered.DomainExpired, DateCreated: yearBefore(expired), Expires: expired,
			Period: 1, RecurringAmount: domainsDecimal(t, "15.00"), AutoRenew: true, DaysToExpire: 0},
		{ID: 52, Name: "example.org", Status: unmetered.DomainPending, DateCreated: ordered,
			Period: 2, RecurringAmount: domainsDecimal(t, "25.00"), DaysToExpire: 0},
	}, list)

	d, err := c.Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, &unmetered.Domain{
		ID: 47, Name: "testname.com", Status: unmetered.DomainActive, DateCreated: yearBefore(active), Expires: active,
		NextDue: active, NextInvoice: monthBefore(active), Period: 1,
		FirstPayment: domainsDecimal(t, "10.00"), RecurringAmount: domainsDecimal(t, "15.00"), AutoRenew: true,
		Nameservers: []string{"ns1.example.com", "ns2.example.com", "ns3.example.com", "ns4.example.com"},
	}, d)

	byName, err := c.Domains.GetByName(ctx, "testname.com")
	require.NoError(t, err)
	require.Len(t, byName, 2)
	assert.Equal(t, *d, byName[0])
	assert.Equal(t, unmetered.Domain{
		ID: 48, Name: "testname.com", Status: unmetered.DomainExpired, DateCreated: yearBefore(expired), Expires: expired,
		NextDue: expired, NextInvoice: monthBefore(expired), Period: 1,
		FirstPayment: domainsDecimal(t, "10.00"), RecurringAmount: domainsDecimal(t, "15.00"), AutoRenew: true,
		Nameservers: []string{"ns1.example.com", "ns2.example.com"},
	}, byName[1])
	_, err = c.Domains.GetByName(ctx, "unknown.com")
	require.ErrorIs(t, err, unmetered.ErrNotFound)
	_, err = c.Domains.Get(ctx, 46)
	require.ErrorIs(t, err, unmetered.ErrNotFound)

	epp, err := c.Domains.EPPCode(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, "EPP-0047-FAKE", epp.Code.Reveal())
	assert.Equal(t, "[REDACTED]", epp.Code.String(), "the code does not print")
	sync, err := c.Domains.Sync(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, unmetered.DomainActive, sync.Status)
	assert.Equal(t, active, sync.Expires)
	assert.Equal(t, []string{"expires", "info", "status"}, sync.Raw.Keys())
	flags, err := c.Domains.DNSSECFlags(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.DNSSECFlagOption{
		{Value: unmetered.DNSSECZoneSigningKey, Name: "Zone Signing Key"},
		{Value: unmetered.DNSSECKeySigningKey, Name: "Key Signing Key"},
	}, flags.Flags)
}

// The seeded dates move with the server's clock: a domain's days to expiry count down, and
// an expired one stays at 0.
func TestSDKDomainsExpiryFollowsClock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newFakeClock()
	c := sdkClient(t, NewTestServer(t, WithClock(clock.Now)))
	days := func() []int64 {
		list, err := c.Domains.List(ctx)
		require.NoError(t, err)
		out := make([]int64, len(list))
		for i, d := range list {
			out[i] = d.DaysToExpire
		}
		return out
	}

	assert.Equal(t, []int64{60, 0, 0}, days())
	clock.Advance(45 * 24 * time.Hour)
	assert.Equal(t, []int64{15, 0, 0}, days())
	clock.Advance(20 * 24 * time.Hour)
	assert.Equal(t, []int64{0, 0, 0}, days(), "expired: never below 0")
}

// A server started on another day seeds its dates from that day.
func TestSDKDomainsSeededFromClock(t *testing.T) {
	t.Parallel()
	then := time.Date(2031, 2, 27, 15, 4, 5, 0, time.UTC)
	c := sdkClient(t, NewTestServer(t, WithClock(func() time.Time { return then })))

	d, err := c.Domains.Get(context.Background(), 47)
	require.NoError(t, err)
	assert.Equal(t, "2031-04-28", d.Expires.String())
	assert.Equal(t, "2030-04-28", d.DateCreated.String())
	assert.Equal(t, "2031-03-28", d.NextInvoice.String())
}

func TestSDKDomainsSettingsPersist(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	require.NoError(t, c.Domains.SetAutoRenew(ctx, 47, unmetered.AutoRenewRequest{Enabled: false}))
	ar, err := c.Domains.AutoRenew(ctx, 47)
	require.NoError(t, err)
	assert.False(t, ar.Enabled)
	d, err := c.Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.False(t, d.AutoRenew)
	list, err := c.Domains.List(ctx)
	require.NoError(t, err)
	assert.False(t, list[0].AutoRenew)
	require.NoError(t, c.Domains.SetAutoRenew(ctx, 47, unmetered.AutoRenewRequest{Enabled: true}))
	ar, err = c.Domains.AutoRenew(ctx, 47)
	require.NoError(t, err)
	assert.True(t, ar.Enabled)

	lock, err := c.Domains.RegistrarLock(ctx, 47)
	require.NoError(t, err)
	assert.True(t, lock.Locked)
	require.NoError(t, c.Domains.SetRegistrarLock(ctx, 47, unmetered.RegistrarLockRequest{Locked: false}))
	lock, err = c.Domains.RegistrarLock(ctx, 47)
	require.NoError(t, err)
	assert.False(t, lock.Locked)

	require.NoError(t, c.Domains.SetIDProtection(ctx, 47, unmetered.IDProtectionRequest{Enabled: true}))
	d, err = c.Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.True(t, d.IDProtection)

	require.NoError(t, c.Domains.SetNameservers(ctx, 47, []string{"ns1.dns.example", "ns2.dns.example"}))
	ns, err := c.Domains.Nameservers(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []string{"ns1.dns.example", "ns2.dns.example"}, ns.Nameservers)
	require.NoError(t, c.Domains.SetNameservers(ctx, 47, nil))
	d, err = c.Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []string{"ns1.unmetered.management", "ns2.unmetered.management"}, d.Nameservers, "none means the defaults")
	err = c.Domains.SetNameservers(ctx, 47, []string{"only.one.example"})
	requireAPIError(t, err, 400)

	require.NoError(t, c.Domains.RegisterNameserver(ctx, 47, unmetered.RegisterNameserverRequest{Nameserver: "ns1.testname.com", IP: "192.0.2.53"}))
	err = c.Domains.RegisterNameserver(ctx, 47, unmetered.RegisterNameserverRequest{Nameserver: "ns1.other.example", IP: "192.0.2.53"})
	assert.Equal(t, []string{"nameserver must be a host name under testname.com"}, requireAPIError(t, err, 400))

	jane := &unmetered.DomainContact{FirstName: "Jane", LastName: "Roe", Email: "jane@example.com", Country: "GB", Phone: "+44.2071234567"}
	require.NoError(t, c.Domains.UpdateContacts(ctx, 47, unmetered.DomainContactsRequest{Admin: jane}))
	contacts, err := c.Domains.Contacts(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, jane, contacts.Admin)
	joe := &unmetered.DomainContact{FirstName: "Joe", LastName: "Doe", Email: domainsAccountEmail(t, c), Address1: "Pretty View Lane",
		City: "Santa Rosa", State: "California", PostCode: "95401", Country: "US", Phone: "+1.24123123"}
	assert.Equal(t, joe, contacts.Registrant, "unchanged: the account's details")
	assert.Equal(t, joe, contacts.Tech)
	assert.Equal(t, joe, contacts.Billing)
	assert.ElementsMatch(t, []string{"contact_info"}, contacts.Raw.Keys())

	require.NoError(t, c.Domains.SetEmailForwarding(ctx, 47, unmetered.EmailForwardingRequest{From: "sales", To: "joe@example.com"}))
	require.NoError(t, c.Domains.SetEmailForwarding(ctx, 47, unmetered.EmailForwardingRequest{From: "info@testname.com", To: "mary@example.com"}))
	fw, err := c.Domains.EmailForwarding(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.DomainEmailForward{{From: "info", To: "mary@example.com"}, {From: "sales", To: "joe@example.com"}}, fw.Rules)

	require.NoError(t, c.Domains.SetForwarding(ctx, 47, unmetered.DomainForwardingRequest{URL: "https://www.example.net/", Type: unmetered.DomainForwardTemporary}))
	require.NoError(t, c.Domains.SetForwarding(ctx, 47, unmetered.DomainForwardingRequest{URL: "https://www.example.net/"}))
	requireAPIError(t, c.Domains.SetForwarding(ctx, 47, unmetered.DomainForwardingRequest{URL: "ftp://x"}), 400)
}

// domainsAccountEmail returns the account's email address, which the seeded WHOIS contacts carry.
func domainsAccountEmail(t *testing.T, c *unmetered.Client) string {
	t.Helper()
	d, err := c.Account.Details(context.Background())
	require.NoError(t, err)
	return d.Email
}

func TestSDKDomainsDNSRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	types, err := c.Domains.DNSRecordTypes(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.DomainDNSRecordType{unmetered.DomainDNSTypeA, unmetered.DomainDNSTypeCNAME, unmetered.DomainDNSTypeURL,
		unmetered.DomainDNSTypeFrame, unmetered.DomainDNSTypeMX, unmetered.DomainDNSTypeMXE, unmetered.DomainDNSTypeTXT}, types)

	require.NoError(t, c.Domains.CreateDNSRecord(ctx, 47, unmetered.DomainDNSRecordRequest{Name: "api", Type: unmetered.DomainDNSTypeA, Content: "192.0.2.80"}))
	require.NoError(t, c.Domains.CreateDNSRecord(ctx, 47, unmetered.DomainDNSRecordRequest{Name: "@", Type: unmetered.DomainDNSTypeMX, Priority: 20, Content: "mx2.testname.com"}))
	records, err := c.Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.DomainDNSRecord{
		{ID: 1, Name: "test", Type: "A", Content: "100.100.10.1"},
		{ID: 2, Name: "@", Type: "MX", TTL: 3600, Priority: 10, Content: "mail.testname.com"},
		{ID: 3, Name: "www", Type: "CNAME", TTL: 3600, Content: "testname.com"},
		{ID: 4, Name: "api", Type: "A", Content: "192.0.2.80"},
		{ID: 5, Name: "@", Type: "MX", Priority: 20, Content: "mx2.testname.com"},
	}, records)

	require.NoError(t, c.Domains.UpdateDNSRecord(ctx, 47, 4, unmetered.DomainDNSRecordRequest{Name: "api", Type: "A", Content: "192.0.2.81"}))
	require.NoError(t, c.Domains.DeleteDNSRecord(ctx, 47, 1))
	records, err = c.Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	require.Len(t, records, 4)
	assert.Equal(t, "@", records[0].Name, "indexes shift after a delete")
	assert.Equal(t, unmetered.DomainDNSRecord{ID: 3, Name: "api", Type: "A", Content: "192.0.2.81"}, records[2])

	err = c.Domains.CreateDNSRecord(ctx, 47, unmetered.DomainDNSRecordRequest{Type: "AAAA", Content: "2001:db8::1"})
	assert.Equal(t, []string{"type must be one of A, CNAME, URL, FRAME, MX, MXE, TXT"}, requireAPIError(t, err, 400))
	require.ErrorIs(t, c.Domains.DeleteDNSRecord(ctx, 47, 9), unmetered.ErrNotFound)

	require.NoError(t, c.Domains.AddDNSSECKey(ctx, 47, unmetered.DNSSECKeyRequest{Flags: unmetered.DNSSECZoneSigningKey, Algorithm: 13, PublicKey: "AwEAAc=="}))
	keys, err := c.Domains.DNSSECKeys(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.DNSSECKey{
		{ID: "k1", Flags: unmetered.DNSSECKeySigningKey, Algorithm: 13, PublicKey: "ZmFrZS1wdWJsaWMta2V5"},
		{ID: "k2", Flags: unmetered.DNSSECZoneSigningKey, Algorithm: 13, PublicKey: "AwEAAc=="},
	}, keys.Keys)
	err = c.Domains.AddDNSSECKey(ctx, 47, unmetered.DNSSECKeyRequest{Flags: 255, Algorithm: 13, PublicKey: "AwEAAc=="})
	assert.Equal(t, []string{"flags must be one of GET /domain/@id/dnssec/flags"}, requireAPIError(t, err, 400))
	require.NoError(t, c.Domains.DeleteDNSSECKey(ctx, 47, "k1"))
	require.ErrorIs(t, c.Domains.DeleteDNSSECKey(ctx, 47, "k1"), unmetered.ErrNotFound)
	require.ErrorIs(t, c.Domains.DeleteDNSSECKey(ctx, 47, "../k2"), unmetered.ErrNotFound, "an escaped key stays one segment")
}

// The checked writes against the fake, whose indexes shift as the real server's do: a record
// read before another client's delete is refused, not mistaken for its new neighbour.
func TestSDKDomainsDNSRecordsChecked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c, other := sdkClient(t, srv), sdkClient(t, srv)

	records, err := c.Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	www := records[2] // #3 www CNAME
	require.Equal(t, "www", www.Name)

	// Another client removes record 1: www moves to index 2, and the MX to index 1.
	require.NoError(t, other.Domains.DeleteDNSRecord(ctx, 47, 1))
	before := srv.Count("DELETE", "/domain/@id/dns/@index")
	err = c.Domains.DeleteDNSRecordChecked(ctx, 47, records[1]) // the MX, read at index 2
	require.ErrorIs(t, err, unmetered.ErrConflict)
	assert.Contains(t, err.Error(), "#2 www CNAME testname.com", "says what the index holds now")
	err = c.Domains.UpdateDNSRecordChecked(ctx, 47, www, unmetered.DomainDNSRecordRequest{Name: "www", Type: "CNAME", Content: "example.net"})
	require.ErrorIs(t, err, unmetered.ErrConflict, "index 3 is gone")
	assert.Equal(t, before, srv.Count("DELETE", "/domain/@id/dns/@index"), "nothing was deleted")
	assert.Equal(t, 0, srv.Count("PUT", "/domain/@id/dns/@index"), "nothing was updated")

	// Read again: the checked writes act on what is there now.
	records, err = c.Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	require.NoError(t, c.Domains.UpdateDNSRecordChecked(ctx, 47, records[1], unmetered.DomainDNSRecordRequest{Name: "www", Type: "CNAME", Content: "example.net"}))
	require.NoError(t, c.Domains.DeleteDNSRecordChecked(ctx, 47, records[0]))
	records, err = c.Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.DomainDNSRecord{{ID: 1, Name: "www", Type: "CNAME", Content: "example.net"}}, records)
}

// An update whose answer is lost after it acted is never replayed onto the index: meanwhile
// another writer removed an earlier record, and the index now holds the record after it, which
// a replay would overwrite. The call reports that it may have applied; the record it was not
// given stays as it was.
func TestSDKDomainsDNSUpdateNotReplayedOntoShiftedIndex(t *testing.T) {
	t.Parallel()
	mx := unmetered.DomainDNSRecordRequest{Name: "@", Type: "MX", Priority: 20, Content: "mx2.testname.com"}
	for name, update := range map[string]func(context.Context, *unmetered.Client, unmetered.DomainDNSRecord) error{
		"UpdateDNSRecord": func(ctx context.Context, c *unmetered.Client, last unmetered.DomainDNSRecord) error {
			return c.Domains.UpdateDNSRecord(ctx, 47, last.ID, mx)
		},
		"UpdateDNSRecordChecked": func(ctx context.Context, c *unmetered.Client, last unmetered.DomainDNSRecord) error {
			return c.Domains.UpdateDNSRecordChecked(ctx, 47, last, mx)
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			srv := NewTestServer(t)
			c, other := sdkClient(t, srv), sdkClient(t, srv)
			records, err := c.Domains.DNSRecords(ctx, 47)
			require.NoError(t, err)
			require.Len(t, records, 3)
			last, www := records[1], records[2] // #2 the MX, #3 www CNAME
			require.Equal(t, unmetered.DomainDNSTypeMX, last.Type)

			srv.Fail("PUT", "/domain/@id/dns/@index", Fault{AfterAction: true, DropConnection: true, OnStrike: func() {
				assert.NoError(t, other.Domains.DeleteDNSRecord(ctx, 47, 1)) // the MX moves to 1, www to 2
			}})
			err = update(ctx, c, last)
			require.Error(t, err, "the answer was lost")
			assert.True(t, unmetered.MaybeApplied(err), "the update may have been applied: %v", err)
			assert.Equal(t, 1, srv.Count("PUT", "/domain/@id/dns/@index"), "sent once")

			now, err := c.Domains.DNSRecords(ctx, 47)
			require.NoError(t, err)
			www.ID = 2
			assert.Equal(t, []unmetered.DomainDNSRecord{
				{ID: 1, Name: "@", Type: "MX", Priority: 20, Content: "mx2.testname.com"}, www,
			}, now, "the update applied once, at the index it was sent to; www, which moved there, is untouched")
		})
	}
}

func TestSDKDomainsBuying(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c := sdkClient(t, srv)

	tlds, err := c.Domains.TLDs(ctx)
	require.NoError(t, err)
	require.Len(t, tlds, 3)
	assert.Equal(t, unmetered.TLD{ID: 7, TLD: ".org", Periods: []unmetered.DomainPeriod{
		{Years: 1, Register: domainsDecimal(t, "12.50"), Transfer: domainsDecimal(t, "12.50"), Renew: domainsDecimal(t, "12.50"), Redemption: domainsDecimal(t, "40.00")},
		{Years: 2, Register: domainsDecimal(t, "25.00"), Transfer: domainsDecimal(t, "25.00"), Renew: domainsDecimal(t, "25.00"), Redemption: domainsDecimal(t, "80.00")},
	}}, tlds[1])
	form, err := c.Domains.TLDForm(ctx, tlds[0].ID)
	require.NoError(t, err)
	assert.Equal(t, "Language", form[1].Title)
	form, err = c.Domains.TLDForm(ctx, 7)
	require.NoError(t, err)
	assert.Empty(t, form)

	look, err := c.Domains.Lookup(ctx, "example.com")
	require.NoError(t, err)
	assert.False(t, look.Available)
	look, err = c.Domains.Lookup(ctx, "brand-new.org")
	require.NoError(t, err)
	assert.Equal(t, &unmetered.DomainLookup{Name: "brand-new.org", Available: true, Periods: []unmetered.DomainPeriod{
		{TLDID: 7, Years: 1, Register: domainsDecimal(t, "12.50"), Transfer: domainsDecimal(t, "12.50"), Renew: domainsDecimal(t, "12.50"), Redemption: domainsDecimal(t, "40.00")},
		{TLDID: 7, Years: 2, Register: domainsDecimal(t, "25.00"), Transfer: domainsDecimal(t, "25.00"), Renew: domainsDecimal(t, "25.00"), Redemption: domainsDecimal(t, "80.00")},
	}}, look)
	_, err = c.Domains.Lookup(ctx, "brand-new.invalid")
	requireAPIError(t, err, 400)

	res, err := c.Domains.Order(ctx, unmetered.DomainOrderRequest{Name: "brand-new.org", Years: 2, Action: unmetered.DomainRegister, TLDID: 7, PayMethod: 5,
		Nameservers: []string{"ns1.example.net", "ns2.example.net"}, Admin: 49})
	require.NoError(t, err)
	assert.Equal(t, "25.00", res.Total.String())
	require.Len(t, res.Items, 1)
	assert.Equal(t, "Domain Register", res.Items[0].Type)
	d, err := c.Domains.Get(ctx, int64(res.Items[0].ID))
	require.NoError(t, err)
	assert.Equal(t, unmetered.DomainPending, d.Status)
	assert.True(t, d.Expires.IsZero(), "not registered yet")
	assert.Equal(t, []string{"ns1.example.net", "ns2.example.net"}, d.Nameservers)
	contacts, err := c.Domains.Contacts(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, "mary@example.com", contacts.Admin.Email, "the admin contact is contact 49")
	inv := sendOK(t, srv, "GET", "/invoice/"+strconv.FormatInt(res.InvoiceID, 10), nil)
	assert.Equal(t, json.Number("25.00"), at(t, inv, "invoice", "total"))

	_, err = c.Domains.Order(ctx, unmetered.DomainOrderRequest{Name: "brand-new.org", Years: 3, Action: unmetered.DomainRegister, PayMethod: 3})
	assert.Equal(t, []string{"Unknown payment method 3; see GET /payment",
		"years must be one of the periods of .org in GET /domain/order", "brand-new.org is already registered on this account"},
		requireAPIError(t, err, 400))

	renewal, err := c.Domains.Renew(ctx, 47, unmetered.RenewRequest{Years: 2})
	require.NoError(t, err)
	assert.Equal(t, "30.00", renewal.Total.String())
	assert.NotZero(t, renewal.OrderNumber)
	inv = sendOK(t, srv, "GET", "/invoice/"+strconv.FormatInt(renewal.InvoiceID, 10), nil)
	assert.Equal(t, json.Number("30.00"), at(t, inv, "invoice", "total"), "the renewal's invoice carries its cost")
	_, err = c.Domains.Renew(ctx, 52, unmetered.RenewRequest{Years: 1})
	assert.Equal(t, []string{"Only an Active or Expired domain can be renewed, not a Pending one"}, requireAPIError(t, err, 400))
}

// A renewal's invoice is billed as the real portal bills it (HostBill's invoice items: type
// "Domain Renew", item_id the domain's id, as strings on the wire), whether the portal issued it
// ahead of the expiry (the seeded invoice 308977), Renew ordered it or a renewal item of an
// order did; PendingRenewals finds each while it is unpaid, and none once paid.
func TestPendingRenewalsOfTheFake(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	c := sdkClient(t, srv)
	ctx := context.Background()
	ids := func(invs []unmetered.Invoice) []int64 {
		out := []int64{}
		for _, inv := range invs {
			out = append(out, inv.ID)
		}
		return out
	}
	pending, err := c.Domains.PendingRenewals(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []int64{308977}, ids(pending), "the portal's own renewal invoice, seeded")
	line := at(t, sendOK(t, srv, "GET", "/invoice/308977", nil), "invoice", "items", "0")
	assert.Equal(t, "Domain Renew", at(t, line, "type"))
	assert.Equal(t, "47", at(t, line, "item_id"), "the domain's id, a string as HostBill sends ids")

	renewal, err := c.Domains.Renew(ctx, 47, unmetered.RenewRequest{Years: 1})
	require.NoError(t, err)
	line = at(t, sendOK(t, srv, "GET", "/invoice/"+strconv.FormatInt(renewal.InvoiceID, 10), nil), "invoice", "items", "0")
	assert.Equal(t, "Domain Renew", at(t, line, "type"))
	assert.Equal(t, "47", at(t, line, "item_id"))
	order, err := c.Cart.OrderItems(ctx, unmetered.CartOrderRequest{Items: []unmetered.CartItem{unmetered.DomainRenewItem(47, 1)}})
	require.NoError(t, err)
	pending, err = c.Domains.PendingRenewals(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []int64{308977, renewal.InvoiceID, order.InvoiceID}, ids(pending), "each renewal ordered is one more invoice")

	for _, id := range ids(pending) {
		_, err := c.Billing.ApplyCredit(ctx, id, unmetered.ApplyCreditRequest{})
		require.NoError(t, err)
	}
	pending, err = c.Domains.PendingRenewals(ctx, 47)
	require.NoError(t, err)
	assert.Empty(t, pending, "paid: nothing pending")
	pending, err = c.Domains.PendingRenewals(ctx, 52)
	require.NoError(t, err)
	assert.Empty(t, pending)
}
