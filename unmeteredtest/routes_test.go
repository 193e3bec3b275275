package unmeteredtest

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sample is a valid request to one endpoint of the seeded account. "$REFRESH" in a body stands
// for a refresh token from a fresh login.
type sample struct {
	path string
	body any
}

var samples = map[string]sample{
	"POST /login":                                    {"/login", obj{"username": DefaultUsername, "password": DefaultPassword}},
	"POST /logout":                                   {"/logout", nil},
	"POST /token":                                    {"/token", obj{"refresh_token": "$REFRESH"}},
	"POST /revoke":                                   {"/revoke", obj{"refresh_token": "$REFRESH"}},
	"GET /details":                                   {"/details", nil},
	"PUT /details":                                   {"/details", obj{"companyname": "Doe Hosting"}},
	"GET /logs":                                      {"/logs", nil},
	"GET /affiliates/summary":                        {"/affiliates/summary", nil},
	"GET /affiliates/campaigns":                      {"/affiliates/campaigns", nil},
	"GET /affiliates/commissions":                    {"/affiliates/commissions", nil},
	"GET /affiliates/payouts":                        {"/affiliates/payouts", nil},
	"GET /affiliates/vouchers":                       {"/affiliates/vouchers", nil},
	"GET /affiliates/commissionplans":                {"/affiliates/commissionplans", nil},
	"GET /contact":                                   {"/contact", nil},
	"POST /contact":                                  {"/contact", obj{"email": "new@example.com", "firstname": "New", "lastname": "Person"}},
	"GET /contact/privileges":                        {"/contact/privileges", nil},
	"GET /contact/@id":                               {"/contact/49", nil},
	"PUT /contact/@id":                               {"/contact/49", obj{"lastname": "Smith"}},
	"GET /notifications":                             {"/notifications", nil},
	"GET /notifications/new":                         {"/notifications/new", nil},
	"PUT /notifications/@id/ack":                     {"/notifications/81/ack", nil},
	"GET /statuses":                                  {"/statuses?status=Active", nil},
	"PUT /statuses/@id":                              {"/statuses/5", nil},
	"GET /balance":                                   {"/balance", nil},
	"GET /invoice":                                   {"/invoice", nil},
	"GET /invoice/@id":                               {"/invoice/308976", nil},
	"POST /invoice/@id/credit":                       {"/invoice/308977/credit", obj{}},
	"GET /payment":                                   {"/payment", nil},
	"GET /payment/fees":                              {"/payment/fees", nil},
	"GET /tickets":                                   {"/tickets", nil},
	"GET /tickets/@number":                           {"/tickets/736633", nil},
	"GET /ticket/attachment/@file":                   {"/ticket/attachment/7f3a9c1e?number=736633", nil},
	"POST /tickets":                                  {"/tickets", obj{"dept_id": 1, "subject": "Hello", "body": "Help, please."}},
	"POST /tickets/@number":                          {"/tickets/736633", obj{"body": "Thanks!"}},
	"PUT /tickets/@number/open":                      {"/tickets/736634/open", nil},
	"PUT /tickets/@number/close":                     {"/tickets/736633/close", nil},
	"GET /ticket/departments":                        {"/ticket/departments", nil},
	"GET /domain":                                    {"/domain", nil},
	"GET /domain/@id":                                {"/domain/47", nil},
	"GET /domain/name/@name":                         {"/domain/name/testname.com", nil},
	"GET /domain/@id/ns":                             {"/domain/47/ns", nil},
	"PUT /domain/@id/ns":                             {"/domain/47/ns", obj{"nameservers": []string{"ns1.example.net", "ns2.example.net"}}},
	"POST /domain/@id/reg":                           {"/domain/47/reg", obj{"nameserver": "ns1.testname.com", "ip": "192.0.2.53"}},
	"GET /domain/@id/dns":                            {"/domain/47/dns", nil},
	"POST /domain/@id/dns":                           {"/domain/47/dns", obj{"name": "www2", "type": "A", "priority": "0", "content": "192.0.2.1"}},
	"PUT /domain/@id/dns/@index":                     {"/domain/47/dns/1", obj{"name": "test", "type": "A", "priority": "0", "content": "192.0.2.2"}},
	"DELETE /domain/@id/dns/@index":                  {"/domain/47/dns/1", nil},
	"GET /domain/@id/dns/types":                      {"/domain/47/dns/types", nil},
	"GET /domain/@id/epp":                            {"/domain/47/epp", nil},
	"GET /domain/@id/sync":                           {"/domain/47/sync", nil},
	"GET /domain/@id/reglock":                        {"/domain/47/reglock", nil},
	"PUT /domain/@id/reglock":                        {"/domain/47/reglock", obj{"switch": false}},
	"PUT /domain/@id/idprotection":                   {"/domain/47/idprotection", obj{"switch": true}},
	"GET /domain/@id/contact":                        {"/domain/47/contact", nil},
	"PUT /domain/@id/contact":                        {"/domain/47/contact", obj{"contact_info": obj{"admin": obj{"firstname": "Jane"}}}},
	"GET /domain/@id/emforwarding":                   {"/domain/47/emforwarding", nil},
	"PUT /domain/@id/emforwarding":                   {"/domain/47/emforwarding", obj{"from": "sales", "to": "joe@example.com"}},
	"PUT /domain/@id/forwarding":                     {"/domain/47/forwarding", obj{"url": "https://example.net/"}},
	"GET /domain/@id/autorenew":                      {"/domain/47/autorenew", nil},
	"PUT /domain/@id/autorenew":                      {"/domain/47/autorenew", obj{"autorenew": false}},
	"GET /domain/@id/dnssec/flags":                   {"/domain/47/dnssec/flags", nil},
	"GET /domain/@id/dnssec":                         {"/domain/47/dnssec", nil},
	"PUT /domain/@id/dnssec":                         {"/domain/47/dnssec", obj{"flags": "256", "alg": "13", "pubkey": "AwEAAc=="}},
	"DELETE /domain/@id/dnssec/@key":                 {"/domain/47/dnssec/k1", nil},
	"POST /domain/lookup":                            {"/domain/lookup", obj{"name": "free-name.com"}},
	"GET /domain/order":                              {"/domain/order", nil},
	"GET /domain/order/@id/form":                     {"/domain/order/6/form", nil},
	"POST /domain/order":                             {"/domain/order", obj{"name": "free-name.com", "years": "1", "action": "register"}},
	"POST /domain/@id/renew":                         {"/domain/47/renew", obj{"years": "1"}},
	"GET /certificate":                               {"/certificate", nil},
	"GET /certificate/@id":                           {"/certificate/300", nil},
	"GET /certificate/@id/crt":                       {"/certificate/305/crt", nil},
	"GET /certificate/order":                         {"/certificate/order", nil},
	"GET /certificate/order/@product_id/software":    {"/certificate/order/25/software", nil},
	"POST /certificate/order":                        {"/certificate/order", obj{"product_id": 25, "csr": "shop.example.com", "years": 1, "software": 1}},
	"GET /service":                                   {"/service", nil},
	"GET /service/@id":                               {"/service/301", nil},
	"GET /service/@id/methods":                       {"/service/301/methods", nil},
	"GET /service/@id/upgrade":                       {"/service/301/upgrade", nil},
	"POST /service/@id/upgrade":                      {"/service/301/upgrade", obj{"resources": obj{"1557": 10103}, "send": false}},
	"POST /service/@id/cancel":                       {"/service/301/cancel", obj{"immediate": false, "reason": "Moving on"}},
	"GET /service/@id/label":                         {"/service/301/label", nil},
	"POST /service/@id/label":                        {"/service/301/label", obj{"label": "web"}},
	"GET /service/@id/ip":                            {"/service/302/ip", nil},
	"GET /service/@id/rdns":                          {"/service/302/rdns", nil},
	"POST /service/@id/rdns":                         {"/service/302/rdns", obj{"ipaddress": obj{"192.0.2.20": "host.example.com"}}},
	"GET /service/@id/bandwidth-graphs":              {"/service/302/bandwidth-graphs", nil},
	"GET /service/@id/bandwidth":                     {"/service/302/bandwidth", nil},
	"GET /category":                                  {"/category", nil},
	"GET /category/@category_id/product":             {"/category/10/product", nil},
	"GET /order/@product_id":                         {"/order/333", nil},
	"POST /order/@product_id":                        {"/order/333", obj{"domain": "shop.example.com", "cycle": "a"}},
	"POST /order":                                    {"/order", obj{"items": []obj{{"type": "product", "product_id": 333, "domain": "a.example.com"}}}},
	"POST /quote":                                    {"/quote", obj{"items": []obj{{"type": "domain", "name": "free-name.com", "years": 1, "action": "register"}}}},
	"GET /dns":                                       {"/dns", nil},
	"POST /service/@service_id/dns":                  {"/service/10/dns", obj{"name": "newzone.com"}},
	"GET /service/@service_id/dns":                   {"/service/10/dns", nil},
	"GET /service/@service_id/dns/@zone_id":          {"/service/10/dns/60", nil},
	"DELETE /service/@service_id/dns/@zone_id":       {"/service/10/dns/60", nil},
	"POST /service/@service_id/dns/@zone_id/records": {"/service/10/dns/60/records", obj{"name": "www", "type": "A", "ttl": 300, "content": "192.0.2.1"}},
	"PUT /service/@service_id/dns/@zone_id/records/@record_id":    {"/service/10/dns/60/records/13", obj{"content": "192.0.2.2"}},
	"DELETE /service/@service_id/dns/@zone_id/records/@record_id": {"/service/10/dns/60/records/13", nil},
}

