package unmetered

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSupportTickets(t *testing.T) {
	t.Parallel()
	list := readFixture(t, "/tickets", "support/tickets.json", func(c *Client) ([]Ticket, error) {
		return c.Support.Tickets(context.Background())
	})
	assert.Equal(t, []Ticket{
		{Number: "736633", Subject: "Lore Ipsum", Status: TicketOpen, Department: "Billing",
			Date: time.Date(2016, 12, 30, 12, 48, 13, 0, time.UTC), ClientRead: true},
		{Number: "736634", Subject: "Server down", Status: TicketAnswered, Department: "Technical",
			Date: time.Date(2017, 1, 2, 8, 0, 1, 0, time.UTC), ClientRead: false},
	}, list)
}

func TestSupportTicket(t *testing.T) {
	t.Parallel()
	tk := readFixture(t, "/tickets/736633", "support/ticket.json", func(c *Client) (*Ticket, error) {
		return c.Support.Ticket(context.Background(), "736633")
	})
	assert.Equal(t, &Ticket{
		Number: "736633", Subject: "Lore Ipsum", Status: TicketAnswered, Department: "Billing",
		Date: time.Date(2016, 12, 30, 12, 48, 13, 0, time.UTC), ClientRead: true,
		Name: "Joe Doe", Email: "joe@example.com",
		Body: "Donec sollicitudin molestie malesuada. \r\nSed porttitor lectus nibh. Vivamus magna justo, \r\n" +
			"lacinia eget consectetur sed, convallis at tellus.",
		Replies: []TicketReply{
			{ID: 929, Name: "Suppport Staff", Date: time.Date(2016, 12, 30, 12, 51, 4, 0, time.UTC),
				Body:   "Vestibulum ac diam sit amet quam \r\nvehicula elementum sed sit amet dui. \r\nPraesent sapien massa\r\n\r\n-- Maecenas efficitur elit est --",
				Status: "Sent", Type: ReplyAdmin},
			{ID: 930, Name: "Joe Doe", Date: time.Date(2016, 12, 30, 13, 2, 0, 0, time.UTC),
				Body: "  Thanks!\r\n", Status: "Sent", Type: ReplyClient},
		},
	}, tk)
}

func TestSupportTicketNumberIsOneSegment(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodGet, "/tickets/..%2Fdetails%3F", 200, "support/ticket.json")

	_, err := env.client.Support.Ticket(context.Background(), "../details?")
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodGet, "/tickets/..%2Fdetails%3F", "")
}

