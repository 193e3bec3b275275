package unmeteredtest

import (
	"context"
	"encoding/pem"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestSDKCertificatesRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newFakeClock()
	c := sdkClient(t, NewTestServer(t, WithClock(clock.Now)))
	now := clock.Now()
	ordered, issued := domainsDay(now, -2), domainsDay(now, -100)
	orderedDue, issuedDue := unmetered.Date{Time: ordered.AddDate(1, 0, 0)}, unmetered.Date{Time: issued.AddDate(1, 0, 0)}

	certs, err := c.Certificates.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.Certificate{
		{ID: 300, Domain: "examplename.com", Name: "InstantSSL", Status: unmetered.CertificatePending, BillingCycle: "Annually",
			Total: domainsDecimal(t, "27.85"), NextDue: orderedDue, CertEmail: "admin@examplename.com",
			CertExpires: orderedDue.Add(13*time.Hour + 43*time.Minute + 12*time.Second), Category: "GoGetSSL", CategoryURL: "gogetssl"},
		{ID: 305, Domain: "secure.example.com", Name: "PositiveSSL", Status: unmetered.CertificateActive, BillingCycle: "Annually",
			Total: domainsDecimal(t, "9.95"), NextDue: issuedDue, CertEmail: "admin@example.com", CertStatus: "Issued",
			CertExpires: issuedDue.Time, Category: "GoGetSSL", CategoryURL: "gogetssl"},
	}, certs)

	cert, err := c.Certificates.Get(ctx, 300)
	require.NoError(t, err)
	joe := &unmetered.CertificateContact{
		FirstName: "Joe", LastName: "Doe", OrgName: "n/a", JobTitle: "n/a", Email: "joe@example.com",
		Address1: "Pretty View Lane", Address2: "3294", City: "Santa Rosa", State: "California", PostalCode: "95401",
		Country: "US", Phone: "+1.24123123", PhonePrefix: "1",
	}
	assert.Equal(t, &unmetered.Certificate{
		ID: 300, Domain: "examplename.com", Name: "InstantSSL", Status: unmetered.CertificatePending, BillingCycle: "Annually",
		Total: domainsDecimal(t, "27.85"), NextDue: orderedDue, CertEmail: "admin@examplename.com",
		CertExpires: orderedDue.Add(13*time.Hour + 43*time.Minute + 12*time.Second),
		DateCreated: ordered, FirstPayment: domainsDecimal(t, "27.85"),
		NextInvoice: unmetered.Date{Time: orderedDue.AddDate(0, -2, 0)}, CSR: examplenameCSR,
		Contacts: &unmetered.CertificateContacts{Admin: joe, Billing: joe, Tech: joe},
		Organization: &unmetered.CertificateOrganization{Name: "My Org name", Unit: "Dev", Address1: "n/a", Address2: "n/a",
			Locality: "SanAntonio", State: "Texas", PostalCode: "n/a", Country: "US"},
		Software: 1,
	}, cert)

	issuedCert, err := c.Certificates.Get(ctx, 305)
	require.NoError(t, err)
	assert.Equal(t, &unmetered.CertificateOrganization{}, issuedCert.Organization)
	assert.Equal(t, issued, issuedCert.DateCreated)
	assert.Equal(t, int64(5), issuedCert.Software)
	_, err = c.Certificates.Get(ctx, 301)
	require.ErrorIs(t, err, unmetered.ErrNotFound, "301 is a hosting service, not a certificate")

	products, err := c.Certificates.Products(ctx)
	require.NoError(t, err)
	require.Len(t, products, 3)
	assert.Equal(t, unmetered.CertificateProduct{ID: 25, Name: "InstantSSL", Category: "SSL Certificates", CategoryURL: "sslcertificates",
		Periods: []unmetered.CertificatePeriod{
			{Years: 1, Price: domainsDecimal(t, "27.85"), Renew: domainsDecimal(t, "27.85")},
			{Years: 2, Price: domainsDecimal(t, "48.75"), Renew: domainsDecimal(t, "48.75")},
		}}, products[0])
	assertDecimal(t, "94.95", products[2].Periods[0].Price)

	software, err := c.Certificates.Software(ctx, 26)
	require.NoError(t, err)
	require.Len(t, software, 8)
	assert.Equal(t, unmetered.CertificateSoftware{ID: 0, Name: "AOL"}, software[0], "0 is a valid id")
	assert.Equal(t, unmetered.CertificateSoftware{ID: 5, Name: "Nginx"}, software[5])
	_, err = c.Certificates.Software(ctx, 99)
	require.ErrorIs(t, err, unmetered.ErrNotFound)
}

