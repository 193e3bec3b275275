package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// Shell completion of the names on the account: "unmetered dns record list <Tab>" offers the
// zones, "unmetered invoice pay <Tab>" the unpaid invoices. A completion runs in the shell's
// foreground, so it never asks anything, never prints an error (no credentials, no network:
// no suggestions), gives up after completionTimeout, and reuses what it fetched for
// completionTTL.
const (
	// completionTTL is how long the names fetched for a completion are reused: pressing Tab
	// again, or completing the next command line of a session, asks the portal nothing. It is
	// short so that a zone, invoice or ticket created a minute ago completes, and a cached
	// list never stands for the account for long.
	completionTTL = time.Minute
	// completionTimeout bounds the requests of a completion (a JWT login and the list): the
	// shell waits for them.
	completionTimeout = 3 * time.Second
)

// argKind is what a command's positional argument names, for completion.
type argKind int

const (
	argOther         argKind = iota // not completed, and no file names either
	argFile                         // a local file: the shell completes it
	argOnOff                        // on or off
	argZone                         // a DNS zone's name
	argDomain                       // a domain registration: its name, or its id if several share the name
	argService                      // a service's id
	argInvoice                      // an invoice's id
	argUnpaidInvoice                // an unpaid invoice's id
	argTicket                       // a ticket's number
	argOpenTicket                   // the number of a ticket that is not closed
	argClosedTicket                 // the number of a closed ticket
)

// liveArgs are the positional arguments that complete from the account, by command (its path
// below "unmetered"). TestLiveArgsCoverTheCommands keeps it complete.
var liveArgs = map[string][]argKind{
	"dns apply":                  {argZone, argFile},
	"dns zone delete":            {argZone},
	"dns export":                 {argZone},
	"dns record list":            {argZone},
	"dns record add":             {argZone},
	"dns record update":          {argZone},
	"dns record delete":          {argZone},
	"domain show":                {argDomain},
	"domain renew":               {argDomain},
	"domain nameservers show":    {argDomain},
	"domain nameservers set":     {argDomain},
	"domain autorenew":           {argDomain, argOnOff},
	"domain lock":                {argDomain, argOnOff},
	"domain dns list":            {argDomain},
	"domain dns add":             {argDomain},
	"domain dns update":          {argDomain},
	"domain dns delete":          {argDomain},
	"service show":               {argService},
	"service bandwidth":          {argService},
	"service cancel":             {argService},
	"service upgrade":            {argService},
	"service label show":         {argService},
	"service label set":          {argService},
	"service rdns show":          {argService},
	"service rdns set":           {argService},
	"invoice show":               {argInvoice},
	"invoice pay":                {argUnpaidInvoice},
	"ticket show":                {argTicket},
	"ticket reply":               {argTicket},
	"ticket close":               {argOpenTicket},
	"ticket reopen":              {argClosedTicket},
	"ticket attachment download": {argTicket},
}

