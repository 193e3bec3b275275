package unmetered

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCertificatesList(t *testing.T) {
	t.Parallel()
	list := readFixture(t, "/certificate", "certificates/list.json", func(c *Client) ([]Certificate, error) {
		return c.Certificates.List(context.Background())
	})
	assert.Equal(t, []Certificate{
		{ID: 300, Domain: "examplename.com", Total: mustDecimal(t, "27.85"), Status: CertificatePending, BillingCycle: "Annually",
			NextDue: Date{day(2017, 12, 30)}, Category: "GoGetSSL", CategoryURL: "gogetssl", Name: "Comodo InstantSSL",
			CertEmail: "admin@example.com", CertStatus: "", CertExpires: time.Date(2017, 12, 30, 13, 43, 12, 0, time.UTC)},
		{ID: 301, Domain: "example.org", Total: mustDecimal(t, "48.75"), Status: CertificateActive, BillingCycle: "Biennially",
			Category: "SSL Certificates", CategoryURL: "sslcertificates", Name: "InstantSSL",
			CertEmail: "webmaster@example.org", CertStatus: "Issued"},
	}, list)
}

func TestCertificatesGet(t *testing.T) {
	t.Parallel()
	c := readFixture(t, "/certificate/300", "certificates/get.json", func(c *Client) (*Certificate, error) {
		return c.Certificates.Get(context.Background(), 300)
	})
	assert.Equal(t, &Certificate{
		ID: 300, DateCreated: Date{day(2016, 12, 30)}, Domain: "examplename.com",
		FirstPayment: mustDecimal(t, "27.85"), Total: mustDecimal(t, "25.10"), BillingCycle: "Annually",
		NextDue: Date{day(2017, 12, 30)}, NextInvoice: Date{day(2017, 10, 31)}, Status: CertificatePending, Label: "shop",
		Name: "Comodo InstantSSL", CertStatus: "Processing",
		CertExpires: time.Date(2017, 12, 30, 13, 43, 12, 0, time.UTC),
		CSR:         "-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----",
		Contacts: &CertificateContacts{
			Admin: &CertificateContact{FirstName: "Mary", LastName: "Sue", City: "Santa Rosa", State: "California",
				PostalCode: "95401", Email: "mary@example.com", Country: "US", Address1: "Pretty View Lane",
				Address2: "3194", Phone: "24123223", OrgName: "n/a", PhonePrefix: "1", JobTitle: "n/a"},
			Billing: &CertificateContact{FirstName: "Joe", LastName: "Doe", City: "Austin", State: "Texas",
				PostalCode: "73301", Email: "joe@example.com", Country: "US", Address1: "1 Main St",
				Address2: "", Phone: "5550100", OrgName: "My Org name", PhonePrefix: "1", JobTitle: "Accountant"},
			Tech: &CertificateContact{FirstName: "Ann", LastName: "Lee", City: "Berlin", State: "Berlin",
				PostalCode: "10115", Email: "ann@example.com", Country: "DE", Address1: "Hauptstr. 1",
				Address2: "2. OG", Phone: "030123456", OrgName: "My Org name", PhonePrefix: "49", JobTitle: "Admin"},
		},
		Organization: &CertificateOrganization{State: "Texas", Country: "US", Name: "My Org name", Unit: "Dev",
			Locality: "SanAntonio", PostalCode: "n/a", Address2: "n/a", Address1: "n/a"},
		CertEmail: "admin@example.com",
		Software:  1,
	}, c)
}

func TestCertificatesGetEmptyObjectsAsArrays(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/certificate/300", 200,
		`{"service":{"id":"300","contacts":{"admin":[],"tech":null},"organization":[]}}`)

	c, err := env.client.Certificates.Get(context.Background(), 300)
	require.NoError(t, err)
	assert.Equal(t, &CertificateContacts{Admin: &CertificateContact{}}, c.Contacts)
	assert.Equal(t, &CertificateOrganization{}, c.Organization)

	env = newTestEnv(t)
	env.on(http.MethodGet, "/certificate/300", 200, `{"service":{"id":"300","contacts":[]}}`)
	c, err = env.client.Certificates.Get(context.Background(), 300)
	require.NoError(t, err)
	assert.Equal(t, &CertificateContacts{}, c.Contacts)
}