func TestSDKCertificatesDownload(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	file, err := c.Certificates.Download(ctx, 305)
	require.NoError(t, err)
	assert.Nil(t, file.Raw, "served as the PEM itself, not wrapped in JSON")
	assert.Equal(t, "application/x-pem-file", file.ContentType)
	certs, err := file.Certificates()
	require.NoError(t, err)
	require.Len(t, certs, 1)
	assert.Equal(t, "secure.example.com", certs[0].Subject.CommonName)
	listed, err := c.Certificates.Get(ctx, 305)
	require.NoError(t, err)
	assert.Equal(t, listed.CertExpires, certs[0].NotAfter.UTC(), "valid until the expiry the API reports")
	assert.Equal(t, listed.DateCreated.Time, certs[0].NotBefore.UTC(), "valid from the day it was issued")
	again, err := c.Certificates.Download(ctx, 305)
	require.NoError(t, err)
	assert.Equal(t, file.Data, again.Data, "the same certificate every time")
	assert.Equal(t, []string{"secure.example.com"}, certs[0].DNSNames)
	assert.Equal(t, certs[0].Issuer.String(), certs[0].Subject.String(), "self-signed")
	require.NoError(t, certs[0].CheckSignature(certs[0].SignatureAlgorithm, certs[0].RawTBSCertificate, certs[0].Signature),
		"signed with its own key")

	// The same certificate as DER, the other form ParseCertificates reads.
	block, _ := pem.Decode(file.Data)
	require.NotNil(t, block)
	der, err := unmetered.ParseCertificates(block.Bytes)
	require.NoError(t, err)
	require.Len(t, der, 1)
	assert.True(t, der[0].Equal(certs[0]))

	_, err = c.Certificates.Download(ctx, 300)
	assert.Equal(t, []string{"The certificate for examplename.com has not been issued yet"}, requireAPIError(t, err, 400))
	_, err = c.Certificates.Download(ctx, 999)
	require.ErrorIs(t, err, unmetered.ErrNotFound)
}

func TestSDKCertificatesOrder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	software := int64(4)
	res, err := c.Certificates.Order(ctx, unmetered.CertificateOrderRequest{
		ProductID: 25, CSR: examplenameCSR, Years: 2, PayMethod: 2, ApproverEmail: "admin@examplename.com",
		Software: &software, Tech: 50, Organization: &unmetered.CertificateOrganization{Name: "Doe Hosting", Country: "US"},
	})
	require.NoError(t, err)
	assertDecimal(t, "48.75", res.Total)
	assert.NotZero(t, res.OrderNumber)
	assert.Equal(t, []unmetered.OrderedItem{{ID: 310, Type: "Hosting", Name: "examplename.com", ProductID: 25}}, res.Items)

	certs, err := c.Certificates.List(ctx)
	require.NoError(t, err)
	require.Len(t, certs, 3)
	assert.Equal(t, int64(310), certs[2].ID)
	assert.Equal(t, unmetered.CertificatePending, certs[2].Status)
	assert.Equal(t, "InstantSSL", certs[2].Name)
	assertDecimal(t, "48.75", certs[2].Total)

	cert, err := c.Certificates.Get(ctx, 310)
	require.NoError(t, err)
	assert.Equal(t, "examplename.com", cert.Domain, "the CSR's common name")
	assert.Equal(t, "Biennially", cert.BillingCycle)
	assert.Equal(t, examplenameCSR, cert.CSR)
	assert.Equal(t, int64(4), cert.Software)
	assert.Equal(t, "admin@examplename.com", cert.CertEmail)
	assert.Equal(t, "Ops", cert.Contacts.Tech.FirstName, "contact 50")
	assert.Equal(t, "Joe", cert.Contacts.Admin.FirstName, "the account itself")
	assert.Equal(t, &unmetered.CertificateOrganization{Name: "Doe Hosting", Country: "US"}, cert.Organization)
	assert.True(t, cert.CertExpires.IsZero())

	inv, err := c.Billing.Invoice(ctx, int64(res.InvoiceID))
	require.NoError(t, err)
	assert.Equal(t, unmetered.InvoiceUnpaid, inv.Status)
	assertDecimal(t, res.Total.String(), inv.Total)
	require.Len(t, inv.Items, 1)
	assert.Equal(t, int64(310), inv.Items[0].ItemID)
	_, err = c.Certificates.Download(ctx, 310)
	requireAPIError(t, err, 400)

	bad := int64(99)
	_, err = c.Certificates.Order(ctx, unmetered.CertificateOrderRequest{ProductID: 27, CSR: "not a csr", Years: 2, PayMethod: 1, Software: &bad})
	assert.Equal(t, []string{"csr must be a PEM certificate request (or a domain name)",
		"years must be one of the periods of PositiveSSL Wildcard in GET /certificate/order",
		"software must be an id of GET /certificate/order/@product_id/software"}, requireAPIError(t, err, 400))
	certs, err = c.Certificates.List(ctx)
	require.NoError(t, err)
	assert.Len(t, certs, 3)
}
