package main

import (
	"context"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

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
			return a.printObject(ct, []field{
				{"ID", ct.ID},
				{"Email", ct.Email},
				{"Name", ct.FirstName + " " + ct.LastName},
				{"Company", ct.CompanyName},
				{"Type", ct.Type},
				{"Address", joinNonEmpty(", ", ct.Address1, ct.Address2)},
				{"City", joinNonEmpty(", ", ct.PostCode+" "+ct.City, ct.State)},
				{"Country", ct.Country},
				{"Phone", ct.Phone},
			})
		}),
	})
	return cmd
}

var contactColumns = []column[unmetered.Contact]{
	{"ID", func(c unmetered.Contact) any { return c.ID }},
	{"EMAIL", func(c unmetered.Contact) any { return c.Email }},
	{"NAME", func(c unmetered.Contact) any { return c.FirstName + " " + c.LastName }},
	{"COMPANY", func(c unmetered.Contact) any { return c.CompanyName }},
	{"LAST LOGIN", func(c unmetered.Contact) any { return c.LastLogin }},
}
