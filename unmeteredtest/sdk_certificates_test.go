package unmeteredtest

import (
	"context"
	"encoding/pem"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestSDKCertificatesRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	certs, err := c.Certificates.List(ctx)
	require.NoError(t, err)
	require.Len(t, certs, 2)
	pending := certs[0]
	assert.Equal(t, unmetered.Int(300), pending.ID)
	assert.Equal(t, "examplename.com", pending.Domain)
	assert.Equal(t, "InstantSSL", pending.Name)
	assert.Equal(t, "Pending", pending.Status)
	assert.Equal(t, "Annually", pending.BillingCycle)
	assertDecimal(t, "27.85", pending.Total)
	assert.Equal(t, "2017-12-30", pending.NextDue.String())
	assert.Equal(t, "admin@examplename.com", pending.CertEmail)
	assert.Empty(t, pending.CertStatus)
	assert.Equal(t, "2017-12-30 13:43:12", pending.CertExpires.String())
	assert.Equal(t, []string{"GoGetSSL", "gogetssl"}, []string{pending.Category, pending.CategoryURL})
	assert.Equal(t, "Issued", certs[1].CertStatus)

	cert, err := c.Certificates.Get(ctx, 300)
	require.NoError(t, err)
	assert.Equal(t, examplenameCSR, cert.CSR)
	assert.Equal(t, "2016-12-30", cert.DateCreated.String())
	assert.Equal(t, "2017-10-31", cert.NextInvoice.String())
	assertDecimal(t, "27.85", cert.FirstPayment)
	assert.Equal(t, unmetered.Int(1), cert.Software)
	require.NotNil(t, cert.Contacts)
	require.NotNil(t, cert.Contacts.Admin)
	assert.Equal(t, unmetered.CertificateContact{
		FirstName: "Joe", LastName: "Doe", OrgName: "n/a", JobTitle: "n/a", Email: "joe@example.com",
		Address1: "Pretty View Lane", Address2: "3294", City: "Santa Rosa", State: "California", PostalCode: "95401",
		Country: "US", Phone: "+1.24123123", PhonePrefix: "1",
	}, *cert.Contacts.Admin)
	require.NotNil(t, cert.Contacts.Tech)
	require.NotNil(t, cert.Contacts.Billing)
	assert.Equal(t, &unmetered.CertificateOrganization{Name: "My Org name", Unit: "Dev", Address1: "n/a", Address2: "n/a",
		Locality: "SanAntonio", State: "Texas", PostalCode: "n/a", Country: "US"}, cert.Organization)

	issued, err := c.Certificates.Get(ctx, 305)
	require.NoError(t, err)
	assert.Equal(t, &unmetered.CertificateOrganization{}, issued.Organization)
	_, err = c.Certificates.Get(ctx, 301)
	require.ErrorIs(t, err, unmetered.ErrNotFound, "301 is a hosting service, not a certificate")

	products, err := c.Certificates.Products(ctx)
	require.NoError(t, err)
	require.Len(t, products, 3)
	assert.Equal(t, unmetered.Int(25), products[0].ID)
	assert.Equal(t, "InstantSSL", products[0].Name)
	assert.Equal(t, "SSL Certificates", products[0].Category)
	require.Len(t, products[0].Periods, 2)
	assert.Equal(t, unmetered.Int(2), products[0].Periods[1].Years)
	assertDecimal(t, "48.75", products[0].Periods[1].Price)
	assertDecimal(t, "48.75", products[0].Periods[1].Renew)
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
	assert.Equal(t, securePEM, string(file.Data))
	certs, err := file.Certificates()
	require.NoError(t, err)
	require.Len(t, certs, 1)
	assert.Equal(t, "secure.example.com", certs[0].Subject.CommonName)
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
	res, err := c.Certificates.Order(ctx, &unmetered.CertificateOrder{
		ProductID: 25, CSR: examplenameCSR, Years: 2, PayMethod: 2, ApproverEmail: "admin@examplename.com",
		Software: &software, Tech: 50, Organization: &unmetered.CertificateOrganization{Name: "Doe Hosting", Country: "US"},
	})
	require.NoError(t, err)
	assertDecimal(t, "48.75", res.Total)
	assert.NotZero(t, res.OrderNumber)
	assert.Equal(t, unmetered.CertificateOrderItems{{ID: 310, Type: "Hosting", Name: "examplename.com", ProductID: 25}}, res.Items)

	certs, err := c.Certificates.List(ctx)
	require.NoError(t, err)
	require.Len(t, certs, 3)
	assert.Equal(t, unmetered.Int(310), certs[2].ID)
	assert.Equal(t, "Pending", certs[2].Status)
	assert.Equal(t, "InstantSSL", certs[2].Name)
	assertDecimal(t, "48.75", certs[2].Total)

	cert, err := c.Certificates.Get(ctx, 310)
	require.NoError(t, err)
	assert.Equal(t, "examplename.com", cert.Domain, "the CSR's common name")
	assert.Equal(t, "Biennially", cert.BillingCycle)
	assert.Equal(t, examplenameCSR, cert.CSR)
	assert.Equal(t, unmetered.Int(4), cert.Software)
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
	_, err = c.Certificates.Order(ctx, &unmetered.CertificateOrder{ProductID: 27, CSR: "not a csr", Years: 2, PayMethod: 1, Software: &bad})
	assert.Equal(t, []string{"csr must be a PEM certificate request (or a domain name)",
		"years must be one of the periods of PositiveSSL Wildcard in GET /certificate/order",
		"software must be an id of GET /certificate/order/@product_id/software"}, requireAPIError(t, err, 400))
	certs, err = c.Certificates.List(ctx)
	require.NoError(t, err)
	assert.Len(t, certs, 3)
}
