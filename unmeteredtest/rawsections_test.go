package unmeteredtest

// The Billing, Support, Certificates, Cart and DNS sections of the SDK are written elsewhere;
// until they arrive, these tests check the fake's answers and state through plain net/http.
// They are meant to be replaced by tests through the SDK.

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// num is a JSON number as the tests decode it.
func num(s string) json.Number { return json.Number(s) }

func TestRawBillingCredit(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	balance := func() (string, string) {
		d := sendOK(t, srv, "GET", "/balance", nil)
		assert.Equal(t, true, d["success"])
		return at(t, d, "details", "acc_balance").(string), at(t, d, "details", "acc_credit").(string)
	}
	b, credit := balance()
	assert.Equal(t, []string{"15.00", "50.00"}, []string{b, credit})

	invoices := list(t, sendOK(t, srv, "GET", "/invoice", nil), "invoices")
	require.Len(t, invoices, 2)
	assert.Equal(t, map[string]any{
		"id": "308976", "date": "2016-12-30", "dateorig": "2016-12-30", "duedate": "2017-01-06", "paybefore": "2017-01-06",
		"total": "19.65", "datepaid": "2016-12-30 12:40:47", "status": "Paid", "merge_id": nil, "number": "2016/12/1",
		"currency": "USD",
	}, invoices[0])
	inv := sendOK(t, srv, "GET", "/invoice/308976", nil)
	assert.Equal(t, []any{num("16.24"), num("3.41"), num("19.65")},
		[]any{at(t, inv, "invoice", "subtotal"), at(t, inv, "invoice", "tax"), at(t, inv, "invoice", "total")})
	assert.Equal(t, "PayPal Payment Fee", at(t, inv, "invoice", "items", "1", "description"))
	assert.Equal(t, "26", at(t, inv, "invoice", "client", "id"))

	// A partial payment from credit, then the rest.
	paid := sendOK(t, srv, "POST", "/invoice/308977/credit", obj{"amount": "5.50"})
	assert.Equal(t, map[string]any{"success": true, "invoice_status": "Unpaid", "applied": num("5.50")}, paid)
	b, credit = balance()
	assert.Equal(t, []string{"9.50", "44.50"}, []string{b, credit})
	paid = sendOK(t, srv, "POST", "/invoice/308977/credit", nil)
	assert.Equal(t, map[string]any{"success": true, "invoice_status": "Paid", "applied": num("9.50")}, paid)
	b, credit = balance()
	assert.Equal(t, []string{"0.00", "35.00"}, []string{b, credit})
	inv = sendOK(t, srv, "GET", "/invoice/308977", nil)
	assert.Equal(t, "Paid", at(t, inv, "invoice", "status"))
	assert.Equal(t, num("15.00"), at(t, inv, "invoice", "credit"))
	assert.NotEqual(t, "0000-00-00 00:00:00", at(t, inv, "invoice", "datepaid"))
	assert.Equal(t, "Paid", at(t, list(t, sendOK(t, srv, "GET", "/invoice", nil), "invoices")[1], "status"))

	for body, msg := range map[string]string{
		`{}`:                 "Invoice #308977 is Paid, not Unpaid",
		`{"amount":"1.234"}`: "Invoice #308977 is Paid, not Unpaid",
	} {
		resp := send(t, srv, "POST", "/invoice/308977/credit", json.RawMessage(body))
		assert.Equal(t, http.StatusBadRequest, resp.Status)
		assert.Equal(t, []any{msg}, resp.JSON(t)["error"])
	}

	// A new order's invoice: more than the credit asked for is refused; then the credit runs out.
	order := sendOK(t, srv, "POST", "/order/340", obj{"cycle": "m"})
	id := order["invoice_id"].(string)
	assert.Equal(t, "188.00", order["total"], "89.00 a month and 99.00 setup")
	resp := send(t, srv, "POST", "/invoice/"+id+"/credit", obj{"amount": 40})
	assert.Equal(t, []any{"The amount exceeds the account credit of 35.00"}, resp.JSON(t)["error"])
	resp = send(t, srv, "POST", "/invoice/"+id+"/credit", obj{"amount": "1.234"})
	assert.Equal(t, http.StatusBadRequest, resp.Status)
	assert.Equal(t, num("35.00"), sendOK(t, srv, "POST", "/invoice/"+id+"/credit", nil)["applied"])
	resp = send(t, srv, "POST", "/invoice/"+id+"/credit", nil)
	assert.Equal(t, []any{"There is no credit on the account"}, resp.JSON(t)["error"])
	b, credit = balance()
	assert.Equal(t, []string{"153.00", "0.00"}, []string{b, credit})

	assert.Equal(t, map[string]any{"1": "BankTransfer", "2": "Stripe", "4": "CreditCard", "5": "PayPal"},
		sendOK(t, srv, "GET", "/payment", nil)["payments"])
	fees := list(t, sendOK(t, srv, "GET", "/payment/fees", nil), "payments")
	assert.Equal(t, map[string]any{"id": num("2"), "name": "Stripe", "fixed_fee": "0.5", "percent_fee": "2.9"}, fees[1])
}

