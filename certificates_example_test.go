package unmetered_test

import (
	"context"
	"fmt"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

func ExampleCertificatesService_List() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	certs, err := client.Certificates.List(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range certs {
		issued := c.Status == unmetered.CertificateActive && c.CertStatus == "Issued"
		fmt.Printf("%d %s (%s): %s, issued: %t\n", c.ID, c.Domain, c.Name, c.Status, issued)
	}
	// Output:
	// 300 examplename.com (InstantSSL): Pending, issued: false
	// 305 secure.example.com (PositiveSSL): Active, issued: true
}

// Download an issued certificate and read it with crypto/x509.
func ExampleCertificatesService_Download() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	file, err := client.Certificates.Download(ctx, 305)
	if err != nil {
		fmt.Println(err)
		return
	}
	chain, err := file.Certificates()
	if err != nil {
		fmt.Println(err)
		return
	}
	service, err := client.Certificates.Get(ctx, 305)
	if err != nil {
		fmt.Println(err)
		return
	}
	leaf := chain[0]
	fmt.Println(leaf.Subject.CommonName, leaf.DNSNames)
	fmt.Println("expires as the portal says:", leaf.NotAfter.Equal(service.CertExpires))
	// Output:
	// secure.example.com [secure.example.com]
	// expires as the portal says: true
}

// Order a certificate. Order is never sent twice: after an error, check List and the invoices
// before ordering again.
func ExampleCertificatesService_Order() {
	srv := unmeteredtest.NewServer()
	defer srv.Close()
	client, err := srv.Client()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	products, err := client.Certificates.Products(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := products[0]
	software := int64(5) // Nginx, from client.Certificates.Software(ctx, p.ID)
	// CSR is usually a PEM certificate request; the API reference labels it "Domain name", and
	// the fake portal takes either.
	res, err := client.Certificates.Order(ctx, unmetered.CertificateOrderRequest{
		ProductID: p.ID, CSR: "shop.example.com", Years: p.Periods[0].Years, PayMethod: 2,
		ApproverEmail: "admin@example.com", Software: &software,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s for %s: certificate %d, invoice %d, total %s\n", p.Name, res.Items[0].Name, res.Items[0].ID, res.InvoiceID, res.Total)
	// Output: InstantSSL for shop.example.com: certificate 310, invoice 308978, total 27.85
}
