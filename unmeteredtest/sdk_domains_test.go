package unmeteredtest

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestSDKDomainsRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	list, err := c.Domains.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 3)
	assert.Equal(t, "testname.com", list[0].Name)
	assert.True(t, list[2].Expires.IsZero(), "a pending domain has no expiry yet")

	d, err := c.Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []string{"ns1.example.com", "ns2.example.com", "ns3.example.com", "ns4.example.com"}, []string(d.Nameservers))
	assert.Equal(t, "15.00", d.RecurringAmount.String())

	byName, err := c.Domains.GetByName(ctx, "testname.com")
	require.NoError(t, err)
	require.Len(t, byName, 2)
	assert.Equal(t, "Expired", byName[1].Status)
	_, err = c.Domains.GetByName(ctx, "unknown.com")
	require.ErrorIs(t, err, unmetered.ErrNotFound)
	_, err = c.Domains.Get(ctx, 46)
	require.ErrorIs(t, err, unmetered.ErrNotFound)

	epp, err := c.Domains.EPPCode(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, "EPP-0047-FAKE", epp.Text("epp_code"))
	sync, err := c.Domains.Sync(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, "2017-12-30", sync.Text("expires"))
	flags, err := c.Domains.DNSSECFlags(ctx, 47)
	require.NoError(t, err)
	assert.Contains(t, flags.Text("flags"), "Key Signing Key")
}

func TestSDKDomainsSettingsPersist(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	require.NoError(t, c.Domains.SetAutoRenew(ctx, 47, false))
	ar, err := c.Domains.AutoRenew(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, "0", ar.Text("autorenew"))
	d, err := c.Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.False(t, bool(d.AutoRenew))
	list, err := c.Domains.List(ctx)
	require.NoError(t, err)
	assert.False(t, bool(list[0].AutoRenew))

	require.NoError(t, c.Domains.SetRegistrarLock(ctx, 47, false))
	lock, err := c.Domains.RegistrarLock(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, "0", lock.Text("reglock"))

	require.NoError(t, c.Domains.SetIDProtection(ctx, 47, true))
	d, err = c.Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.True(t, bool(d.IDProtection))

	require.NoError(t, c.Domains.SetNameservers(ctx, 47, []string{"ns1.dns.example", "ns2.dns.example"}))
	ns, err := c.Domains.Nameservers(ctx, 47)
	require.NoError(t, err)
	var servers []string
	require.NoError(t, ns.Decode("nameservers", &servers))
	assert.Equal(t, []string{"ns1.dns.example", "ns2.dns.example"}, servers)
	require.NoError(t, c.Domains.SetNameservers(ctx, 47, nil))
	d, err = c.Domains.Get(ctx, 47)
	require.NoError(t, err)
	assert.Equal(t, []string{"ns1.unmetered.management", "ns2.unmetered.management"}, []string(d.Nameservers), "none means the defaults")
	err = c.Domains.SetNameservers(ctx, 47, []string{"only.one.example"})
	requireAPIError(t, err, 400)

	require.NoError(t, c.Domains.RegisterNameserver(ctx, 47, map[string]any{"nameserver": "ns1.testname.com", "ip": "192.0.2.53"}))
	requireAPIError(t, c.Domains.RegisterNameserver(ctx, 47, nil), 400)

	require.NoError(t, c.Domains.UpdateContacts(ctx, 47, map[string]any{"admin": map[string]any{"firstname": "Jane", "email": "jane@example.com"}}))
	contacts, err := c.Domains.Contacts(ctx, 47)
	require.NoError(t, err)
	var info map[string]map[string]string
	require.NoError(t, contacts.Decode("contact_info", &info))
	assert.Equal(t, map[string]string{"firstname": "Jane", "email": "jane@example.com"}, info["admin"])
	assert.Equal(t, "Joe", info["registrant"]["firstname"])

	require.NoError(t, c.Domains.SetEmailForwarding(ctx, 47, "sales", "joe@example.com"))
	require.NoError(t, c.Domains.SetEmailForwarding(ctx, 47, "info@testname.com", "mary@example.com"))
	fw, err := c.Domains.EmailForwarding(ctx, 47)
	require.NoError(t, err)
	var rules []map[string]string
	require.NoError(t, fw.Decode("forwarding", &rules))
	assert.Equal(t, []map[string]string{{"from": "info", "to": "mary@example.com"}, {"from": "sales", "to": "joe@example.com"}}, rules)

	require.NoError(t, c.Domains.SetForwarding(ctx, 47, map[string]any{"url": "https://www.example.net/", "type": "302"}))
	requireAPIError(t, c.Domains.SetForwarding(ctx, 47, map[string]any{"url": "ftp://x"}), 400)
}

func TestSDKDomainsDNSRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	types, err := c.Domains.DNSRecordTypes(ctx, 47)
	require.NoError(t, err)
	assert.Contains(t, types, "MXE")

	require.NoError(t, c.Domains.CreateDNSRecord(ctx, 47, &unmetered.DomainDNSRecordRequest{Name: "api", Type: "A", Content: "192.0.2.80"}))
	require.NoError(t, c.Domains.CreateDNSRecord(ctx, 47, &unmetered.DomainDNSRecordRequest{Name: "@", Type: "MX", Priority: 20, Content: "mx2.testname.com"}))
	records, err := c.Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	require.Len(t, records, 5)
	assert.Equal(t, unmetered.DomainDNSRecord{ID: 5, Name: "@", Type: "MX", Priority: 20, Content: unmetered.NewContent("mx2.testname.com")}, records[4])

	require.NoError(t, c.Domains.UpdateDNSRecord(ctx, 47, 4, &unmetered.DomainDNSRecordRequest{Name: "api", Type: "A", Content: "192.0.2.81"}))
	require.NoError(t, c.Domains.DeleteDNSRecord(ctx, 47, 1))
	records, err = c.Domains.DNSRecords(ctx, 47)
	require.NoError(t, err)
	require.Len(t, records, 4)
	assert.Equal(t, "@", records[0].Name, "indexes shift after a delete")
	assert.Equal(t, unmetered.Int(3), records[2].ID)
	assert.Equal(t, "192.0.2.81", records[2].Content.String())

	err = c.Domains.CreateDNSRecord(ctx, 47, &unmetered.DomainDNSRecordRequest{Type: "AAAA", Content: "2001:db8::1"})
	assert.Equal(t, []string{"type must be one of A, CNAME, URL, FRAME, MX, MXE, TXT"}, requireAPIError(t, err, 400))
	require.ErrorIs(t, c.Domains.DeleteDNSRecord(ctx, 47, 9), unmetered.ErrNotFound)

	require.NoError(t, c.Domains.AddDNSSECKey(ctx, 47, map[string]any{"flags": 256, "alg": 13, "pubkey": "AwEAAc=="}))
	keys, err := c.Domains.DNSSECKeys(ctx, 47)
	require.NoError(t, err)
	var list []map[string]string
	require.NoError(t, keys.Decode("keys", &list))
	require.Len(t, list, 2)
	assert.Equal(t, map[string]string{"id": "k2", "flags": "256", "alg": "13", "pubkey": "AwEAAc=="}, list[1])
	require.NoError(t, c.Domains.DeleteDNSSECKey(ctx, 47, "k1"))
	require.ErrorIs(t, c.Domains.DeleteDNSSECKey(ctx, 47, "k1"), unmetered.ErrNotFound)
	require.ErrorIs(t, c.Domains.DeleteDNSSECKey(ctx, 47, "../k2"), unmetered.ErrNotFound, "an escaped key stays one segment")
}

func TestSDKDomainsBuying(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := NewTestServer(t)
	c := sdkClient(t, srv)

	tlds, err := c.Domains.TLDs(ctx)
	require.NoError(t, err)
	require.Len(t, tlds, 3)
	assert.Equal(t, ".com", tlds[0].TLD)
	form, err := c.Domains.TLDForm(ctx, int64(tlds[0].ID))
	require.NoError(t, err)
	assert.Equal(t, "Language", form[1].Title)
	form, err = c.Domains.TLDForm(ctx, 7)
	require.NoError(t, err)
	assert.Empty(t, form)

	look, err := c.Domains.Lookup(ctx, "example.com")
	require.NoError(t, err)
	assert.False(t, bool(look.Available))
	look, err = c.Domains.Lookup(ctx, "brand-new.org")
	require.NoError(t, err)
	assert.True(t, bool(look.Available))
	assert.Equal(t, "12.50", look.Periods[0].Register.String())
	_, err = c.Domains.Lookup(ctx, "brand-new.invalid")
	requireAPIError(t, err, 400)

	res, err := c.Domains.Order(ctx, &unmetered.DomainOrder{Name: "brand-new.org", Years: 2, Action: unmetered.DomainRegister, TLDID: 7, PayMethod: 5,
		Nameservers: []string{"ns1.example.net", "ns2.example.net"}, Admin: 49})
	require.NoError(t, err)
	assert.Equal(t, "25.00", res.Total.String())
	require.Len(t, res.Items, 1)
	assert.Equal(t, "Domain Register", res.Items[0].Type)
	d, err := c.Domains.Get(ctx, int64(res.Items[0].ID))
	require.NoError(t, err)
	assert.Equal(t, "Pending", d.Status)
	assert.Equal(t, []string{"ns1.example.net", "ns2.example.net"}, []string(d.Nameservers))
	contacts, err := c.Domains.Contacts(ctx, int64(d.ID))
	require.NoError(t, err)
	assert.Contains(t, contacts.Text("contact_info"), "mary@example.com", "the admin contact is contact 49")
	inv := sendOK(t, srv, "GET", "/invoice/"+strconv.FormatInt(res.InvoiceID, 10), nil)
	assert.Equal(t, json.Number("25.00"), at(t, inv, "invoice", "total"))

	_, err = c.Domains.Order(ctx, &unmetered.DomainOrder{Name: "brand-new.org", Years: 3, Action: unmetered.DomainRegister, PayMethod: 3})
	assert.Equal(t, []string{"Unknown payment method 3; see GET /payment",
		"years must be one of the periods of .org in GET /domain/order", "brand-new.org is already registered on this account"},
		requireAPIError(t, err, 400))

	renewal, err := c.Domains.Renew(ctx, 47, 2, 0)
	require.NoError(t, err)
	assert.Equal(t, "30.00", renewal.Text("total"))
	_, err = c.Domains.Renew(ctx, 52, 1, 0)
	requireAPIError(t, err, 400)
}