func TestRawSupportTickets(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	depts := list(t, sendOK(t, srv, "GET", "/ticket/departments", nil), "departments")
	assert.Equal(t, "Technical Support", at(t, depts[1], "name"))

	created := sendOK(t, srv, "POST", "/tickets", obj{"dept_id": "2", "subject": "Disk full", "body": "The disk of vps.example.com is full."})
	assert.Equal(t, map[string]any{"ticket": num("865650")}, created)
	tickets := list(t, sendOK(t, srv, "GET", "/tickets", nil), "tickets")
	require.Len(t, tickets, 3)
	assert.Equal(t, "865650", at(t, tickets[2], "ticket_number"))
	assert.Equal(t, "Open", at(t, tickets[2], "status"))
	assert.Equal(t, "Technical Support", at(t, tickets[2], "deptname"))

	assert.Equal(t, map[string]any{"info": []any{"reply_added"}}, sendOK(t, srv, "POST", "/tickets/865650", obj{"body": "Any news?"}))
	detail := sendOK(t, srv, "GET", "/tickets/865650", nil)
	assert.Equal(t, "Client-Reply", at(t, detail, "ticket", "status"))
	assert.Equal(t, "Joe Doe", at(t, detail, "ticket", "name"))
	replies := list(t, detail, "replies")
	require.Len(t, replies, 1)
	assert.Equal(t, "Any news?", at(t, replies[0], "body"))
	assert.Equal(t, "Client", at(t, replies[0], "type"))

	assert.Equal(t, map[string]any{"status": true}, sendOK(t, srv, "PUT", "/tickets/865650/close", nil))
	assert.Equal(t, "Closed", at(t, sendOK(t, srv, "GET", "/tickets/865650", nil), "ticket", "status"))
	sendOK(t, srv, "PUT", "/tickets/865650/open", nil)
	assert.Equal(t, "Open", at(t, sendOK(t, srv, "GET", "/tickets/865650", nil), "ticket", "status"))

	seeded := sendOK(t, srv, "GET", "/tickets/736633", nil)
	assert.Equal(t, "Support Staff", at(t, seeded, "replies", "0", "name"))

	resp := send(t, srv, "POST", "/tickets", obj{"dept_id": 9})
	assert.Equal(t, http.StatusBadRequest, resp.Status)
	assert.Equal(t, []any{"dept_id must be one of the departments of GET /ticket/departments", "subject is required", "body is required"},
		resp.JSON(t)["error"])
	assert.Equal(t, http.StatusBadRequest, send(t, srv, "POST", "/tickets/865650", obj{"body": " "}).Status)
	assert.Equal(t, http.StatusNotFound, send(t, srv, "POST", "/tickets/1", obj{"body": "x"}).Status)

	file := send(t, srv, "GET", "/ticket/attachment/7f3a9c1e?number=736633", nil)
	assert.Equal(t, http.StatusOK, file.Status)
	assert.Equal(t, "image/png", file.Header.Get("Content-Type"))
	assert.Equal(t, `attachment; filename=screenshot.png`, file.Header.Get("Content-Disposition"))
	assert.True(t, strings.HasPrefix(string(file.Body), "\x89PNG"))
	assert.Equal(t, http.StatusNotFound, send(t, srv, "GET", "/ticket/attachment/7f3a9c1e?number=736634", nil).Status)
	assert.Equal(t, http.StatusNotFound, send(t, srv, "GET", "/ticket/attachment/nope", nil).Status)
}

