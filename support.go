package unmetered

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// SupportService covers the API's "Support" section: support tickets, their replies and
// attachments, and the ticket departments. Reach it as Client.Support.
//
// Ticket numbers are strings (HostBill's are digits, e.g. "736633"); any value is escaped as one
// path segment, and an empty number is refused before anything is sent.
type SupportService service

// TicketStatus is a ticket's status as HostBill names it. The server may send values not listed
// here; the field then holds them as sent.
type TicketStatus string

// The ticket statuses of HostBill (the reference's examples show Open and Answered).
const (
	// TicketOpen: waiting for staff (new, or re-opened).
	TicketOpen TicketStatus = "Open"
	// TicketAnswered: staff replied; waiting for the client.
	TicketAnswered TicketStatus = "Answered"
	// TicketClientReply: the client replied; waiting for staff.
	TicketClientReply TicketStatus = "Client-Reply"
	// TicketInProgress: staff is working on it.
	TicketInProgress TicketStatus = "In-Progress"
	// TicketClosed: resolved; Reopen opens it again.
	TicketClosed TicketStatus = "Closed"
)

// ReplyType is who wrote a ticket reply. The server may send values not listed here; the field
// then holds them as sent.
type ReplyType string

// The authors of ticket replies.
const (
	ReplyAdmin  ReplyType = "Admin"  // staff
	ReplyClient ReplyType = "Client" // the account or one of its contacts
)

// Ticket is a support ticket. Tickets (the list) fills Number, Subject, Status, Department, Date
// and ClientRead; Ticket (one ticket) fills every field, Replies included.
type Ticket struct {
	// Number identifies the ticket in the other Support methods.
	Number  string       `json:"number"`
	Subject string       `json:"subject"`
	Status  TicketStatus `json:"status"`
	// Department is the name of the department handling the ticket.
	Department string `json:"department"`
	// Date is when the ticket was opened.
	Date time.Time `json:"date,omitzero"`
	// ClientRead reports whether the account has read the ticket's latest message.
	ClientRead bool `json:"client_read"`
	// Name and Email identify who opened the ticket (Ticket only).
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	// Body is the opening message, verbatim (line breaks as sent, often "\r\n") (Ticket only).
	Body string `json:"body,omitempty"`
	// Replies are the ticket's replies, oldest first (Ticket only).
	Replies []TicketReply `json:"replies,omitempty"`
}

// TicketReply is one reply on a ticket.
type TicketReply struct {
	ID int64 `json:"id"`
	// Name is the author's name; Type says whether staff or the client wrote it.
	Name string    `json:"name"`
	Type ReplyType `json:"type"`
	Date time.Time `json:"date,omitzero"`
	// Body is the reply's text, verbatim (line breaks as sent, often "\r\n").
	Body string `json:"body"`
	// Status is the reply's delivery status as the server names it, e.g. "Sent".
	Status string `json:"status"`
}

// Tickets lists the account's support tickets (GET /tickets), without their messages.
func (s *SupportService) Tickets(ctx context.Context) ([]Ticket, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/tickets"), "tickets", (*ticketWire).public)
}

// Ticket returns one ticket with its opening message and all its replies
// (GET /tickets/@number). An unknown number is an error matching ErrNotFound.
func (s *SupportService) Ticket(ctx context.Context, number string) (*Ticket, error) {
	rt, err := newRoute(http.MethodGet, "/tickets/@number", number)
	if err != nil {
		return nil, err
	}
	var out struct {
		Ticket  *ticketWire                `json:"ticket"`
		Replies looseList[ticketReplyWire] `json:"replies"`
	}
	if err := s.client.do(ctx, rt, nil, &out); err != nil {
		return nil, err
	}
	w, err := required(out.Ticket, rt, "ticket")
	if err != nil {
		return nil, err
	}
	if len(out.Replies) > 0 {
		w.Replies = out.Replies
	}
	t := w.public()
	return &t, nil
}

// CreateTicketRequest is the request of CreateTicket. Every field is required.
type CreateTicketRequest struct {
	// DepartmentID is the id of the department to open the ticket in (see Departments).
	DepartmentID int64
	Subject      string
	// Body is the message; it is sent verbatim.
	Body string
}

// CreateTicket opens a support ticket (POST /tickets) and returns its number. It refuses, before
// sending anything, a department id below 1 and a blank subject or body.
//
// It is never sent twice: a failure after the request may have reached the server is returned,
// not retried; when MaybeApplied(err) is true, check Tickets before trying again.
func (s *SupportService) CreateTicket(ctx context.Context, req CreateTicketRequest) (string, error) {
	switch {
	case req.DepartmentID <= 0:
		return "", fmt.Errorf("%w: CreateTicket: DepartmentID must be a department id (see Departments), got %d",
			ErrInvalidArgument, req.DepartmentID)
	case strings.TrimSpace(req.Subject) == "":
		return "", fmt.Errorf("%w: CreateTicket: Subject is required", ErrInvalidArgument)
	case strings.TrimSpace(req.Body) == "":
		return "", fmt.Errorf("%w: CreateTicket: Body is required", ErrInvalidArgument)
	}
	body := struct {
		DepartmentID int64  `json:"dept_id"`
		Subject      string `json:"subject"`
		Body         string `json:"body"`
	}{req.DepartmentID, req.Subject, req.Body}
	var out struct {
		Ticket looseText `json:"ticket"`
	}
	rt := staticRoute(http.MethodPost, "/tickets")
	if err := s.client.do(ctx, rt, body, &out); err != nil {
		return "", err
	}
	if out.Ticket == "" {
		return "", fmt.Errorf("unmetered: %s: the response carries no ticket number", rt)
	}
	return string(out.Ticket), nil
}