// endpointsTSV reads the root package's copy of the API's endpoint list as "METHOD /path".
func endpointsTSV(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../testdata/endpoints.tsv")
	require.NoError(t, err)
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		cols := strings.Split(line, "\t")
		require.Len(t, cols, 3, line)
		out = append(out, cols[1]+" "+cols[2])
	}
	require.Len(t, out, 102)
	return out
}

// TestEveryEndpointIsRouted sends a valid request to each of the API's 102 endpoints, each on a
// fresh server, and expects a success in the portal's JSON (or a download).
func TestEveryEndpointIsRouted(t *testing.T) {
	t.Parallel()
	endpoints := endpointsTSV(t)
	assert.Len(t, routeTable, len(endpoints), "the route table has as many routes as the API")
	for _, ep := range endpoints {
		s, known := samples[ep]
		require.True(t, known, "no sample request for %s", ep)
		t.Run(ep, func(t *testing.T) {
			t.Parallel()
			srv := NewTestServer(t)
			method, _, _ := strings.Cut(ep, " ")
			body := s.body
			if b, isObj := body.(obj); isObj && b["refresh_token"] == "$REFRESH" {
				login := sendOK(t, srv, "POST", "/login", obj{"username": srv.Username(), "password": srv.Password()})
				body = obj{"refresh_token": login["refresh"]}
			}
			resp := send(t, srv, method, s.path, body)
			require.NotContains(t, []int{http.StatusNotFound, http.StatusMethodNotAllowed}, resp.Status, "%s", resp.Body)
			require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				require.True(t, json.Valid(resp.Body), "%s", resp.Body)
				if ep == "GET /service/@service_id/dns" { // as recorded from the real server
					assert.Equal(t, map[string]any{"error": []any{"invalid method"}}, resp.JSON(t))
				} else {
					assert.NotContains(t, resp.JSON(t), "error")
				}
			}
			assert.Equal(t, 1, srv.Count(method, strings.TrimPrefix(ep, method+" ")))
		})
	}
}

