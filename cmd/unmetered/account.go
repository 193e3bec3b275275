package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

func newAccountCmd(a *app) *cobra.Command {
	cmd := group(a, "account", "Your account")
	cmd.AddCommand(&cobra.Command{
		Use:     "show",
		Short:   "Show the account holder's details",
		Example: "  unmetered account show\n  unmetered account show -o json | jq -r .email",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			d, err := c.Account.Details(ctx)
			if err != nil {
				return err
			}
			return a.printObject(d, accountFields(d))
		}),
	})
	return cmd
}

// accountFields are the table lines of "account show".
func accountFields(d *unmetered.AccountDetails) []field {
	return []field{
		{"ID", d.ID},
		{"Email", d.Email},
		{"Name", d.FirstName + " " + d.LastName},
		{"Company", d.CompanyName},
		{"Address", joinNonEmpty(", ", d.Address1, d.Address2)},
		{"City", joinNonEmpty(", ", d.PostCode+" "+d.City, d.State)},
		{"Country", d.Country},
		{"Phone", d.Phone},
		{"Last login", d.LastLogin},
		{"Last login IP", d.IP},
	}
}

// joinNonEmpty joins the parts that are not blank.
func joinNonEmpty(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}