func TestSupportTicketWithoutTicket(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodGet, "/tickets/1", 200, `{"replies":[]}`)

	_, err := env.client.Support.Ticket(context.Background(), "1")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"ticket"`)
}

func TestSupportCreateTicket(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/tickets", 200, "support/ticket_created.json")

	number, err := env.client.Support.CreateTicket(context.Background(),
		CreateTicketRequest{DepartmentID: 2, Subject: "Server down", Body: "It stopped.\r\nPlease look."})
	require.NoError(t, err)

	assertRequest(t, rec.only(t), http.MethodPost, "/tickets",
		`{"dept_id":2,"subject":"Server down","body":"It stopped.\r\nPlease look."}`)
	assert.Equal(t, "865650", number)
}

func TestSupportCreateTicketWithoutNumber(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.on(http.MethodPost, "/tickets", 200, `{}`)

	_, err := env.client.Support.CreateTicket(context.Background(), CreateTicketRequest{DepartmentID: 1, Subject: "s", Body: "b"})
	assert.ErrorContains(t, err, "no ticket number")
}

func TestSupportInvalidArguments(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.onAny()
	ctx, s := context.Background(), env.client.Support
	calls := map[string]error{
		"empty request":     second(s.CreateTicket(ctx, CreateTicketRequest{})),
		"no department":     second(s.CreateTicket(ctx, CreateTicketRequest{Subject: "s", Body: "b"})),
		"negative dept":     second(s.CreateTicket(ctx, CreateTicketRequest{DepartmentID: -1, Subject: "s", Body: "b"})),
		"blank subject":     second(s.CreateTicket(ctx, CreateTicketRequest{DepartmentID: 1, Subject: " ", Body: "b"})),
		"blank body":        second(s.CreateTicket(ctx, CreateTicketRequest{DepartmentID: 1, Subject: "s", Body: "\r\n"})),
		"ticket no number":  second(s.Ticket(ctx, "")),
		"reply no number":   s.Reply(ctx, "", "text"),
		"reply blank":       s.Reply(ctx, "1", "  "),
		"reopen no number":  s.Reopen(ctx, ""),
		"close no number":   s.Close(ctx, ""),
		"attachment number": second(s.Attachment(ctx, "", "file.txt")),
		"attachment file":   second(s.Attachment(ctx, "1", "")),
	}
	for name, err := range calls {
		assert.ErrorIs(t, err, ErrInvalidArgument, name)
	}
	for want, err := range map[string]error{
		"CreateTicket: DepartmentID": calls["no department"],
		"CreateTicket: Subject":      calls["blank subject"],
		"CreateTicket: Body":         calls["blank body"],
		"Reply: the message body":    calls["reply blank"],
	} {
		assert.ErrorContains(t, err, want)
	}
	assert.Equal(t, 0, rec.count(), "nothing sent")
}

// second returns the error of a (value, error) pair.
func second[T any](_ T, err error) error { return err }

func TestSupportReply(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	rec := env.on(http.MethodPost, "/tickets/736633", 200, "support/reply.json")

	err := env.client.Support.Reply(context.Background(), "736633", "Thanks,\r\nJoe")
	require.NoError(t, err)
	assertRequest(t, rec.only(t), http.MethodPost, "/tickets/736633", `{"body":"Thanks,\r\nJoe"}`)
}

func TestSupportSideEffectsNotRetried(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for route, call := range map[string]func(*Client) error{
		"/tickets": func(c *Client) error {
			return second(c.Support.CreateTicket(ctx, CreateTicketRequest{DepartmentID: 1, Subject: "s", Body: "b"}))
		},
		"/tickets/736633": func(c *Client) error { return c.Support.Reply(ctx, "736633", "b") },
	} {
		env := newTestEnv(t)
		rec := env.on(http.MethodPost, route, 503, `{"error":["busy"]}`)
		assert.ErrorIs(t, call(env.client), ErrServer, route)
		assert.Equal(t, 1, rec.count(), "%s is sent once", route)
	}
}

func TestSupportReopenClose(t *testing.T) {
	t.Parallel()
	for action, call := range map[string]func(*SupportService, context.Context, string) error{
		"open":  (*SupportService).Reopen,
		"close": (*SupportService).Close,
	} {
		route := "/tickets/736633/" + action
		env := newTestEnv(t)
		rec := env.on(http.MethodPut, route, 200, "support/status.json")
		require.NoError(t, call(env.client.Support, context.Background(), "736633"), action)
		assertRequest(t, rec.only(t), http.MethodPut, route, "")

		env = newTestEnv(t)
		env.on(http.MethodPut, route, 200, `{"status":false}`)
		err := call(env.client.Support, context.Background(), "736633")
		var apiErr *Error
		require.True(t, errors.As(err, &apiErr), action)
		assert.Equal(t, route, apiErr.Path)
		assert.Contains(t, err.Error(), "status: false")

		// A PUT is retried on a transient failure.
		env = newTestEnv(t)
		rec = env.onFunc(http.MethodPut, route, httpmock.NewStringResponder(503, `{}`).
			Then(httpmock.NewStringResponder(200, `{"status":true}`)))
		require.NoError(t, call(env.client.Support, context.Background(), "736633"), action)
		assert.Equal(t, 2, rec.count())
	}
}

func TestSupportDepartments(t *testing.T) {
	t.Parallel()
	depts := readFixture(t, "/ticket/departments", "support/departments.json", func(c *Client) ([]Department, error) {
		return c.Support.Departments(context.Background())
	})
	assert.Equal(t, []Department{
		{ID: 1, Name: "Billing", Description: "Invoices, payments and refunds"},
		{ID: 2, Name: "Technical"},
	}, depts)
}

// fileResponder answers body with the given headers; a negative length leaves it unknown.
func fileResponder(body string, length int64, header map[string]string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(200, body)
		resp.ContentLength = length
		for k, v := range header {
			resp.Header.Set(k, v)
		}
		return resp, nil
	}
}

func TestSupportAttachment(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	content := "%PDF-1.4 not really a pdf\r\n"
	rec := env.onFunc(http.MethodGet, "/ticket/attachment/report%201%2F2.pdf", fileResponder(content, int64(len(content)),
		map[string]string{"Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="../invoice 7.pdf"`}))

	a, err := env.client.Support.Attachment(context.Background(), "736633", "report 1/2.pdf")
	require.NoError(t, err)
	got, err := io.ReadAll(a.Body)
	require.NoError(t, err)
	require.NoError(t, a.Body.Close())

	req := rec.only(t)
	assertRequest(t, req, http.MethodGet, "/ticket/attachment/report%201%2F2.pdf", "")
	assert.Equal(t, url.Values{"number": {"736633"}}, req.Query)
	assert.Equal(t, "invoice 7.pdf", a.Name, "directory part removed")
	assert.Equal(t, "application/pdf", a.ContentType)
	assert.Equal(t, int64(len(content)), a.Size)
	assert.Equal(t, content, string(got))
}