func TestRawCertificates(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	certs := list(t, sendOK(t, srv, "GET", "/certificate", nil), "sslservices")
	require.Len(t, certs, 2)
	assert.Equal(t, "Pending", at(t, certs[0], "status"))
	detail := sendOK(t, srv, "GET", "/certificate/300", nil)
	assert.Equal(t, "Joe", at(t, detail, "service", "contacts", "admin", "FName"))
	assert.Equal(t, "Texas", at(t, detail, "service", "organization", "state"))

	crt := send(t, srv, "GET", "/certificate/305/crt", nil)
	require.Equal(t, http.StatusOK, crt.Status)
	block, _ := pem.Decode(crt.Body)
	require.NotNil(t, block)
	cert, err := x509.ParseCertificate(block.Bytes)
	require.NoError(t, err)
	assert.Equal(t, "secure.example.com", cert.Subject.CommonName)
	resp := send(t, srv, "GET", "/certificate/300/crt", nil)
	assert.Equal(t, http.StatusBadRequest, resp.Status)
	assert.Equal(t, []any{"The certificate for examplename.com has not been issued yet"}, resp.JSON(t)["error"])

	products := list(t, sendOK(t, srv, "GET", "/certificate/order", nil), "products")
	assert.Equal(t, map[string]any{"years": num("2"), "price": num("48.75"), "renew": num("48.75")}, at(t, products[0], "periods", "1"))
	software := list(t, sendOK(t, srv, "GET", "/certificate/order/26/software", nil), "software")
	assert.Equal(t, map[string]any{"id": num("0"), "name": "AOL"}, software[0])
	assert.Equal(t, http.StatusNotFound, send(t, srv, "GET", "/certificate/order/99/software", nil).Status)

	order := sendOK(t, srv, "POST", "/certificate/order", obj{
		"product_id": 25, "csr": examplenameCSR, "years": 2, "pay_method": 2, "approver_email": "admin@examplename.com",
		"software": 4, "tech": 50, "organization": obj{"name": "Doe Hosting"},
	})
	assert.Equal(t, "48.75", order["total"])
	assert.Equal(t, map[string]any{"id": "310", "type": "Hosting", "name": "examplename.com", "product_id": "25"}, order["items"])
	detail = sendOK(t, srv, "GET", "/certificate/310", nil)
	assert.Equal(t, "Pending", at(t, detail, "service", "status"))
	assert.Equal(t, "Biennially", at(t, detail, "service", "billingcycle"))
	assert.Equal(t, "Ops", at(t, detail, "service", "contacts", "tech", "FName"))
	assert.Equal(t, "Joe", at(t, detail, "service", "contacts", "admin", "FName"))
	assert.Len(t, list(t, sendOK(t, srv, "GET", "/certificate", nil), "sslservices"), 3)
	assert.Equal(t, "Unpaid", at(t, sendOK(t, srv, "GET", "/invoice/"+order["invoice_id"].(string), nil), "invoice", "status"))

	resp = send(t, srv, "POST", "/certificate/order", obj{"product_id": 27, "csr": "not a csr", "years": 2, "software": 99})
	assert.Equal(t, []any{"csr must be a PEM certificate request (or a domain name)",
		"years must be one of the periods of PositiveSSL Wildcard in GET /certificate/order",
		"software must be an id of GET /certificate/order/@product_id/software"}, resp.JSON(t)["error"])
}

