package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// ticketStatuses are the values of "ticket list --status".
var ticketStatuses = []unmetered.TicketStatus{
	unmetered.TicketOpen, unmetered.TicketAnswered, unmetered.TicketClientReply,
	unmetered.TicketInProgress, unmetered.TicketClosed,
}

var departmentColumns = []column[unmetered.Department]{
	{"ID", func(d unmetered.Department) any { return d.ID }},
	{"NAME", func(d unmetered.Department) any { return d.Name }},
	{"DESCRIPTION", func(d unmetered.Department) any { return d.Description }},
}

func newTicketCmd(a *app) *cobra.Command {
	cmd := group(a, "ticket", "Support tickets: list, show, create, reply, close, attachments")
	attachment := group(a, "attachment", "Ticket attachments")
	attachment.AddCommand(newTicketAttachmentDownloadCmd(a))
	department := group(a, "department", "Support departments, which ticket create takes")
	department.AddCommand(listCommand(a, &cobra.Command{
		Use:     "list",
		Short:   "List the support departments",
		Example: "  unmetered ticket department list",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			list, err := c.Support.Departments(ctx)
			if err != nil {
				return err
			}
			return printList(a, list, departmentColumns)
		}),
	}, departmentColumns))
	cmd.AddCommand(newTicketListCmd(a), newTicketShowCmd(a), newTicketCreateCmd(a), newTicketReplyCmd(a),
		newTicketStateCmd(a, "close", "Close a ticket", (*unmetered.SupportService).Close, "Closed"),
		newTicketStateCmd(a, "reopen", "Open a closed ticket again", (*unmetered.SupportService).Reopen, "Reopened"),
		attachment, department)
	return cmd
}

var ticketColumns = []column[unmetered.Ticket]{
	{"NUMBER", func(t unmetered.Ticket) any { return t.Number }},
	{"STATUS", func(t unmetered.Ticket) any { return t.Status }},
	{"DEPARTMENT", func(t unmetered.Ticket) any { return t.Department }},
	{"DATE", func(t unmetered.Ticket) any { return t.Date }},
	{"SUBJECT", func(t unmetered.Ticket) any { return t.Subject }},
}

func newTicketListCmd(a *app) *cobra.Command {
	var status string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List your tickets",
		Example: "  unmetered ticket list\n  unmetered ticket list --status Answered -o json | jq -r '.[].number'",
		Args:    cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			var want unmetered.TicketStatus
			if status != "" {
				var err error
				if want, err = parseEnum("--status", status, ticketStatuses); err != nil {
					return err
				}
			}
			list, err := c.Support.Tickets(ctx)
			if err != nil {
				return err
			}
			if want != "" {
				list = filter(list, func(t unmetered.Ticket) bool { return t.Status == want })
			}
			return printList(a, list, ticketColumns)
		}),
	}
	cmd.Flags().StringVar(&status, "status", "", "only tickets with this status: "+enumList(ticketStatuses))
	_ = cmd.RegisterFlagCompletionFunc("status", enumCompletion(ticketStatuses))
	return listCommand(a, cmd, ticketColumns)
}

func newTicketShowCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "show NUMBER",
		Short:   "Show a ticket with its messages",
		Example: "  unmetered ticket show 736633",
		Args:    cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			t, err := c.Support.Ticket(ctx, args[0])
			if err != nil {
				return err
			}
			if err := a.printObject(t, []field{
				{"Number", t.Number},
				{"Subject", t.Subject},
				{"Status", t.Status},
				{"Department", t.Department},
				{"Opened", t.Date},
				{"By", fmt.Sprintf("%s <%s>", t.Name, t.Email)},
			}); err != nil || a.structured() {
				return err
			}
			fmt.Fprintf(a.out, "\n%s\n", messageText(t.Body))
			for _, r := range t.Replies {
				fmt.Fprintf(a.out, "\n--- %s (%s), %s\n%s\n", cell(r.Name), cell(r.Type), cell(r.Date), messageText(r.Body))
			}
			return nil
		}),
	}
}

// messageText prepares a message body for the terminal: "\r\n" line breaks become "\n", and
// control characters other than line breaks and tabs (a server's terminal escapes) spaces.
func messageText(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}

// ticketResult is what the commands that change a ticket print.
type ticketResult struct {
	Number string `json:"number"`
}

// addBodyFlags adds --body and --body-file, the message of ticket create and reply.
func addBodyFlags(cmd *cobra.Command, body, bodyFile *string) {
	cmd.Flags().StringVar(body, "body", "", "the message")
	cmd.Flags().StringVar(bodyFile, "body-file", "", `read the message from this file ("-": stdin)`)
	cmd.MarkFlagsMutuallyExclusive("body", "body-file")
	cmd.MarkFlagsOneRequired("body", "body-file")
}

// messageBody returns the message given by --body or --body-file; it must not be blank.
func (a *app) messageBody(body, bodyFile string) (string, error) {
	if bodyFile != "" {
		b, err := a.readInput("--body-file", bodyFile, false)
		if err != nil {
			return "", err
		}
		body = string(b)
	}
	if strings.TrimSpace(body) == "" {
		return "", usageErrorf("the message is empty")
	}
	return body, nil
}