func TestRouting(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	resp := send(t, srv, "GET", "/nowhere", nil)
	assert.Equal(t, http.StatusNotFound, resp.Status)
	assert.Equal(t, map[string]any{"error": []any{"Not found"}}, resp.JSON(t))

	resp = send(t, srv, "DELETE", "/domain/47", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.Status)
	assert.Equal(t, "GET", resp.Header.Get("Allow"))
	resp = send(t, srv, "PATCH", "/domain/order", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, resp.Status)
	assert.Equal(t, "GET, POST", resp.Header.Get("Allow"))

	// A literal segment wins over a placeholder: /domain/order is the TLD list, not domain "order".
	assert.Contains(t, sendOK(t, srv, "GET", "/domain/order", nil), "tlds")
	assert.Contains(t, sendOK(t, srv, "GET", "/domain/name/testname.com", nil), "details")

	// An escaped "/" stays inside its segment: a domain name, not an extra path level.
	resp = send(t, srv, "GET", "/domain/name/testname.com%2Fns", nil)
	assert.Equal(t, http.StatusNotFound, resp.Status)
	assert.Equal(t, []any{"Domain not found"}, resp.JSON(t)["error"])
	resp = send(t, srv, "GET", "/domain/name/%74estname.com", nil)
	assert.Equal(t, http.StatusOK, resp.Status, "escaped letters are unescaped")

	// Unknown ids are 404s naming what is missing; malformed ids too.
	for p, what := range map[string]string{
		"/domain/999": "Domain", "/domain/abc": "Domain", "/invoice/1": "Invoice", "/tickets/5": "Ticket",
		"/service/999/label": "Service", "/contact/-1": "Contact", "/certificate/301": "Certificate",
		"/order/1": "Product", "/service/10/dns/61": "DNS zone", "/domain/order/99/form": "TLD",
	} {
		resp := send(t, srv, "GET", p, nil)
		assert.Equal(t, http.StatusNotFound, resp.Status, p)
		assert.Equal(t, []any{what + " not found"}, resp.JSON(t)["error"], p)
	}

	// A body that is not JSON is a 400.
	req, err := http.NewRequest("POST", srv.URL()+"/tickets", strings.NewReader(`{"dept_id":`))
	require.NoError(t, err)
	req.SetBasicAuth(srv.Username(), srv.Password())
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusBadRequest, res.StatusCode)
}

