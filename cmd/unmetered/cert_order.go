package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// certOrderOptions are the flags of "cert order".
type certOrderOptions struct {
	csr, approverEmail, organization string
	years, payMethod, software       int64
	admin, tech, billing             int64
	dryRun, yes                      bool
}

// certOrderResult is what "cert order" prints: the quote, and the order once placed.
type certOrderResult struct {
	Quote *unmetered.Quote       `json:"quote"`
	Order *unmetered.OrderResult `json:"order,omitempty"`
}

func newCertOrderCmd(a *app) *cobra.Command {
	var o certOrderOptions
	cmd := &cobra.Command{
		Use:   "order PRODUCT --csr FILE",
		Short: "Order a certificate for a CSR, after a price quote",
		Long: `Order a certificate of the product PRODUCT (its id, from "unmetered cert product list") for
the certificate signing request in --csr (a PEM file, "-" for stdin), for --years. First the
portal is asked for a quote, which is printed; then the certificate is ordered, which creates it
and an invoice (pay it with "unmetered invoice pay"). --dry-run stops after the quote.

--pay-method is the payment method's id; it may be left out when the account has one. The other
flags are the order's optional fields: the approver email for domain validation, the server
software's id ("unmetered cert product show PRODUCT"), contact ids (see "unmetered contact
list"), and for an organization-validated certificate --organization, a JSON object or @FILE
with name, unit, address1, address2, locality, state, postal_code and country.

Ordering costs money: it asks on a terminal and needs --yes otherwise. It is sent once: exit
code 3 means it may have been ordered although the answer was lost, so check with
"unmetered cert list" before running the command again.`,
		Example: `  openssl req -new -newkey rsa:2048 -nodes -keyout shop.key -subj /CN=shop.example.com -out shop.csr
  unmetered cert order 26 --csr shop.csr --dry-run
  unmetered cert order 26 --csr shop.csr --years 2 --approver-email admin@example.com --yes`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, args []string) error {
			return a.orderCertificate(ctx, c, cmd, args[0], o)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&o.csr, "csr", "", `the certificate signing request: a PEM file, or "-" for stdin (required)`)
	f.Int64Var(&o.years, "years", 1, "validity period in years")
	f.Int64Var(&o.payMethod, "pay-method", 0, "payment method id (default: the account's only one)")
	f.StringVar(&o.approverEmail, "approver-email", "", "the address that receives the domain-validation email")
	f.Int64Var(&o.software, "software", 0, "the server software's id (0 is an id too)")
	f.Int64Var(&o.admin, "admin-contact", 0, "contact id of the certificate's administrative contact")
	f.Int64Var(&o.tech, "tech-contact", 0, "contact id of the technical contact")
	f.Int64Var(&o.billing, "billing-contact", 0, "contact id of the billing contact")
	f.StringVar(&o.organization, "organization", "", "the organization, as a JSON object or @FILE")
	f.BoolVar(&o.dryRun, "dry-run", false, "print the quote only; order nothing")
	addYesFlag(cmd, &o.yes)
	_ = cmd.MarkFlagRequired("csr")
	return cmd
}

