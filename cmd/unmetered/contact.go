package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// accountTypes are the values of --type.
var accountTypes = []unmetered.AccountType{unmetered.AccountPrivate, unmetered.AccountCompany}

func newContactCmd(a *app) *cobra.Command {
	cmd := group(a, "contact", "Contacts on your account (sub-profiles that may log in)")
	cmd.AddCommand(listCommand(a, &cobra.Command{
		Use:     "list",
		Short:   "List the contacts",
		Example: "  unmetered contact list\n  unmetered contact list -o json | jq -r '.[].email'",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			list, err := c.Account.Contacts(ctx)
			if err != nil {
				return err
			}
			return printList(a, list, contactColumns)
		}),
	}, contactColumns), &cobra.Command{
		Use:     "show ID",
		Short:   "Show a contact's details and privileges",
		Example: "  unmetered contact show 49",
		Args:    cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			id, err := parseID("contact", args[0])
			if err != nil {
				return err
			}
			ct, err := c.Account.Contact(ctx, id)
			if err != nil {
				return err
			}
			return a.printObject(ct, contactFields(ct))
		}),
	}, newContactCreateCmd(a), newContactUpdateCmd(a))
	return cmd
}

var contactColumns = []column[unmetered.Contact]{
	{"ID", func(c unmetered.Contact) any { return c.ID }},
	{"EMAIL", func(c unmetered.Contact) any { return c.Email }},
	{"NAME", func(c unmetered.Contact) any { return c.FirstName + " " + c.LastName }},
	{"COMPANY", func(c unmetered.Contact) any { return c.CompanyName }},
	{"LAST LOGIN", func(c unmetered.Contact) any { return c.LastLogin }},
}

// contactFields are the table lines of one contact.
func contactFields(ct *unmetered.Contact) []field {
	return []field{
		{"ID", ct.ID},
		{"Email", ct.Email},
		{"Name", ct.FirstName + " " + ct.LastName},
		{"Company", ct.CompanyName},
		{"Type", ct.Type},
		{"Address", joinNonEmpty(", ", ct.Address1, ct.Address2)},
		{"City", joinNonEmpty(", ", ct.PostCode+" "+ct.City, ct.State)},
		{"Country", ct.Country},
		{"Phone", ct.Phone},
	}
}

// contactFlags are the flags of "contact create" and "contact update": the contact's fields.
type contactFlags struct {
	text                  map[string]*string // flag name -> value, for the text fields
	typ, privileges       string
	passwordStdin         bool
	email, first, last    string
	company, addr1, addr2 string
	city, state, postCode string
	country, phone, mob   string
}

// add adds the field flags to cmd.
func (f *contactFlags) add(cmd *cobra.Command, create bool) {
	f.text = map[string]*string{
		"email": &f.email, "first-name": &f.first, "last-name": &f.last, "company": &f.company,
		"address1": &f.addr1, "address2": &f.addr2, "city": &f.city, "state": &f.state,
		"post-code": &f.postCode, "country": &f.country, "phone": &f.phone, "mobile-phone": &f.mob,
	}
	fl := cmd.Flags()
	email := "the contact's email address, its login"
	if create {
		email += " (required)"
	}
	fl.StringVar(&f.email, "email", "", email)
	fl.StringVar(&f.first, "first-name", "", "first name")
	fl.StringVar(&f.last, "last-name", "", "last name")
	fl.StringVar(&f.company, "company", "", "company name")
	fl.StringVar(&f.addr1, "address1", "", "street address")
	fl.StringVar(&f.addr2, "address2", "", "street address, second line")
	fl.StringVar(&f.city, "city", "", "city")
	fl.StringVar(&f.state, "state", "", "state or region")
	fl.StringVar(&f.postCode, "post-code", "", "post code")
	fl.StringVar(&f.country, "country", "", "two-letter country code, e.g. US")
	fl.StringVar(&f.phone, "phone", "", "phone number")
	fl.StringVar(&f.mob, "mobile-phone", "", "mobile number for SMS notifications, with the country prefix (+1...)")
	fl.StringVar(&f.typ, "type", "", "account type: "+enumList(accountTypes))
	fl.StringVar(&f.privileges, "privileges", "", `privileges as JSON, @FILE or - (the shape of "unmetered contact show ID -o json" .privileges)`)
	if create {
		fl.BoolVar(&f.passwordStdin, "password-stdin", false, "read a password from stdin (its first line), so that the contact can log in")
	}
	_ = cmd.RegisterFlagCompletionFunc("type", enumCompletion(accountTypes))
}