// addLiveCompletions gives the commands of liveArgs their argument completion, and every other
// command that completes no arguments of its own none, not the shell's file names: its
// arguments name things on the account (a certificate, a contact, a product) or are free text
// (an FQDN, an API path), and most commands take none.
func addLiveCompletions(a *app, root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		kinds, live := liveArgs[strings.TrimPrefix(c.CommandPath(), root.Name()+" ")]
		if !live && c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 {
			c.ValidArgsFunction = cobra.NoFileCompletions
		}
		if live {
			c.ValidArgs = nil // cobra would offer them instead of calling the function
			c.ValidArgsFunction = func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
				kind := argOther
				if len(args) < len(kinds) {
					kind = kinds[len(args)]
				}
				return a.completeArg(kind, toComplete)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// completion is one suggestion: the value, what the shell shows beside it, and a tag that
// selects it (an invoice's or ticket's status).
type completion struct {
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
	Tag         string `json:"tag,omitempty"`
}

// completeArg returns the suggestions for an argument of the kind, those starting with
// toComplete (in any case).
func (a *app) completeArg(kind argKind, toComplete string) ([]string, cobra.ShellCompDirective) {
	switch kind {
	case argFile:
		return nil, cobra.ShellCompDirectiveDefault
	case argOnOff:
		return []string{"on", "off"}, cobra.ShellCompDirectiveNoFileComp
	case argOther:
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var keep func(completion) bool
	source := map[argKind]string{argZone: "zones", argDomain: "domains", argService: "services"}[kind]
	switch kind {
	case argInvoice, argUnpaidInvoice:
		source = "invoices"
		if kind == argUnpaidInvoice {
			keep = func(c completion) bool { return c.Tag == string(unmetered.InvoiceUnpaid) }
		}
	case argTicket, argOpenTicket, argClosedTicket:
		source = "tickets"
		closed := string(unmetered.TicketClosed)
		switch kind {
		case argOpenTicket:
			keep = func(c completion) bool { return c.Tag != closed }
		case argClosedTicket:
			keep = func(c completion) bool { return c.Tag == closed }
		}
	}
	var out []string
	for _, c := range a.liveNames(source) {
		if (keep == nil || keep(c)) && strings.HasPrefix(strings.ToLower(c.Value), strings.ToLower(toComplete)) {
			s := c.Value
			if c.Description != "" {
				s += "\t" + c.Description
			}
			out = append(out, s)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completionCache is a cached list of suggestions, in <cache dir>/unmetered/completion/. It
// holds names, ids, statuses and subjects, never a credential.
type completionCache struct {
	Saved time.Time    `json:"saved"`
	Items []completion `json:"items"`
}

// liveNames returns the suggestions of the source ("zones", "domains", ...) for the account
// the command line would use: cached ones younger than completionTTL, else fresh ones from
// the portal (then cached). Any failure, from missing credentials to a timeout, is no
// suggestions.
func (a *app) liveNames(source string) []completion {
	cr, err := a.resolveCredentials()
	if err != nil {
		return nil
	}
	path, pathErr := a.completionFile(cr.cacheKey, source)
	if pathErr == nil {
		if b, err := os.ReadFile(path); err == nil {
			var cc completionCache
			if json.Unmarshal(b, &cc) == nil {
				if age := a.now().Sub(cc.Saved); age >= 0 && age < completionTTL {
					return cc.Items
				}
			}
		}
	}
	c, err := a.apiClientFor(cr)
	if err != nil {
		return nil
	}
	ctx := a.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	timeout := a.completionTimeout
	if timeout <= 0 {
		timeout = completionTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	items, err := fetchNames(ctx, c, source)
	if err != nil {
		a.log().Debug("unmetered: completion", "source", source, "error", err)
		return nil
	}
	if pathErr == nil {
		if b, err := json.Marshal(completionCache{Saved: a.now(), Items: items}); err == nil {
			_ = writePrivate(path, b) // a completion that cannot be cached still completes
		}
	}
	return items
}

// completionFile is where the suggestions of source for the account cacheKey are cached.
func (a *app) completionFile(cacheKey, source string) (string, error) {
	dir, err := appDir(a.cacheDir, "completion")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, cacheKey+"."+source+".json"), nil
}

// fetchNames asks the portal for the suggestions of source.
func fetchNames(ctx context.Context, c *unmetered.Client, source string) ([]completion, error) {
	var out []completion
	switch source {
	case "zones":
		ov, err := c.DNS.List(ctx)
		if err != nil {
			return nil, err
		}
		for _, z := range ov.Zones {
			out = append(out, completion{Value: z.Name, Description: fmt.Sprintf("zone %d of service %d", z.ID, z.ServiceID)})
		}
	case "domains":
		list, err := c.Domains.List(ctx)
		if err != nil {
			return nil, err
		}
		// A name complete when one registration has it; when several have it (an expired one
		// and its successor), the name would be refused: complete their ids.
		count := map[string]int{}
		for _, d := range list {
			count[strings.ToLower(d.Name)]++
		}
		for _, d := range list {
			about := describe(string(d.Status), "expires "+cell(d.Expires))
			if count[strings.ToLower(d.Name)] == 1 {
				out = append(out, completion{Value: d.Name, Description: about})
			} else {
				out = append(out, completion{Value: strconv.FormatInt(d.ID, 10), Description: d.Name + ", " + about})
			}
		}
	case "services":
		list, err := c.Services.List(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			out = append(out, completion{Value: strconv.FormatInt(s.ID, 10), Description: describe(s.Domain, s.Name, string(s.Status))})
		}
	case "invoices":
		list, err := c.Billing.Invoices(ctx)
		if err != nil {
			return nil, err
		}
		for _, inv := range list {
			out = append(out, completion{Value: strconv.FormatInt(inv.ID, 10), Tag: string(inv.Status),
				Description: describe(string(inv.Status), strings.TrimSpace(cell(inv.Total)+" "+inv.Currency), "due "+cell(inv.DueDate))})
		}
	case "tickets":
		list, err := c.Support.Tickets(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range list {
			out = append(out, completion{Value: t.Number, Tag: string(t.Status), Description: describe(t.Subject, string(t.Status))})
		}
	default:
		return nil, errors.New("no such completion source: " + source)
	}
	return out, nil
}

// describe joins the non-empty parts of a suggestion's description, one line without tabs.
func describe(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(sanitize(p)); p != "" && p != "due" && p != "expires" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ", ")
}
