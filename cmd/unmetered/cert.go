package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

var certColumns = []column[unmetered.Certificate]{
	{"ID", func(c unmetered.Certificate) any { return c.ID }},
	{"DOMAIN", func(c unmetered.Certificate) any { return c.Domain }},
	{"PRODUCT", func(c unmetered.Certificate) any { return c.Name }},
	{"STATUS", func(c unmetered.Certificate) any { return c.Status }},
	{"CERT STATUS", func(c unmetered.Certificate) any { return c.CertStatus }},
	{"EXPIRES", func(c unmetered.Certificate) any { return c.CertExpires }},
	{"NEXT DUE", func(c unmetered.Certificate) any { return c.NextDue }},
}

func newCertCmd(a *app) *cobra.Command {
	cmd := group(a, "cert", "SSL certificates: list, show, download, order")
	cmd.AddCommand(listCommand(a, &cobra.Command{
		Use:     "list",
		Short:   "List your certificates",
		Example: "  unmetered cert list\n  unmetered cert list -o json | jq -r '.[] | select(.cert_status == \"Issued\") | .id'",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			list, err := c.Certificates.List(ctx)
			if err != nil {
				return err
			}
			return printList(a, list, certColumns)
		}),
	}, certColumns), &cobra.Command{
		Use:     "show ID",
		Short:   "Show a certificate service",
		Example: "  unmetered cert show 305",
		Args:    cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			id, err := parseID("certificate", args[0])
			if err != nil {
				return err
			}
			ct, err := c.Certificates.Get(ctx, id)
			if err != nil {
				return err
			}
			return a.printObject(ct, []field{
				{"ID", ct.ID},
				{"Domain", ct.Domain},
				{"Product", ct.Name},
				{"Status", ct.Status},
				{"Cert status", ct.CertStatus},
				{"Expires", ct.CertExpires},
				{"Approver email", ct.CertEmail},
				{"Billing", fmt.Sprintf("%s %s", ct.Total, ct.BillingCycle)},
				{"Next due", ct.NextDue},
			})
		}),
	}, newCertDownloadCmd(a), newCertOrderCmd(a), newCertProductCmd(a))
	return cmd
}

func newCertDownloadCmd(a *app) *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "download ID",
		Short: "Download an issued certificate",
		Long: `Download the issued certificate of certificate service ID, as the portal serves it (PEM, or
DER), to stdout or, with --file, to a file (written whole or not at all). With --file, -o json
describes what was written.`,
		Example: `  unmetered cert download 305 > secure.example.com.crt
  unmetered cert download 305 --file secure.example.com.crt
  unmetered cert download 305 | openssl x509 -noout -enddate`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			id, err := parseID("certificate", args[0])
			if err != nil {
				return err
			}
			if err := a.checkDownloadOutput(path); err != nil {
				return err
			}
			f, err := c.Certificates.Download(ctx, id)
			if err != nil {
				return err
			}
			return a.writeOrStream(path, bytes.NewReader(f.Data), download{ContentType: f.ContentType})
		}),
	}
	cmd.Flags().StringVar(&path, "file", "", "write to this file instead of stdout")
	return cmd
}