func newTicketCreateCmd(a *app) *cobra.Command {
	var department, subject, body, bodyFile string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Open a ticket",
		Long: `Open a support ticket in a department: --department takes its name (in any case) or its id,
as "unmetered ticket department list" shows them.

The ticket is sent once: exit code 3 means it may have been opened although the answer was lost,
so check with "unmetered ticket list" before running the command again.`,
		Example: `  unmetered ticket create --department billing --subject "Invoice 308977" --body "Please split it."
  unmetered ticket create --department 2 --subject "VPS console" --body "The console times out."
  journalctl -u app --since today | unmetered ticket create --department "Technical Support" --subject "App logs" --body-file -`,
		Args: cobra.NoArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, _ []string) error {
			if strings.TrimSpace(department) == "" {
				return usageErrorf("--department is empty: give a department's name or id (see 'unmetered ticket department list')")
			}
			if strings.TrimSpace(subject) == "" {
				return usageErrorf("--subject is empty")
			}
			text, err := a.messageBody(body, bodyFile)
			if err != nil {
				return err
			}
			id, err := departmentID(ctx, c, department)
			if err != nil {
				return err
			}
			number, err := c.Support.CreateTicket(ctx, unmetered.CreateTicketRequest{DepartmentID: id, Subject: subject, Body: text})
			if err != nil {
				return sentChange(err)
			}
			return a.printObject(ticketResult{Number: number}, []field{{"Opened ticket", number}})
		}),
	}
	cmd.Flags().StringVar(&department, "department", "", "the department's name or id (required)")
	cmd.Flags().StringVar(&subject, "subject", "", "the ticket's subject (required)")
	addBodyFlags(cmd, &body, &bodyFile)
	_ = cmd.MarkFlagRequired("department")
	_ = cmd.MarkFlagRequired("subject")
	return cmd
}

// departmentID resolves --department: a whole number is an id, sent as it is (the portal
// knows its departments); anything else a department's name, compared without case and outer
// spaces against Support.Departments. A name no department has is a usage error (exit 2, no
// ticket opened) that lists them.
func departmentID(ctx context.Context, c *unmetered.Client, arg string) (int64, error) {
	arg = strings.TrimSpace(arg)
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		if id < 1 {
			return 0, usageErrorf("--department %d: an id is a whole number from 1 (see 'unmetered ticket department list')", id)
		}
		return id, nil
	}
	list, err := c.Support.Departments(ctx)
	if err != nil {
		return 0, err
	}
	names := make([]string, len(list))
	for i, d := range list {
		if strings.EqualFold(strings.TrimSpace(d.Name), arg) {
			return d.ID, nil
		}
		names[i] = fmt.Sprintf("%d %s", d.ID, d.Name)
	}
	return 0, usageErrorf("--department %q: no department has that name; the departments are %s; no ticket was opened", arg, strings.Join(names, ", "))
}

func newTicketReplyCmd(a *app) *cobra.Command {
	var body, bodyFile string
	cmd := &cobra.Command{
		Use:   "reply NUMBER",
		Short: "Reply to a ticket",
		Long: `Reply to a ticket. The reply is sent once: exit code 3 means it may have been posted although
the answer was lost, so check with "unmetered ticket show NUMBER" before running the command again.`,
		Example: `  unmetered ticket reply 736633 --body "Thanks, it works now."
  unmetered ticket reply 736633 --body-file reply.txt`,
		Args: cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			text, err := a.messageBody(body, bodyFile)
			if err != nil {
				return err
			}
			if err := c.Support.Reply(ctx, args[0], text); err != nil {
				return sentChange(err)
			}
			return a.printObject(ticketResult{Number: args[0]}, []field{{"Replied to ticket", args[0]}})
		}),
	}
	addBodyFlags(cmd, &body, &bodyFile)
	return cmd
}

// newTicketStateCmd is "ticket close" or "ticket reopen".
func newTicketStateCmd(a *app, use, short string, change func(*unmetered.SupportService, context.Context, string) error, done string) *cobra.Command {
	return &cobra.Command{
		Use:     use + " NUMBER",
		Short:   short,
		Example: "  unmetered ticket " + use + " 736633",
		Args:    cobra.ExactArgs(1),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			if err := change(c.Support, ctx, args[0]); err != nil {
				return sentChange(err)
			}
			return a.printObject(ticketResult{Number: args[0]}, []field{{done + " ticket", args[0]}})
		}),
	}
}

func newTicketAttachmentDownloadCmd(a *app) *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "download NUMBER FILE",
		Short: "Download a ticket's attachment",
		Long: `Download the attachment FILE (its name as the ticket shows it) of ticket NUMBER, streamed to
stdout or, with --file, to a file (written whole or not at all). With --file, -o json describes
what was written.`,
		Example: `  unmetered ticket attachment download 736633 7f3a9c1e > screenshot.png
  unmetered ticket attachment download 736633 7f3a9c1e --file screenshot.png -o json`,
		Args: cobra.ExactArgs(2),
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			if err := a.checkDownloadOutput(path); err != nil {
				return err
			}
			att, err := c.Support.Attachment(ctx, args[0], args[1])
			if err != nil {
				return err
			}
			defer att.Body.Close()
			return a.writeOrStream(path, att.Body, download{Name: att.Name, ContentType: att.ContentType})
		}),
	}
	cmd.Flags().StringVar(&path, "file", "", "write to this file instead of stdout")
	return cmd
}