func TestRawCartOrders(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	assert.Len(t, list(t, sendOK(t, srv, "GET", "/category", nil), "categories"), 5)
	products := list(t, sendOK(t, srv, "GET", "/category/10/product", nil), "products")
	require.Len(t, products, 2)
	assert.Equal(t, map[string]any{"title": "a", "value": "a", "price": num("109.89"), "setup": num("0.00"), "selected": false},
		at(t, products[0], "periods", "1"))
	assert.Empty(t, list(t, sendOK(t, srv, "GET", "/category/6/product", nil), "products"))
	product := sendOK(t, srv, "GET", "/order/333", nil)
	assert.Equal(t, "Disk Size", at(t, product, "product", "config", "forms", "0", "title"))
	assert.Equal(t, "cycle", at(t, product, "product", "config", "product", "0", "name"))
	assert.Equal(t, "Cpanel2: Add Extra IP", at(t, product, "product", "config", "addons", "0", "title"))

	order := sendOK(t, srv, "POST", "/order/333", obj{"domain": "shop.example.com", "cycle": "a", "pay_method": 1})
	assert.Equal(t, map[string]any{"id": "310", "type": "Hosting", "name": "shop.example.com", "product_id": "333"}, order["items"])
	service := sendOK(t, srv, "GET", "/service/310", nil)
	assert.Equal(t, "Pending", at(t, service, "service", "status"))
	assert.Equal(t, "Annually", at(t, service, "service", "billingcycle"))
	assert.Equal(t, "109.89", at(t, service, "service", "total"))
	assert.Equal(t, "109.89", at(t, sendOK(t, srv, "GET", "/invoice/"+order["invoice_id"].(string), nil), "invoice", "items", "0", "amount"))

	for body, msg := range map[string]string{
		`{"domain":"shop.example.com","cycle":"q"}`: `cycle "q" is not offered for Starter Hosting; see GET /order/333`,
		`{"cycle":"m"}`: "domain must be a domain name, e.g. example.com",
		`{"domain":"shop.example.com","promocode":"FREE"}`: "Promotion code FREE is not valid",
	} {
		resp := send(t, srv, "POST", "/order/333", json.RawMessage(body))
		assert.Equal(t, http.StatusBadRequest, resp.Status, body)
		assert.Equal(t, []any{msg}, resp.JSON(t)["error"], body)
	}

	items := []obj{
		{"type": "product", "product_id": 345, "cycle": "m"},
		{"type": "domain", "name": "shop-example.net", "years": 1, "action": "register"},
		{"type": "certificate", "product_id": 26, "csr": "shop-example.net", "software": 5},
	}
	// A quote creates nothing.
	invoicesBefore := len(list(t, sendOK(t, srv, "GET", "/invoice", nil), "invoices"))
	q := sendOK(t, srv, "POST", "/quote", obj{"items": append(items, obj{"type": "voucher"})})
	assert.Equal(t, num("23.45"), at(t, q, "summary", "total"))
	assert.Equal(t, []any{
		map[string]any{"title": "Monthly", "price": num("2.50"), "value": "m"},
		map[string]any{"title": "Annually", "price": num("20.95"), "value": "a"},
	}, at(t, q, "summary", "recurring"))
	quoted := list(t, q, "items")
	require.Len(t, quoted, 4)
	assert.Equal(t, "VPS Large", at(t, quoted[0], "product", "name"))
	assert.Equal(t, ".net", at(t, quoted[1], "domains", "shop-example.net", "tld"))
	assert.Equal(t, false, at(t, quoted[3], "valid"))
	assert.Equal(t, []any{`type must be "product", "domain" or "certificate"`}, at(t, quoted[3], "error"))
	assert.Len(t, list(t, sendOK(t, srv, "GET", "/invoice", nil), "invoices"), invoicesBefore)
	assert.Equal(t, http.StatusBadRequest, send(t, srv, "POST", "/quote", obj{}).Status)

	multi := sendOK(t, srv, "POST", "/order", obj{"pay_method": 5, "items": items})
	assert.Equal(t, "23.45", multi["total"], "2.50 + 11.00 + 9.95")
	nums := list(t, multi, "order_num_list")
	assert.Equal(t, []any{nums[0], nums[0], nums[0]}, nums)
	assert.Equal(t, []any{
		map[string]any{"id": "311", "type": "Hosting", "name": "", "product_id": "345"},
		map[string]any{"id": "53", "type": "Domain Register", "name": "shop-example.net", "product_id": "8"},
		map[string]any{"id": "312", "type": "Hosting", "name": "shop-example.net", "product_id": "26"},
	}, multi["items"])
	inv := sendOK(t, srv, "GET", "/invoice/"+multi["invoice_id"].(string), nil)
	assert.Len(t, list(t, inv, "invoice", "items"), 3)
	assert.Equal(t, "Pending", at(t, sendOK(t, srv, "GET", "/domain/53", nil), "details", "status"))

	bad := append([]obj{{"type": "product", "product_id": 1}}, items[0])
	resp := send(t, srv, "POST", "/order", obj{"items": bad})
	assert.Equal(t, []any{"Item 1: product_id must be a product of GET /category/@category_id/product"}, resp.JSON(t)["error"])
	ignored := sendOK(t, srv, "POST", "/order", obj{"items": bad, "ignore_errors": true})
	assert.Len(t, list(t, ignored, "items"), 1)

}

