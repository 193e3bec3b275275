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
	var list []struct {
		ID          unmetered.Int `json:"id"`
		Name        string        `json:"name"`
		Description string        `json:"description"`
	}
	require.NoError(t, depts.Decode("departments", &list))
	require.Len(t, list, 2)
	assert.Equal(t, unmetered.Int(2), list[1].ID)
	assert.Equal(t, "Technical Support", list[1].Name)

	tickets, err := c.Support.Tickets(ctx)
	require.NoError(t, err)
	require.Len(t, tickets, 2)
	first := tickets[0]
	assert.Equal(t, unmetered.Text("736633"), first.Number)
	assert.Equal(t, "Lore Ipsum", first.Subject)
	assert.Equal(t, "Answered", first.Status)
	assert.Equal(t, "Billing", first.Department)
	assert.Equal(t, "2025-03-10 09:30:00", first.Date.String(), "five days before the server's clock")
	assert.True(t, bool(first.ClientRead))
	assert.Empty(t, first.Body, "the list carries no messages")
	assert.Equal(t, "Closed", tickets[1].Status)

	tk, err := c.Support.Ticket(ctx, "736633")
	require.NoError(t, err)
	assert.Equal(t, "Joe Doe", tk.Name)
	assert.Equal(t, "joe@example.com", tk.Email)
	assert.Equal(t, "Donec sollicitudin molestie malesuada. \r\nSed porttitor lectus nibh. Vivamus magna justo, \r\nlacinia eget consectetur sed, convallis at tellus.",
		tk.Body, "verbatim, line breaks as sent")
	require.Len(t, tk.Replies, 1)
	assert.Equal(t, unmetered.TicketReply{
		ID: 929, Name: "Support Staff", Status: "Sent", Type: "Admin",
		Date: unmetered.Time{Time: time.Date(2025, 3, 10, 9, 33, 0, 0, time.UTC)},
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
	number, err := c.Support.CreateTicket(ctx, &unmetered.NewTicket{DepartmentID: 2, Subject: "Disk full", Body: body})
	require.NoError(t, err)
	assert.Equal(t, "865650", number, "sent as a number, read as its text")
	tickets, err := c.Support.Tickets(ctx)
	require.NoError(t, err)
	require.Len(t, tickets, 3)
	assert.Equal(t, unmetered.Text(number), tickets[2].Number)
	assert.Equal(t, "Disk full", tickets[2].Subject)
	assert.Equal(t, "Open", tickets[2].Status)
	assert.Equal(t, "Technical Support", tickets[2].Department)
	assert.WithinDuration(t, time.Now(), tickets[2].Date.Time, time.Minute)
	tk := ticket(number)
	assert.Equal(t, body, tk.Body)
	assert.Equal(t, "Joe Doe", tk.Name)
	assert.Empty(t, tk.Replies)

	require.NoError(t, c.Support.Reply(ctx, number, "Any news?\r\n-- Joe"))
	tk = ticket(number)
	assert.Equal(t, "Client-Reply", tk.Status)
	require.Len(t, tk.Replies, 1)
	assert.Equal(t, "Any news?\r\n-- Joe", tk.Replies[0].Body)
	assert.Equal(t, "Client", tk.Replies[0].Type)
	assert.Equal(t, "Joe Doe", tk.Replies[0].Name)
	assert.Equal(t, unmetered.Int(931), tk.Replies[0].ID, "after the seeded replies 929 and 930")
	require.NoError(t, c.Support.Reply(ctx, "736633", "Thanks!"))
	tk = ticket("736633")
	require.Len(t, tk.Replies, 2)
	assert.Equal(t, []string{"Admin", "Client"}, []string{tk.Replies[0].Type, tk.Replies[1].Type}, "oldest first")
	assert.Equal(t, "Thanks!", tk.Replies[1].Body)

	require.NoError(t, c.Support.Close(ctx, number))
	assert.Equal(t, "Closed", ticket(number).Status)
	require.NoError(t, c.Support.Reopen(ctx, number))
	assert.Equal(t, "Open", ticket(number).Status)
	require.NoError(t, c.Support.Reopen(ctx, "736634"))
	assert.Equal(t, "Open", ticket("736634").Status, "the seeded closed ticket")

	_, err = c.Support.CreateTicket(ctx, &unmetered.NewTicket{DepartmentID: 9, Subject: "x", Body: "y"})
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
