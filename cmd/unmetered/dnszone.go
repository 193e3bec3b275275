package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

func newDNSZoneCmd(a *app) *cobra.Command {
	zone := group(a, "zone", "DNS zones: list, create, delete")
	zone.AddCommand(listCommand(a, &cobra.Command{
		Use:     "list",
		Short:   "List the zones of all your DNS services",
		Example: "  unmetered dns zone list\n  unmetered dns zone list -o json | jq -r '.[].name'",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			ov, err := c.DNS.List(ctx)
			if err != nil {
				return err
			}
			return printList(a, ov.Zones, zoneColumns)
		}),
	}, zoneColumns), newDNSZoneCreateCmd(a), newDNSZoneDeleteCmd(a))
	return zone
}

var zoneColumns = []column[unmetered.Zone]{
	{"ID", func(z unmetered.Zone) any { return z.ID }},
	{"NAME", func(z unmetered.Zone) any { return z.Name }},
	{"SERVICE", func(z unmetered.Zone) any { return z.ServiceID }},
}

func zoneFields(z *unmetered.Zone) []field {
	return []field{{"ID", z.ID}, {"Name", z.Name}, {"Service", z.ServiceID}}
}

// joinIDs spells ids for a message: "10, 20".
func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return strings.Join(parts, ", ")
}

func newDNSZoneCreateCmd(a *app) *cobra.Command {
	var service int64
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a zone in one of your DNS services",
		Long: `Create the zone NAME (a domain name, e.g. example.com) in a DNS hosting service and print it
with its id. --service names the service; it may be left out when the account has one DNS
service. A zone the account already has is refused (exit 2).

The creation is sent once: exit code 3 means the zone may exist although the answer was lost,
so check with "unmetered dns zone list" before running the command again.`,
		Example: `  unmetered dns zone create example.com
  unmetered dns zone create example.org --service 10 -o json | jq .id`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, args []string) error {
			name, err := domainName(args[0])
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("service") && service < 1 {
				return usageErrorf("--service %d: a service id from 1 (see 'unmetered dns zone list')", service)
			}
			ov, err := c.DNS.List(ctx)
			if err != nil {
				return err
			}
			for _, z := range ov.Zones {
				if z.Name == name {
					return usageErrorf("the account already has the zone %s (zone %d in service %d); nothing was created", name, z.ID, z.ServiceID)
				}
			}
			switch {
			case service != 0:
				if !slices.Contains(ov.ServiceIDs, service) {
					return usageErrorf("--service %d is not one of your DNS services (%s); nothing was created", service, joinIDs(ov.ServiceIDs))
				}
			case len(ov.ServiceIDs) == 1:
				service = ov.ServiceIDs[0]
			case len(ov.ServiceIDs) == 0:
				return usageErrorf("the account has no DNS hosting service to create the zone in (see 'unmetered product list'); nothing was created")
			default:
				return usageErrorf("the account has %d DNS services (%s): choose one with --service; nothing was created", len(ov.ServiceIDs), joinIDs(ov.ServiceIDs))
			}
			z, err := c.DNS.CreateZone(ctx, service, name)
			if err != nil {
				return sentChange(err)
			}
			return a.printObject(z, zoneFields(z))
		}),
	}
	cmd.Flags().Int64Var(&service, "service", 0, "the DNS service to create the zone in (default: the only one)")
	return cmd
}

func newDNSZoneDeleteCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete ZONE",
		Short: "Delete a zone and all its records",
		Long: `Delete the zone ZONE and every record in it, and print the zone as it was (with -o json, its
records too: keep them to create it again). Deleting asks on a terminal, saying how many records
go, and needs --yes otherwise.`,
		Example: `  unmetered dns zone delete old.example.com
  unmetered dns zone delete old.example.com --yes -o json > old.example.com.json`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			if err := a.refuseUnconfirmed(yes, "delete zone "+args[0]+" and all its records"); err != nil {
				return err
			}
			z, err := a.findZone(ctx, c, args[0], true)
			if err != nil {
				return err
			}
			if err := a.confirm(yes, fmt.Sprintf("delete zone %s (zone %d in service %d) and its %d records", z.Name, z.ID, z.ServiceID, len(z.Records))); err != nil {
				return err
			}
			if err := c.DNS.DeleteZone(ctx, z.ServiceID, z.ID); err != nil {
				return sentChange(err)
			}
			return a.printObject(z, append(zoneFields(z), field{"Records deleted", len(z.Records)}))
		}),
	}
	addYesFlag(cmd, &yes)
	return cmd
}