// check validates the flags that need it: --type, --country and --privileges.
func (f *contactFlags) check(a *app) (unmetered.AccountType, *unmetered.Privileges, error) {
	var typ unmetered.AccountType
	var err error
	if f.typ != "" {
		if typ, err = parseEnum("--type", f.typ, accountTypes); err != nil {
			return "", nil, err
		}
	}
	if c := strings.TrimSpace(f.country); c != "" && (len(c) != 2 || strings.Trim(strings.ToUpper(c), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		return "", nil, usageErrorf("--country %q: a two-letter country code, like US", f.country)
	}
	f.country = strings.ToUpper(strings.TrimSpace(f.country))
	if f.privileges == "" {
		return typ, nil, nil
	}
	b, err := a.readInput("--privileges", f.privileges, true)
	if err != nil {
		return "", nil, err
	}
	var p unmetered.Privileges
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&p); err != nil {
		return "", nil, usageErrorf("--privileges: %v", err)
	}
	return typ, &p, nil
}

func newContactCreateCmd(a *app) *cobra.Command {
	var f contactFlags
	cmd := &cobra.Command{
		Use:   "create --email EMAIL",
		Short: "Add a contact to the account",
		Long: `Add a contact (a sub-profile of the account) and print it. --email is required; the other
flags set its details. With --password-stdin the contact gets a password (read from stdin, never
an argument) and may log in with its email address; --privileges grants it rights, e.g.
'{"billing": ["payinvoice"], "support": ["tickets"]}' (see "unmetered api GET
/contact/privileges" for all there are).

The contact is created once: exit code 3 means it may have been created although the answer was
lost, so check with "unmetered contact list" before running the command again.`,
		Example: `  unmetered contact create --email ops@example.com --first-name Ops --last-name Team --type Company --company "Example Ltd"
  pass show portal/billing | unmetered contact create --email billing@example.com --password-stdin --privileges '{"billing": ["payinvoice", "balance"]}'`,
		Args: cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			if strings.TrimSpace(f.email) == "" {
				return usageErrorf("--email is required: the contact's email address")
			}
			typ, privileges, err := f.check(a)
			if err != nil {
				return err
			}
			req := unmetered.CreateContactRequest{Email: strings.TrimSpace(f.email), FirstName: f.first, LastName: f.last,
				CompanyName: f.company, Address1: f.addr1, Address2: f.addr2, City: f.city, State: f.state, PostCode: f.postCode,
				Country: f.country, Phone: f.phone, MobilePhone: f.mob, Type: typ, Privileges: privileges}
			if f.passwordStdin {
				if req.Password, err = a.readPasswordStdin(); err != nil {
					return err
				}
			}
			id, err := c.Account.CreateContact(ctx, req)
			if err != nil {
				return sentChange(err)
			}
			return a.printContact(ctx, c, id)
		}),
	}
	f.add(cmd, true)
	return cmd
}

func newContactUpdateCmd(a *app) *cobra.Command {
	var f contactFlags
	cmd := &cobra.Command{
		Use:   "update ID",
		Short: "Change a contact's details or privileges",
		Long: `Change the details of contact ID that the flags give, and print it. A flag not given leaves
its field as it is; --address2 "" clears a field. --privileges replaces the contact's privileges
('{}' revokes them all).`,
		Example: `  unmetered contact update 49 --phone +1.5550100 --city Austin
  unmetered contact update 49 --privileges @billing-only.json -o json`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, args []string) error {
			id, err := parseID("contact", args[0])
			if err != nil {
				return err
			}
			typ, privileges, err := f.check(a)
			if err != nil {
				return err
			}
			req := unmetered.UpdateContactRequest{Type: typ, Privileges: privileges}
			set := map[string]**string{
				"email": &req.Email, "first-name": &req.FirstName, "last-name": &req.LastName, "company": &req.CompanyName,
				"address1": &req.Address1, "address2": &req.Address2, "city": &req.City, "state": &req.State,
				"post-code": &req.PostCode, "country": &req.Country, "phone": &req.Phone, "mobile-phone": &req.MobilePhone,
			}
			changed := typ != "" || privileges != nil
			for name, dst := range set {
				if cmd.Flags().Changed(name) {
					v := *f.text[name]
					*dst, changed = &v, true
				}
			}
			if !changed {
				return usageErrorf("nothing to change: give the fields to change, e.g. --phone or --city (see --help)")
			}
			if req.Email != nil && strings.TrimSpace(*req.Email) == "" {
				return usageErrorf("--email cannot be empty: it is the contact's login")
			}
			if err := c.Account.UpdateContact(ctx, id, req); err != nil {
				return sentChange(err)
			}
			return a.printContact(ctx, c, id)
		}),
	}
	f.add(cmd, false)
	return cmd
}

// printContact prints contact id as it now is, read back. The change is done whatever that read
// gives: if it fails, a warning says so and only the id is printed (exit code 0, so that no
// script creates the contact again).
func (a *app) printContact(ctx context.Context, c *unmetered.Client, id int64) error {
	ct, err := c.Account.Contact(ctx, id)
	if err != nil {
		fmt.Fprintf(a.err, "warning: contact %d is saved, but reading it back failed (see 'unmetered contact show %d'): %v\n", id, id, oneLine(err.Error()))
		return a.printObject(struct {
			ID int64 `json:"id"`
		}{id}, []field{{"ID", id}})
	}
	return a.printObject(ct, contactFields(ct))
}