// Reply adds a reply to a ticket (POST /tickets/@number). body is sent verbatim and must not be
// blank.
//
// It is never sent twice: a failure after the request may have reached the server is returned,
// not retried; when MaybeApplied(err) is true, check the ticket (Ticket) before trying again.
func (s *SupportService) Reply(ctx context.Context, number, body string) error {
	rt, err := newRoute(http.MethodPost, "/tickets/@number", number)
	if err != nil {
		return err
	}
	if strings.TrimSpace(body) == "" {
		return fmt.Errorf("%w: Reply: the message body is blank", ErrInvalidArgument)
	}
	return s.client.do(ctx, rt, map[string]string{"body": body}, nil)
}

// Reopen asks to re-open a closed ticket (PUT /tickets/@number/open). A refusal ("status":
// false) is returned as an *Error. It is retried on transient failures (re-opening twice is
// harmless).
func (s *SupportService) Reopen(ctx context.Context, number string) error {
	return s.setTicketState(ctx, number, "/open")
}

// Close asks to close a ticket (PUT /tickets/@number/close). A refusal ("status": false) is
// returned as an *Error. It is retried on transient failures (closing twice is harmless).
func (s *SupportService) Close(ctx context.Context, number string) error {
	return s.setTicketState(ctx, number, "/close")
}

func (s *SupportService) setTicketState(ctx context.Context, number, action string) error {
	rt, err := newRoute(http.MethodPut, "/tickets/@number"+action, number)
	if err != nil {
		return err
	}
	var out struct {
		Status *looseBool `json:"status"`
	}
	if err := s.client.do(ctx, rt, nil, &out); err != nil {
		return err
	}
	if out.Status != nil && !bool(*out.Status) {
		return &Error{StatusCode: http.StatusOK, Method: rt.method, Path: routePath(rt.path),
			Messages: []string{"the server did not change the ticket (status: false)"}}
	}
	return nil
}

// Department is a support department, which CreateTicket takes by id.
//
// The API reference documents no shape for GET /ticket/departments; the SDK reads
// {"departments": [{"id", "name", "description"}]}, as unmeteredtest serves it.
type Department struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Departments lists the ticket departments (GET /ticket/departments).
func (s *SupportService) Departments(ctx context.Context) ([]Department, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/ticket/departments"), "departments", (*departmentWire).public)
}

// Attachment is a ticket attachment being downloaded. Body streams the file from the server:
// the caller must read it and Close it (even when not reading it all), which also releases the
// connection. Nothing is buffered beyond small read buffers, whatever the file's size.
type Attachment struct {
	// Name is the file name from the response's Content-Disposition header with any directory
	// part removed, or the requested file name when the server gives none.
	Name string
	// ContentType is the response's Content-Type header as sent ("" when absent).
	ContentType string
	// Size is the length in bytes announced by the server, or -1 if unknown.
	Size int64
	// Body is the file's content. Close it.
	Body io.ReadCloser
}

// Attachment starts downloading a ticket attachment (GET /ticket/attachment/@file?number=...).
// ticketNumber is the number of the ticket it belongs to and file the attachment's name as the
// ticket shows it; neither may be empty. The file is not read into memory: read a.Body, then
// Close it. A failure before the body starts is returned as an error (ErrNotFound for an
// unknown file) and needs no Close.
//
// A JSON response of up to 64 KiB whose body is an error envelope ({"error": [...]}) is
// reported as an *Error rather than as the file. The request is retried on transient failures
// until the response starts; a failure while reading Body is returned by Read.
func (s *SupportService) Attachment(ctx context.Context, ticketNumber, file string) (*Attachment, error) {
	if ticketNumber == "" {
		return nil, fmt.Errorf("%w: Attachment: the ticket number is empty", ErrInvalidArgument)
	}
	rt, err := newRoute(http.MethodGet, "/ticket/attachment/@file", file)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.doStream(ctx, rt.withQuery(url.Values{"number": {ticketNumber}}))
	if err != nil {
		return nil, err
	}
	return &Attachment{
		Name:        dispositionName(resp.Header.Get("Content-Disposition"), file),
		ContentType: resp.Header.Get("Content-Type"),
		Size:        resp.ContentLength,
		Body:        resp.Body,
	}, nil
}

// dispositionName returns the file name of a Content-Disposition header without any directory
// part, or fallback when the header gives no usable name.
func dispositionName(header, fallback string) string {
	if _, params, err := mime.ParseMediaType(header); err == nil {
		name := params["filename"]
		name = name[strings.LastIndexAny(name, `/\`)+1:]
		if name != "" && name != "." && name != ".." {
			return name
		}
	}
	return fallback
}