func TestSupportAttachmentDefaults(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.onFunc(http.MethodGet, "/ticket/attachment/notes.txt", fileResponder("hello", -1, nil))

	a, err := env.client.Support.Attachment(context.Background(), "1", "notes.txt")
	require.NoError(t, err)
	defer a.Body.Close()
	assert.Equal(t, "notes.txt", a.Name, "the requested name without Content-Disposition")
	assert.Equal(t, "", a.ContentType)
	assert.Equal(t, int64(-1), a.Size)
	got, err := io.ReadAll(a.Body)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(got))
}

func TestSupportAttachmentJSON(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t)
	env.onFunc(http.MethodGet, "/ticket/attachment/missing.txt", fileResponder(`{"error":["attachment not found"]}`, -1,
		map[string]string{"Content-Type": "application/json; charset=utf-8"}))
	doc := `{"a":[1,2,3],"error":[]}` + strings.Repeat(" ", 70<<10)
	env.onFunc(http.MethodGet, "/ticket/attachment/data.json", fileResponder(doc, int64(len(doc)),
		map[string]string{"Content-Type": "application/json"}))

	_, err := env.client.Support.Attachment(context.Background(), "1", "missing.txt")
	var apiErr *Error
	require.True(t, errors.As(err, &apiErr), "a 200 error envelope is an error: %v", err)
	assert.Equal(t, []string{"attachment not found"}, apiErr.Messages)
	assert.Equal(t, "/ticket/attachment/missing.txt", apiErr.Path)

	a, err := env.client.Support.Attachment(context.Background(), "1", "data.json")
	require.NoError(t, err, "a JSON file is returned whole")
	got, err := io.ReadAll(a.Body)
	require.NoError(t, err)
	require.NoError(t, a.Body.Close())
	assert.Equal(t, doc, string(got))
}

func TestSupportErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	assertReadErrors(t, map[string]func(*Client) error{
		"/tickets":            func(c *Client) error { return second(c.Support.Tickets(ctx)) },
		"/tickets/9":          func(c *Client) error { return second(c.Support.Ticket(ctx, "9")) },
		"/ticket/departments": func(c *Client) error { return second(c.Support.Departments(ctx)) },
		"/ticket/attachment/a.txt": func(c *Client) error {
			a, err := c.Support.Attachment(ctx, "9", "a.txt")
			if err == nil {
				a.Body.Close()
			}
			return err
		},
	})
}