func TestRouteKeysIgnorePlaceholderNames(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	send(t, srv, "GET", "/service/10/dns", nil)
	assert.Equal(t, 1, srv.Count("GET", "/service/@service_id/dns"))
	assert.Equal(t, 1, srv.Count("GET", "/service/@id/dns"))
	assert.Equal(t, 0, srv.Count("GET", "/service/@id"))
	assert.PanicsWithValue(t,
		"unmeteredtest: no route GET /service/@id/nope; give the method and path as endpoints.tsv does, e.g. GET /domain/@id",
		func() { srv.Count("GET", "/service/@id/nope") })
	assert.Panics(t, func() { srv.Fail("PATCH", "/domain/@id", Fault{Status: 500}) })
}

// TestOddInputIsRefusedCleanly sends bodies of the wrong shapes to every endpoint: each answer
// must be a JSON object (or a download) below 500, never a crash.
func TestOddInputIsRefusedCleanly(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	odd := []string{`[]`, `null`, `"text"`, `{"x":1}`, `{` +
		`"name":{},"type":[],"content":{},"items":"x","resources":[1],"ipaddress":"x","privileges":"x",` +
		`"contact_info":[],"nameservers":{"a":1},"amount":{},"years":"x","product_id":{},"csr":[],` +
		`"refresh_token":5,"username":[],"password":{},"dept_id":"x","subject":[],"body":{},"label":5,` +
		`"switch":"maybe","autorenew":[],"from":{},"to":[],"url":5,"flags":[],"ttl":"x","priority":-1,` +
		`"cycle":{},"domain":[],"send":"x","immediate":"x","reason":{},"email":5,"country":[],"ripetech":{}}`,
		`{"items":[{"type":"product","product_id":"333","domain":{}},{"type":"domain","name":"x.com","years":{}},` +
			`{"type":"certificate","product_id":25,"csr":{},"organization":"x"},7]}`,
		`{"resources":{"1557":{"10103":"x","9953":1},"1560":"a","x":1},"cycle":"z"}`,
	}
	for _, ep := range endpointsTSV(t) {
		method, _, _ := strings.Cut(ep, " ")
		for _, body := range odd {
			resp := send(t, srv, method, samples[ep].path, json.RawMessage(body))
			assert.Less(t, resp.Status, 500, "%s %s: %s", ep, body, resp.Body)
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				resp.JSON(t)
			}
		}
	}
}