func (a *app) orderCertificate(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, arg string, o certOrderOptions) error {
	productID, err := parseID("certificate product", arg)
	if err != nil {
		return err
	}
	req := unmetered.CertificateOrderRequest{ProductID: productID, Years: o.years, PayMethod: o.payMethod,
		ApproverEmail: strings.TrimSpace(o.approverEmail), Admin: o.admin, Tech: o.tech, Billing: o.billing}
	if o.years < 1 || o.years > 10 {
		return usageErrorf("--years %d: from 1 to 10", o.years)
	}
	for _, flag := range []string{"pay-method", "admin-contact", "tech-contact", "billing-contact"} {
		if v, _ := cmd.Flags().GetInt64(flag); cmd.Flags().Changed(flag) && v < 1 {
			return usageErrorf("--%s %d: an id is a whole number from 1", flag, v)
		}
	}
	if cmd.Flags().Changed("software") {
		if o.software < 0 {
			return usageErrorf("--software %d: an id from 0", o.software)
		}
		req.Software = &o.software
	}
	if req.CSR, err = a.readCSR(o.csr); err != nil {
		return err
	}
	if o.organization != "" {
		if req.Organization, err = a.readOrganization(o.organization); err != nil {
			return err
		}
	}
	if !o.dryRun {
		if err := a.refuseUnconfirmed(o.yes, fmt.Sprintf("order certificate product %d", productID)); err != nil {
			return err
		}
	}
	product, err := certProduct(ctx, c, productID, o.years)
	if err != nil {
		return err
	}
	if req.PayMethod == 0 && !o.dryRun {
		if req.PayMethod, err = onlyPayMethod(ctx, c); err != nil {
			return err
		}
	}
	item := unmetered.CertificateItem(productID, req.CSR, o.years)
	item.ApproverEmail, item.Software, item.Organization = req.ApproverEmail, req.Software, req.Organization
	item.Admin, item.Tech, item.Billing = req.Admin, req.Tech, req.Billing
	q, order, err := a.quoteAndOrder(ctx, c, item, o.dryRun, o.yes,
		func(q *unmetered.Quote) string {
			return fmt.Sprintf("order %s for %d year(s), for %s due now", product.Name, o.years, q.Summary.Total)
		},
		func() (*unmetered.OrderResult, error) { return c.Certificates.Order(ctx, req) })
	if err != nil {
		return err
	}
	res := certOrderResult{Quote: q, Order: order}
	return a.printOrder(res, res.Order)
}

// readCSR reads --csr. PEM content must be a certificate request that parses, so that a key or
// a certificate given by mistake is refused before anything is sent (the key, a secret, is
// then not sent either). Other text is sent as it is: the API reference calls the field
// "Domain name", and some products may take one.
func (a *app) readCSR(arg string) (string, error) {
	if strings.TrimSpace(arg) == "" {
		return "", usageErrorf("--csr: give the file of a certificate signing request (PEM), or - for stdin")
	}
	b, err := a.readInput("--csr", arg, false)
	if err != nil {
		return "", err
	}
	text := strings.TrimSpace(string(b))
	if text == "" {
		return "", usageErrorf("--csr %s is empty", arg)
	}
	if !strings.HasPrefix(text, "-----BEGIN") {
		return text, nil
	}
	block, _ := pem.Decode([]byte(text))
	switch {
	case block == nil:
		return "", usageErrorf("--csr %s: not valid PEM", arg)
	case block.Type != "CERTIFICATE REQUEST" && block.Type != "NEW CERTIFICATE REQUEST":
		return "", usageErrorf("--csr %s holds a %s, not a CERTIFICATE REQUEST; nothing was sent", arg, block.Type)
	}
	if _, err := x509.ParseCertificateRequest(block.Bytes); err != nil {
		return "", usageErrorf("--csr %s: the CERTIFICATE REQUEST is damaged (it does not parse); make it again; nothing was sent", arg)
	}
	return text, nil
}

// readOrganization reads --organization: a JSON object (or @FILE, or - for stdin) with the
// fields of unmetered.CertificateOrganization, and nothing else.
func (a *app) readOrganization(arg string) (*unmetered.CertificateOrganization, error) {
	b, err := a.readInput("--organization", arg, true)
	if err != nil {
		return nil, err
	}
	var org unmetered.CertificateOrganization
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&org); err != nil {
		return nil, usageErrorf("--organization: %v (a JSON object with name, unit, address1, address2, locality, state, postal_code, country)", err)
	}
	return &org, nil
}

