package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONLeavesOutWhatTheServerDidNotSend: -o json prints no made-up zeros. An unpaid invoice
// (its "datepaid" the portal's "0000-00-00 00:00:00", no tax fields) prints no date_paid and
// no tax, and a service the server sent without next_due prints none; amounts sent as "0.00"
// are printed as sent.
func TestJSONLeavesOutWhatTheServerDidNotSend(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.Method + " " + r.URL.Path {
		case "GET /invoice/7":
			_, _ = w.Write([]byte(`{"invoice": {"id": "7", "status": "Unpaid", "currency": "USD",
				"date": "2030-06-05", "duedate": "2030-06-12", "datepaid": "0000-00-00 00:00:00",
				"total": "15.00", "subtotal": "15.00", "credit": "0.00", "items": []}}`))
		case "GET /service":
			_, _ = w.Write([]byte(`{"services": [{"id": "301", "domain": "dns.example.com",
				"name": "DNS", "status": "Active", "billingcycle": "Free Account", "total": "0.00"}]}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	ta := newTestApp(t)
	ta.env["UNMETERED_BASE_URL"] = srv.URL
	ta.env["UNMETERED_USERNAME"] = "joe@example.com"
	ta.env["UNMETERED_PASSWORD"] = "secret"

	requireCode(t, ta, 0, "invoice", "show", "7", "-o", "json")
	var inv map[string]any
	require.NoError(t, json.Unmarshal(ta.stdout.Bytes(), &inv), ta.stdout)
	assert.NotContains(t, inv, "date_paid", "unpaid: no payment date")
	assert.NotContains(t, inv, "date_orig", "not sent")
	for _, key := range []string{"tax", "tax_rate", "tax2", "tax_rate2", "rate", "rate2", "rate3"} {
		assert.NotContains(t, inv, key, "not sent")
	}
	assert.Equal(t, "15.00", inv["subtotal"])
	assert.Equal(t, "0.00", inv["credit"], "a sent zero is printed as sent")
	assert.NotContains(t, ta.stdout.String(), "0001-01-01")
	assert.NotContains(t, ta.stdout.String(), "0000-00-00")

	requireCode(t, ta, 0, "service", "list", "-o", "json")
	var services []map[string]any
	require.NoError(t, json.Unmarshal(ta.stdout.Bytes(), &services), ta.stdout)
	require.Len(t, services, 1)
	for _, key := range []string{"next_due", "next_invoice", "date_created", "first_payment"} {
		assert.NotContains(t, services[0], key, "not sent")
	}
	assert.Equal(t, "0.00", services[0]["total"], "a free service's sent zero")
}
