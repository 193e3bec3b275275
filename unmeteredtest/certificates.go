package unmeteredtest

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// certificateRoutes are the SSL Certificates endpoints.
var certificateRoutes = []*route{
	{method: "GET", pattern: "/certificate", h: listCertificates},
	{method: "GET", pattern: "/certificate/@id", h: withCertificate(getCertificate)},
	{method: "GET", pattern: "/certificate/@id/crt", h: withCertificate(downloadCertificate)},
	{method: "GET", pattern: "/certificate/order", h: listCertProducts},
	{method: "GET", pattern: "/certificate/order/@product_id/software", h: with("product_id", "Certificate product", func(st *state) []*certProduct { return st.certProducts }, listSoftware)},
	{method: "POST", pattern: "/certificate/order", h: orderOne((*state).certLine)},
}

// certificate is an SSL certificate service.
type certificate struct {
	ID                                int64
	Product                           *certProduct
	Domain                            string
	DateCreated, NextDue, NextInvoice string
	FirstPayment, Total               money
	BillingCycle                      string
	Status, Label                     string
	CertStatus, CertExpires           string
	CSR                               string
	Contacts, Organization            obj
	CertEmail                         string
	Software                          int64
	PEM                               string // the issued certificate, "" until issued
}

func (c *certificate) id() int64 { return c.ID }

// certProduct is a certificate on sale.
type certProduct struct {
	ID                int64
	Name, Description string
	Periods           []certPeriod
}

type certPeriod struct {
	Years        int64
	Price, Renew money
}

func (p *certProduct) id() int64 { return p.ID }

// serverSoftware are the server types a certificate order names.
var serverSoftware = []string{
	"AOL", "Apache-SSL (Ben-SSL, not Stronghold)", "Apache-ModSSL", "Apache-OpenSSL", "Microsoft IIS 7.x and later",
	"Nginx", "Tomcat", "Other",
}

func withCertificate(h func(*call, *certificate) reply) handler {
	return with("id", "Certificate", func(st *state) []*certificate { return st.certs }, h)
}

func listCertificates(c *call) reply {
	return ok(obj{"sslservices": renderEach(c.st.certs, func(cert *certificate) obj {
		return obj{
			"id": idString(cert.ID), "domain": cert.Domain, "total": cert.Total.String(), "status": cert.Status,
			"billingcycle": cert.BillingCycle, "next_due": cert.NextDue, "category": "GoGetSSL",
			"category_url": "gogetssl", "name": cert.Product.Name, "cert_email": cert.CertEmail,
			"cert_status": cert.CertStatus, "cert_expires": cert.CertExpires,
		}
	})})
}

func getCertificate(c *call, cert *certificate) reply {
	return ok(obj{"service": obj{
		"id": idString(cert.ID), "date_created": cert.DateCreated, "domain": cert.Domain,
		"firstpayment": cert.FirstPayment.String(), "total": cert.Total.String(), "billingcycle": cert.BillingCycle,
		"next_due": cert.NextDue, "next_invoice": cert.NextInvoice, "status": cert.Status, "label": cert.Label,
		"name": cert.Product.Name, "cert_status": cert.CertStatus, "cert_expires": cert.CertExpires,
		"csr": cert.CSR, "contacts": cert.Contacts, "organization": cert.Organization,
		"cert_email": cert.CertEmail, "software": idString(cert.Software),
	}})
}

// fakeCAKey signs the certificates the server issues. It is derived from a fixed text: it is a
// fake that nothing trusts, and a fixed key (with Ed25519's deterministic signatures) makes a
// certificate a function of its name and dates.
var fakeCAKey = ed25519.NewKeyFromSeed(func() []byte { h := sha256.Sum256([]byte("unmeteredtest fake CA")); return h[:] }())