// zoneRecords returns a zone's records keyed as sent: "0", "1", ... for a list too.
func zoneRecords(t *testing.T, srv *Server, zone string) (map[string]any, bool) {
	t.Helper()
	got := sendOK(t, srv, "GET", "/service/"+zone, nil)
	out := map[string]any{}
	switch recs := got["records"].(type) {
	case []any:
		for i, r := range recs {
			out[strconv.Itoa(i)] = r
		}
		return out, true
	case map[string]any:
		return recs, false
	}
	t.Fatalf("records is neither a list nor an object: %v", got["records"])
	return nil, false
}

func TestRawDNSZones(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	all := sendOK(t, srv, "GET", "/dns", nil)
	assert.Equal(t, []any{"10", "20"}, all["service_ids"])
	assert.Equal(t, map[string]any{"domain_id": "60", "name": "booble.com", "service_id": "10"}, at(t, all, "zones", "0"))

	recs, isList := zoneRecords(t, srv, "10/dns/60")
	assert.True(t, isList, "a zone without gaps is a list")
	require.Len(t, recs, 6)
	assert.Equal(t, []any{"ns1.unmetered.management.", "hostmaster.booble.com.", "2017010501", "10800", "3600", "604800", "3600"},
		at(t, recs["0"], "content"))
	assert.Equal(t, map[string]any{"id": "13", "name": "qwerty", "type": "A", "ttl": "1800", "priority": "0", "prio": "0", "content": "127.0.0.1"}, recs["3"])
	assert.Equal(t, []any{"10", "5060", "vc01.booble.com"}, at(t, recs["5"], "content"))

	recs, isList = zoneRecords(t, srv, "20/dns/61")
	assert.False(t, isList, "the seeded zone 61 has a gap")
	assert.ElementsMatch(t, []string{"0", "1", "2", "4"}, keys(recs))

	created := sendOK(t, srv, "POST", "/service/10/dns/60/records", obj{"name": "_xmpp._tcp", "type": "SRV", "ttl": "600", "priority": 5,
		"content": []any{0, 5269, "xmpp.booble.com"}})
	assert.Equal(t, map[string]any{"id": "56", "name": "_xmpp._tcp", "type": "SRV", "ttl": num("600"), "priority": num("5"), "prio": num("5"),
		"content": []any{num("0"), num("5269"), "xmpp.booble.com"}}, created["record"])
	assert.Equal(t, []any{[]any{"dnsnewrecordadded", "SRV"}}, created["info"])

	updated := sendOK(t, srv, "PUT", "/service/10/dns/60/records/13", obj{"content": "192.0.2.13", "ttl": 300})
	assert.Equal(t, true, updated["success"])
	assert.Equal(t, []any{"dnsrecordupdated"}, updated["info"])
	assert.Equal(t, map[string]any{"id": "13", "name": "qwerty", "type": "A", "ttl": num("300"), "priority": num("0"), "prio": num("0"),
		"content": "192.0.2.13"}, updated["record"])

	assert.Equal(t, map[string]any{"success": true}, sendOK(t, srv, "DELETE", "/service/10/dns/60/records/14", nil))
	recs, isList = zoneRecords(t, srv, "10/dns/60")
	assert.False(t, isList, "a delete leaves a gap: the records become a number-keyed object")
	assert.ElementsMatch(t, []string{"0", "1", "2", "3", "5", "6"}, keys(recs))
	assert.Equal(t, "300", at(t, recs["3"], "ttl"))
	assert.Equal(t, "192.0.2.13", at(t, recs["3"], "content"))
	assert.Equal(t, []any{"0", "5269", "xmpp.booble.com"}, at(t, recs["6"], "content"))

	for _, bad := range []obj{
		{"name": "x", "type": "A", "content": "999.1.1.1"},
		{"name": "x", "type": "SOA", "content": "a"},
		{"name": "x", "type": "TXT", "content": "v=spf1 -all", "ttl": 0},
		{"name": "", "type": "CNAME", "content": "booble.com"},
	} {
		assert.Equal(t, http.StatusBadRequest, send(t, srv, "POST", "/service/10/dns/60/records", bad).Status, bad)
	}
	assert.Equal(t, http.StatusBadRequest, send(t, srv, "DELETE", "/service/10/dns/60/records/10", nil).Status, "not the SOA")
	assert.Equal(t, http.StatusNotFound, send(t, srv, "DELETE", "/service/10/dns/60/records/14", nil).Status)
	assert.Equal(t, http.StatusNotFound, send(t, srv, "GET", "/service/20/dns/60", nil).Status, "zone 60 belongs to service 10")

	assert.Equal(t, map[string]any{"info": []any{"Domain zone newzone.com was created successfully."}},
		sendOK(t, srv, "POST", "/service/20/dns", obj{"name": "NewZone.com."}))
	zones := list(t, sendOK(t, srv, "GET", "/service/20/dns", nil), "zones")
	require.Len(t, zones, 2)
	assert.Equal(t, map[string]any{"domain_id": "62", "name": "newzone.com", "service_id": "20"}, zones[1])
	recs, _ = zoneRecords(t, srv, "20/dns/62")
	assert.Len(t, recs, 3, "SOA and two NS records")
	assert.Equal(t, http.StatusBadRequest, send(t, srv, "POST", "/service/10/dns", obj{"name": "newzone.com"}).Status)

	assert.Equal(t, map[string]any{"info": []any{"Domain zone booble.com was deleted successfully."}},
		sendOK(t, srv, "DELETE", "/service/10/dns/60", nil))
	assert.Equal(t, http.StatusNotFound, send(t, srv, "GET", "/service/10/dns/60", nil).Status)
	assert.Len(t, list(t, sendOK(t, srv, "GET", "/dns", nil), "zones"), 2)

	// A service without DNS hosting answers as the reference shows: 200 with an error list.
	resp := send(t, srv, "GET", "/service/301/dns", nil)
	assert.Equal(t, http.StatusOK, resp.Status)
	assert.Equal(t, map[string]any{"error": []any{"invalid method"}}, resp.JSON(t))
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