func TestCertificatesProducts(t *testing.T) {
	t.Parallel()
	products := readFixture(t, "/certificate/order", "certificates/products.json", func(c *Client) ([]CertificateProduct, error) {
		return c.Certificates.Products(context.Background())
	})
	assert.Equal(t, []CertificateProduct{
		{ID: 25, Name: "InstantSSL", Description: "", Category: "SSL Certificates", CategoryURL: "sslcertificates",
			Periods: []CertificatePeriod{
				{Years: 1, Price: mustDecimal(t, "27.85"), Renew: mustDecimal(t, "27.85")},
				{Years: 2, Price: mustDecimal(t, "48.75"), Renew: mustDecimal(t, "45.1")},
			}},
		{ID: 26, Name: "PositiveSSL Wildcard", Description: "Covers *.example.com", Category: "SSL Certificates",
			CategoryURL: "sslcertificates",
			Periods:     []CertificatePeriod{{Years: 1, Price: mustDecimal(t, "0.10"), Renew: mustDecimal(t, "99.00")}}},
	}, products)
	cents, err := products[1].Periods[0].Price.Cents()
	require.NoError(t, err)
	assert.Equal(t, int64(10), cents, "a number price is exact")
}

func TestCertificatesSoftware(t *testing.T) {
	t.Parallel()
	sw := readFixture(t, "/certificate/order/25/software", "certificates/software.json", func(c *Client) ([]CertificateSoftware, error) {
		return c.Certificates.Software(context.Background(), 25)
	})
	assert.Equal(t, []CertificateSoftware{
		{ID: 0, Name: "AOL"}, {ID: 1, Name: "Apache-SSL (Ben-SSL, not Stronghold)"}, {ID: 2, Name: "Apache-ModSSL"},
	}, sw)
}

func TestCertificatesOrder(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/certificate/order", 200, "certificates/order.json")
	software := int64(0)

	res, err := env.client.Certificates.Order(context.Background(), CertificateOrderRequest{
		ProductID: 25, CSR: "-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----",
		Years: 2, PayMethod: 10, ApproverEmail: "admin@example.com", Admin: 5, Tech: 6, Billing: 7,
		Organization: &CertificateOrganization{Name: "My Org name", Unit: "Dev", Locality: "San Antonio", State: "Texas", PostalCode: "78201", Country: "US"},
		Software:     &software,
		Data:         map[string]any{"dcv_method": "dns", "sans": []string{"www.example.com"}},
		AffiliateID:  55,
	})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/certificate/order", `{
		"product_id": 25,
		"csr": "-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----",
		"years": 2,
		"pay_method": 10,
		"approver_email": "admin@example.com",
		"admin": 5, "tech": 6, "billing": 7,
		"organization": {"name": "My Org name", "unit": "Dev", "locality": "San Antonio", "state": "Texas", "postalcode": "78201", "country": "US"},
		"software": 0,
		"data": {"dcv_method": "dns", "sans": ["www.example.com"]},
		"aff_id": 55
	}`)
	assert.Equal(t, &OrderResult{
		OrderNumber: 873340994, InvoiceID: 308978, Total: mustDecimal(t, "27.85"),
		Items: []OrderedItem{{ID: 10, Type: "Hosting", Name: "test.com", ProductID: 3}},
	}, res)
}

func TestCertificatesOrderMinimal(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/certificate/order", 200,
		`{"order_num":"1","invoice_id":2,"total":"0.00","items":[{"id":"10","type":"Hosting","name":"a.example","product_id":"3"},{"id":"11","type":"Hosting","name":"b.example","product_id":"3"}]}`)

	res, err := env.client.Certificates.Order(context.Background(), CertificateOrderRequest{ProductID: 25, CSR: "csr", Years: 1, PayMethod: 9})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/certificate/order", `{"product_id":25,"csr":"csr","years":1,"pay_method":9}`)
	assert.Equal(t, []OrderedItem{
		{ID: 10, Type: "Hosting", Name: "a.example", ProductID: 3},
		{ID: 11, Type: "Hosting", Name: "b.example", ProductID: 3},
	}, res.Items)
}

func TestCertificatesOrderInvalid(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onAny()
	valid := CertificateOrderRequest{ProductID: 25, CSR: "csr", Years: 1, PayMethod: 9}

	for name, c := range map[string]struct {
		mutate func(*CertificateOrderRequest)
		want   string
	}{
		"zero":          {func(o *CertificateOrderRequest) { *o = CertificateOrderRequest{} }, "Order: ProductID must be a product id"},
		"no product":    {func(o *CertificateOrderRequest) { o.ProductID = 0 }, "Order: ProductID must be a product id (see Products), not 0"},
		"blank CSR":     {func(o *CertificateOrderRequest) { o.CSR = " \n" }, "Order: CSR is blank"},
		"no years":      {func(o *CertificateOrderRequest) { o.Years = 0 }, "Order: Years must be at least 1, not 0"},
		"negative year": {func(o *CertificateOrderRequest) { o.Years = -1 }, "Order: Years must be at least 1, not -1"},
		"no pay method": {func(o *CertificateOrderRequest) { o.PayMethod = 0 }, "Order: PayMethod must be a payment method id"},
	} {
		o := valid
		c.mutate(&o)
		_, err := env.client.Certificates.Order(context.Background(), o)
		assert.ErrorIs(t, err, ErrInvalidArgument, name)
		assert.ErrorContains(t, err, c.want, name)
	}
	for name, id := range map[string]int64{"Get": 0, "Download": -1} {
		var err error
		if name == "Get" {
			_, err = env.client.Certificates.Get(context.Background(), id)
		} else {
			_, err = env.client.Certificates.Download(context.Background(), id)
		}
		assert.ErrorIs(t, err, ErrInvalidArgument, name)
	}
	assert.Equal(t, 0, rec.count(), "nothing sent")
}

// Public types marshal with snake_case keys of their field names, and round-trip.
func TestCertificatesPublicJSON(t *testing.T) {
	t.Parallel()
	c := Certificate{
		ID: 300, Domain: "examplename.com", Name: "InstantSSL", Status: CertificatePending, BillingCycle: "Annually",
		Total: mustDecimal(t, "27.85"), NextDue: Date{day(2017, 12, 30)}, CertEmail: "admin@example.com",
		CertExpires: time.Date(2017, 12, 30, 13, 43, 12, 0, time.UTC), DateCreated: Date{day(2016, 12, 30)},
		FirstPayment: mustDecimal(t, "27.85"), NextInvoice: Date{day(2017, 10, 31)}, Software: 0,
		Contacts:     &CertificateContacts{Admin: &CertificateContact{FirstName: "Mary", PostalCode: "95401", PhonePrefix: "1"}},
		Organization: &CertificateOrganization{Name: "My Org name", PostalCode: "78201"},
	}
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"id": 300, "domain": "examplename.com", "name": "InstantSSL", "status": "Pending", "billing_cycle": "Annually",
		"total": "27.85", "next_due": "2017-12-30", "cert_email": "admin@example.com", "cert_status": "",
		"cert_expires": "2017-12-30T13:43:12Z", "date_created": "2016-12-30", "first_payment": "27.85",
		"next_invoice": "2017-10-31", "software": 0,
		"contacts": {"admin": {"first_name": "Mary", "last_name": "", "org_name": "", "job_title": "", "email": "",
			"address1": "", "address2": "", "city": "", "state": "", "postal_code": "95401", "country": "",
			"phone": "", "phone_prefix": "1"}},
		"organization": {"name": "My Org name", "postal_code": "78201"}
	}`, string(b))
	var back Certificate
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back)
}

func TestCertificatesOrderNotRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/certificate/order", 503, `{"error":["busy"]}`)

	_, err := env.client.Certificates.Order(context.Background(), CertificateOrderRequest{ProductID: 25, CSR: "csr", Years: 1, PayMethod: 9})
	assert.ErrorIs(t, err, ErrServer)
	assert.Equal(t, 1, rec.count(), "a side-effect POST is sent once")
}

// testCertificate returns a new self-signed ECDSA certificate for cn, DER-encoded.
func testCertificate(t *testing.T, cn string) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return der
}

func pemCertificate(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// commonNames returns the subjects' common names of certs.
func commonNames(certs []*x509.Certificate) []string {
	var names []string
	for _, c := range certs {
		names = append(names, c.Subject.CommonName)
	}
	return names
}

func TestCertificatesDownloadJSON(t *testing.T) {
	t.Parallel()
	f := readFixture(t, "/certificate/300/crt", "certificates/crt.json", func(c *Client) (*CertificateFile, error) {
		return c.Certificates.Download(context.Background(), 300)
	})
	var want struct{ Crt string }
	require.NoError(t, json.Unmarshal(fixture(t, "certificates/crt.json"), &want))
	assert.Equal(t, want.Crt, string(f.Data))
	assert.Equal(t, "application/json", f.ContentType)
	assert.Equal(t, []string{"crt"}, f.Raw.Keys())

	certs, err := f.Certificates()
	require.NoError(t, err)
	require.Len(t, certs, 1)
	assert.Equal(t, "examplename.com", certs[0].Subject.CommonName)
	assert.Equal(t, []string{"examplename.com", "www.examplename.com"}, certs[0].DNSNames)
	assert.Equal(t, time.Date(2017, 12, 30, 13, 43, 12, 0, time.UTC), certs[0].NotAfter)
}

func TestCertificatesDownloadShapes(t *testing.T) {
	t.Parallel()
	leaf, ca := testCertificate(t, "www.example.com"), testCertificate(t, "Example CA")
	chain := append(pemCertificate(leaf), pemCertificate(ca)...)
	other, _ := json.Marshal(map[string]string{"status": "ok", "ca_bundle": "", "x509": string(chain)})
	str, _ := json.Marshal(string(chain))

	for name, tc := range map[string]struct {
		body, contentType string
		wantData          []byte
	}{
		"PEM as served":      {string(chain), "application/x-pem-file", chain},
		"DER as served":      {string(leaf), "application/pkix-cert", leaf},
		"JSON, other key":    {string(other), "application/json", chain},
		"JSON string":        {string(str), "application/json", chain},
		"PEM without a type": {"\n" + string(chain), "", []byte("\n" + string(chain))},
	} {
		env := newTestEnv(t)
		env.onFunc(http.MethodGet, "/certificate/300/crt", fileResponder(tc.body, int64(len(tc.body)),
			map[string]string{"Content-Type": tc.contentType}))

		f, err := env.client.Certificates.Download(context.Background(), 300)
		require.NoError(t, err, name)
		assert.Equal(t, tc.wantData, f.Data, name)
		assert.Equal(t, tc.contentType, f.ContentType, name)
		certs, err := f.Certificates()
		require.NoError(t, err, name)
		want := []string{"www.example.com", "Example CA"}
		if name == "DER as served" {
			want = want[:1]
		}
		assert.Equal(t, want, commonNames(certs), name)
	}
}

func TestCertificatesDownloadNotIssued(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{
		`{"crt":"","status":"Pending"}`: "keys: crt, status",
		`[]`:                            "body []",
		`""`:                            `body ""`,
		" \n":                           "empty body",
	} {
		env := newTestEnv(t)
		env.on(http.MethodGet, "/certificate/300/crt", 200, body)

		_, err := env.client.Certificates.Download(context.Background(), 300)
		assert.ErrorContains(t, err, "carries no certificate ("+want+")", body)
	}
}

func TestCertificatesDownloadHTML(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.onFunc(http.MethodGet, "/certificate/300/crt", fileResponder("<html><body>Maintenance</body></html>", -1,
		map[string]string{"Content-Type": "text/html"}))

	_, err := env.client.Certificates.Download(context.Background(), 300)
	var apiErr *Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Maintenance", apiErr.Excerpt)
	assert.Equal(t, "/certificate/300/crt", apiErr.Path)
}

func TestParseCertificates(t *testing.T) {
	t.Parallel()
	a, b := testCertificate(t, "a.example"), testCertificate(t, "b.example")

	certs, err := ParseCertificates(append(append([]byte("subject=CN = a.example\n"), pemCertificate(a)...), pemCertificate(b)...))
	require.NoError(t, err)
	assert.Equal(t, []string{"a.example", "b.example"}, commonNames(certs))

	certs, err = ParseCertificates(append(append([]byte{}, a...), b...))
	require.NoError(t, err, "concatenated DER")
	assert.Equal(t, []string{"a.example", "b.example"}, commonNames(certs))

	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1, 2, 3}})
	truncated := pemCertificate(a)
	truncated = truncated[:len(truncated)-20]
	_, err = (*CertificateFile)(nil).Certificates()
	assert.ErrorContains(t, err, "no certificate data", "nil file")
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"empty":          {nil, "no certificate data"},
		"blank":          {[]byte(" \r\n"), "no certificate data"},
		"garbage":        {[]byte("hello"), "neither PEM nor DER"},
		"HTML":           {[]byte("<html>nope</html>"), "neither PEM nor DER"},
		"a key":          {append(pemCertificate(a), keyPEM...), `PEM block 2 is a "PRIVATE KEY"`},
		"bad DER in PEM": {pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("nope")}), "PEM block 1"},
		"truncated PEM":  {truncated, "malformed PEM"},
		"bad second":     {append(pemCertificate(a), truncated...), "malformed PEM certificate data after 1"},
	} {
		_, err := ParseCertificates(tc.data)
		assert.ErrorContains(t, err, tc.want, name)
	}
}

func TestCertificatesErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	assertReadErrors(t, map[string]func(*Client) error{
		"/certificate":                  func(c *Client) error { return second(c.Certificates.List(ctx)) },
		"/certificate/9":                func(c *Client) error { return second(c.Certificates.Get(ctx, 9)) },
		"/certificate/9/crt":            func(c *Client) error { return second(c.Certificates.Download(ctx, 9)) },
		"/certificate/order":            func(c *Client) error { return second(c.Certificates.Products(ctx)) },
		"/certificate/order/9/software": func(c *Client) error { return second(c.Certificates.Software(ctx, 9)) },
	})
}

func TestCertificatesDownloadRetried(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onFunc(http.MethodGet, "/certificate/300/crt", httpmock.NewStringResponder(503, "busy").
		Then(httpmock.NewBytesResponder(200, fixture(t, "certificates/crt.json"))))

	f, err := env.client.Certificates.Download(context.Background(), 300)
	require.NoError(t, err)
	assert.Equal(t, 2, rec.count())
	_, err = f.Certificates()
	require.NoError(t, err)
}
