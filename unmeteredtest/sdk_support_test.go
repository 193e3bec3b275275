package unmeteredtest

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	unmetered "github.com/unmetered/unmetered-go"
)

func TestSDKSupportRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t, WithClock(fixedClock)))

	depts, err := c.Support.Departments(ctx)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.Department{
		{ID: 1, Name: "Billing", Description: "Invoices, payments and refunds"},
		{ID: 2, Name: "Technical Support", Description: "Servers, DNS and everything that runs"},
	}, depts)

	tickets, err := c.Support.Tickets(ctx)
	require.NoError(t, err)
	assert.Equal(t, []unmetered.Ticket{
		{Number: "736633", Subject: "Lore Ipsum", Status: unmetered.TicketAnswered, Department: "Billing",
			Date: seedNow.Add(-5 * 24 * time.Hour), ClientRead: true},
		{Number: "736634", Subject: "Cannot reach the VPS console", Status: unmetered.TicketClosed,
			Department: "Technical Support", Date: seedNow.Add(-3 * 24 * time.Hour), ClientRead: true},
	}, tickets, "the list carries no messages; dates are relative to the server's clock")

	tk, err := c.Support.Ticket(ctx, "736633")
	require.NoError(t, err)
	assert.Equal(t, "Joe Doe", tk.Name)
	assert.Equal(t, "joe@example.com", tk.Email)
	assert.Equal(t, "Donec sollicitudin molestie malesuada. \r\nSed porttitor lectus nibh. Vivamus magna justo, \r\nlacinia eget consectetur sed, convallis at tellus.",
		tk.Body, "verbatim, line breaks as sent")
	require.Len(t, tk.Replies, 1)
	assert.Equal(t, unmetered.TicketReply{
		ID: 929, Name: "Support Staff", Status: "Sent", Type: unmetered.ReplyAdmin,
		Date: seedNow.Add(-5*24*time.Hour + 3*time.Minute),
		Body: "Vestibulum ac diam sit amet quam \r\nvehicula elementum sed sit amet dui. \r\nPraesent sapien massa\r\n\r\n-- Maecenas efficitur elit est --",
	}, tk.Replies[0])

	_, err = c.Support.Ticket(ctx, "1")
	require.ErrorIs(t, err, unmetered.ErrNotFound)
}

func TestSDKSupportTicketLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))
	ticket := func(number string) *unmetered.Ticket {
		t.Helper()
		tk, err := c.Support.Ticket(ctx, number)
		require.NoError(t, err)
		return tk
	}

	body := "The disk of vps.example.com is full.\r\nCan you help?"
	number, err := c.Support.CreateTicket(ctx, unmetered.CreateTicketRequest{DepartmentID: 2, Subject: "Disk full", Body: body})
	require.NoError(t, err)
	assert.Equal(t, "865650", number, "sent as a number, read as its text")
	tickets, err := c.Support.Tickets(ctx)
	require.NoError(t, err)
	require.Len(t, tickets, 3)
	assert.Equal(t, number, tickets[2].Number)
	assert.Equal(t, "Disk full", tickets[2].Subject)
	assert.Equal(t, unmetered.TicketOpen, tickets[2].Status)
	assert.Equal(t, "Technical Support", tickets[2].Department)
	assert.WithinDuration(t, time.Now(), tickets[2].Date, time.Minute)
	tk := ticket(number)
	assert.Equal(t, body, tk.Body)
	assert.Equal(t, "Joe Doe", tk.Name)
	assert.Empty(t, tk.Replies)

	require.NoError(t, c.Support.Reply(ctx, number, "Any news?\r\n-- Joe"))
	tk = ticket(number)
	assert.Equal(t, unmetered.TicketClientReply, tk.Status)
	require.Len(t, tk.Replies, 1)
	assert.Equal(t, "Any news?\r\n-- Joe", tk.Replies[0].Body)
	assert.Equal(t, unmetered.ReplyClient, tk.Replies[0].Type)
	assert.Equal(t, "Joe Doe", tk.Replies[0].Name)
	assert.Equal(t, int64(931), tk.Replies[0].ID, "after the seeded replies 929 and 930")
	require.NoError(t, c.Support.Reply(ctx, "736633", "Thanks!"))
	tk = ticket("736633")
	require.Len(t, tk.Replies, 2)
	assert.Equal(t, []unmetered.ReplyType{unmetered.ReplyAdmin, unmetered.ReplyClient}, []unmetered.ReplyType{tk.Replies[0].Type, tk.Replies[1].Type}, "oldest first")
	assert.Equal(t, "Thanks!", tk.Replies[1].Body)

	require.NoError(t, c.Support.Close(ctx, number))
	assert.Equal(t, unmetered.TicketClosed, ticket(number).Status)
	require.NoError(t, c.Support.Reopen(ctx, number))
	assert.Equal(t, unmetered.TicketOpen, ticket(number).Status)
	require.NoError(t, c.Support.Reopen(ctx, "736634"))
	assert.Equal(t, unmetered.TicketOpen, ticket("736634").Status, "the seeded closed ticket")

	_, err = c.Support.CreateTicket(ctx, unmetered.CreateTicketRequest{DepartmentID: 9, Subject: "x", Body: "y"})
	assert.Equal(t, []string{"dept_id must be one of the departments of GET /ticket/departments"}, requireAPIError(t, err, 400))
	require.ErrorIs(t, c.Support.Reply(ctx, "1", "x"), unmetered.ErrNotFound)
	require.ErrorIs(t, c.Support.Close(ctx, "1"), unmetered.ErrNotFound)
	tickets, err = c.Support.Tickets(ctx)
	require.NoError(t, err)
	assert.Len(t, tickets, 3, "refused requests create nothing")
}

func TestSDKSupportAttachment(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := sdkClient(t, NewTestServer(t))

	a, err := c.Support.Attachment(ctx, "736633", "7f3a9c1e")
	require.NoError(t, err)
	got, err := io.ReadAll(a.Body)
	require.NoError(t, err)
	require.NoError(t, a.Body.Close())
	want, err := base64.StdEncoding.DecodeString(bandwidthPNG)
	require.NoError(t, err)
	assert.Equal(t, want, got, "the seeded attachment's bytes")
	assert.Equal(t, "screenshot.png", a.Name, "from Content-Disposition")
	assert.Equal(t, "image/png", a.ContentType)
	assert.Equal(t, int64(len(want)), a.Size)

	_, err = c.Support.Attachment(ctx, "736634", "7f3a9c1e")
	require.ErrorIs(t, err, unmetered.ErrNotFound, "the file belongs to another ticket")
	_, err = c.Support.Attachment(ctx, "736633", "nope")
	require.ErrorIs(t, err, unmetered.ErrNotFound)
}

// TestRawSupportRefusals checks what the fake refuses that the SDK never sends: a ticket without
// subject or body, a blank reply, an attachment asked for without its ticket number.
func TestRawSupportRefusals(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)

	resp := send(t, srv, "POST", "/tickets", obj{"dept_id": 9})
	assert.Equal(t, http.StatusBadRequest, resp.Status)
	assert.Equal(t, []any{"dept_id must be one of the departments of GET /ticket/departments", "subject is required", "body is required"},
		resp.JSON(t)["error"])
	assert.Equal(t, http.StatusBadRequest, send(t, srv, "POST", "/tickets/736633", obj{"body": " "}).Status)
	assert.Equal(t, http.StatusNotFound, send(t, srv, "POST", "/tickets/736633/x", obj{"body": "x"}).Status)

	file := send(t, srv, "GET", "/ticket/attachment/7f3a9c1e", nil)
	assert.Equal(t, http.StatusOK, file.Status, "the number is optional")
	assert.Equal(t, `attachment; filename=screenshot.png`, file.Header.Get("Content-Disposition"))
	assert.Equal(t, http.StatusBadRequest, send(t, srv, "GET", "/ticket/attachment/7f3a9c1e?number=x", nil).Status)
}