// certProduct returns the certificate product id, checking that it offers years. An unknown
// product or period is a usage error listing what there is.
func certProduct(ctx context.Context, c *unmetered.Client, id, years int64) (*unmetered.CertificateProduct, error) {
	products, err := c.Certificates.Products(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for i, p := range products {
		if p.ID != id {
			names = append(names, fmt.Sprintf("%d %s", p.ID, p.Name))
			continue
		}
		var offered []string
		for _, per := range p.Periods {
			if per.Years == years {
				return &products[i], nil
			}
			offered = append(offered, fmt.Sprint(per.Years))
		}
		return nil, usageErrorf("--years %d: %s is offered for %s year(s); nothing was ordered", years, p.Name, strings.Join(offered, ", "))
	}
	return nil, usageErrorf("certificate product %d: there is none; the products are %s; nothing was ordered", id, strings.Join(names, ", "))
}

// onlyPayMethod returns the account's payment method when it has exactly one; otherwise a
// usage error listing them asks for --pay-method.
func onlyPayMethod(ctx context.Context, c *unmetered.Client) (int64, error) {
	methods, err := c.Billing.PaymentMethods(ctx)
	if err != nil {
		return 0, err
	}
	if len(methods) == 1 {
		return methods[0].ID, nil
	}
	names := make([]string, len(methods))
	for i, m := range methods {
		names[i] = fmt.Sprintf("%d %s", m.ID, m.Name)
	}
	return 0, usageErrorf("--pay-method is required: the account's payment methods are %s; nothing was ordered", strings.Join(names, ", "))
}

// certProductColumns are the columns of "cert product list".
var certProductColumns = []column[unmetered.CertificateProduct]{
	{"ID", func(p unmetered.CertificateProduct) any { return p.ID }},
	{"NAME", func(p unmetered.CertificateProduct) any { return p.Name }},
	{"PRICES", func(p unmetered.CertificateProduct) any { return certPrices(p.Periods) }},
}

func newCertProductCmd(a *app) *cobra.Command {
	cmd := group(a, "product", "The certificate products for sale")
	cmd.AddCommand(listCommand(a, &cobra.Command{
		Use:     "list",
		Short:   "List the certificate products, with their prices per period",
		Example: "  unmetered cert product list\n  unmetered cert product list -o json | jq '.[] | {id, name}'",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			list, err := c.Certificates.Products(ctx)
			if err != nil {
				return err
			}
			return printList(a, list, certProductColumns)
		}),
	}, certProductColumns), &cobra.Command{
		Use:     "show PRODUCT",
		Short:   "Show a certificate product's periods and server software choices",
		Example: "  unmetered cert product show 26",
		Args:    cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			id, err := parseID("certificate product", args[0])
			if err != nil {
				return err
			}
			products, err := c.Certificates.Products(ctx)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(products, func(p unmetered.CertificateProduct) bool { return p.ID == id })
			if i < 0 {
				return fmt.Errorf("certificate product %d: %w (see 'unmetered cert product list')", id, unmetered.ErrNotFound)
			}
			sw, err := c.Certificates.Software(ctx, id)
			if err != nil {
				return err
			}
			p := certProductDetails{CertificateProduct: products[i], Software: nonNil(sw)}
			if err := a.printObject(p, []field{{"ID", p.ID}, {"Name", p.Name}, {"Prices", certPrices(p.Periods)}}); err != nil || a.structured() {
				return err
			}
			return printSection(a, "Server software (--software)", p.Software, []column[unmetered.CertificateSoftware]{
				{"ID", func(s unmetered.CertificateSoftware) any { return s.ID }},
				{"NAME", func(s unmetered.CertificateSoftware) any { return s.Name }},
			})
		}),
	})
	return cmd
}

// certProductDetails is what "cert product show" prints.
type certProductDetails struct {
	unmetered.CertificateProduct
	Software []unmetered.CertificateSoftware `json:"software"`
}

// certPrices spells a certificate product's prices: "1y 9.95, 2y 17.90".
func certPrices(periods []unmetered.CertificatePeriod) string {
	parts := make([]string, len(periods))
	for i, p := range periods {
		parts[i] = fmt.Sprintf("%dy %s", p.Years, p.Price)
	}
	return strings.Join(parts, ", ")
}