// issuedPEM returns a self-signed PEM certificate for name, valid from notBefore to notAfter.
func issuedPEM(name string, serial int64, notBefore, notAfter time.Time) string {
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{Organization: []string{"unmeteredtest fake CA"}, CommonName: name},
		NotBefore:    notBefore, NotAfter: notAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    []string{name},
	}
	der, err := x509.CreateCertificate(nil, tmpl, tmpl, fakeCAKey.Public(), fakeCAKey)
	if err != nil { // only for a template this package gets wrong
		panic("unmeteredtest: issuing a certificate: " + err.Error())
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// downloadCertificate serves the issued certificate as PEM.
func downloadCertificate(c *call, cert *certificate) reply {
	if cert.PEM == "" {
		return invalid("The certificate for " + cert.Domain + " has not been issued yet")
	}
	return reply{status: 200, raw: []byte(cert.PEM), ctype: "application/x-pem-file", header: map[string]string{
		"Content-Disposition": `attachment; filename="` + cert.Domain + `.crt"`,
	}}
}

func listCertProducts(c *call) reply {
	return ok(obj{"products": renderEach(c.st.certProducts, func(p *certProduct) obj {
		periods := renderEach(p.Periods, func(pp certPeriod) obj {
			return obj{"years": pp.Years, "price": pp.Price.num(), "renew": pp.Renew.num()}
		})
		return obj{
			"id": idString(p.ID), "name": p.Name, "description": p.Description, "periods": periods,
			"category": "SSL Certificates", "category_url": "sslcertificates",
		}
	})})
}

func listSoftware(c *call, p *certProduct) reply {
	list := []obj{}
	for i, name := range serverSoftware {
		list = append(list, obj{"id": i, "name": name})
	}
	return ok(obj{"software": list})
}

// csrDomain reads the domain of a certificate order's "csr": the common name of a PEM
// certificate request, or a bare domain name (the reference describes csr as "Domain name").
func csrDomain(csr string) (string, bool) {
	csr = strings.TrimSpace(csr)
	if block, _ := pem.Decode([]byte(csr)); block != nil {
		req, err := x509.ParseCertificateRequest(block.Bytes)
		if err != nil || !validHost(req.Subject.CommonName) {
			return "", false
		}
		return strings.ToLower(req.Subject.CommonName), true
	}
	return strings.ToLower(csr), validHost(csr)
}

// certLine checks a certificate order: product_id, csr, years, approver_email, software and the
// contact ids.
func (st *state) certLine(in input) (*orderLine, []string) {
	id, _, _ := in.num("product_id")
	p, found := find(st.certProducts, id)
	if !found {
		return nil, []string{"product_id must be a certificate product of GET /certificate/order"}
	}
	var errs []string
	domainName, valid := csrDomain(in.str("csr"))
	if !valid {
		errs = append(errs, "csr must be a PEM certificate request (or a domain name)")
	}
	years, present, _ := in.num("years")
	if !present {
		years = 1
	}
	period, offered := first(p.Periods, func(pp certPeriod) bool { return pp.Years == years })
	if !offered {
		errs = append(errs, fmt.Sprintf("years must be one of the periods of %s in GET /certificate/order", p.Name))
	}
	email := in.str("approver_email")
	if email != "" && !strings.Contains(email, "@") {
		errs = append(errs, "approver_email must be an email address")
	}
	software, _, swValid := in.num("software")
	if !swValid || software < 0 || software >= int64(len(serverSoftware)) {
		errs = append(errs, "software must be an id of GET /certificate/order/@product_id/software")
	}
	organization, isObj := in.object("organization")
	if in.has("organization") && !isObj {
		errs = append(errs, "organization must be an object")
	}
	if errs = append(errs, st.checkContacts(in, "admin", "tech", "billing")...); errs != nil {
		return nil, errs
	}
	if organization == nil {
		organization = map[string]any{}
	}
	cycle := "a"
	if years == 2 {
		cycle = "b"
	}
	return &orderLine{
		typ: "Hosting", name: domainName, productID: p.ID, cycle: cycle, recurring: period.Renew, amount: period.Price,
		description: fmt.Sprintf("%s - %s (%d year/s)", p.Name, domainName, years),
		quoted: obj{"product": obj{
			"id": p.ID, "category_name": "SSL Certificates", "name": p.Name, "domain": domainName,
			"price": period.Price.num(), "recurring": cycle,
		}, "domains": obj{}},
		create: func(st *state, inv *invoice) int64 {
			cert := &certificate{
				ID: next(&st.lastService), Product: p, Domain: domainName, DateCreated: inv.Date,
				NextDue: inv.Date, NextInvoice: inv.Date, FirstPayment: period.Price, Total: period.Renew,
				BillingCycle: cycleName(cycle), Status: "Pending", CSR: in.str("csr"),
				CertExpires: "0000-00-00 00:00:00", Contacts: st.certContacts(in), Organization: organization,
				CertEmail: email, Software: software,
			}
			st.certs = append(st.certs, cert)
			return cert.ID
		},
	}, nil
}

// certContacts builds a certificate's contacts in the reference's shape: the account's details,
// or the contacts the order names.
func (st *state) certContacts(in input) obj {
	out := obj{}
	for _, typ := range []string{"admin", "billing", "tech"} {
		p := st.contactProfile(in, typ)
		org := p["companyname"]
		if org == "" {
			org = "n/a"
		}
		out[typ] = obj{
			"FName": p["firstname"], "LName": p["lastname"], "City": p["city"], "State": p["state"],
			"PostalCode": p["postcode"], "EmailAddress": p["email"], "Country": p["country"],
			"Address1": p["address1"], "Address2": p["address2"], "Phone": p["phonenumber"], "OrgName": org,
			"PreFix": 1, "JobTitle": "n/a",
		}
	}
	return out
}
