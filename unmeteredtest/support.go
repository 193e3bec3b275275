package unmeteredtest

import (
	"mime"
	"path"
	"strings"
)

// supportRoutes are the Support endpoints.
var supportRoutes = []*route{
	{method: "GET", pattern: "/tickets", h: listTickets},
	{method: "GET", pattern: "/tickets/@number", h: withTicket(getTicket)},
	{method: "GET", pattern: "/ticket/attachment/@file", h: getAttachment},
	{method: "POST", pattern: "/tickets", h: createTicket},
	{method: "POST", pattern: "/tickets/@number", h: withTicket(replyTicket)},
	{method: "PUT", pattern: "/tickets/@number/open", h: withTicket(setTicketStatus("Open"))},
	{method: "PUT", pattern: "/tickets/@number/close", h: withTicket(setTicketStatus("Closed"))},
	{method: "GET", pattern: "/ticket/departments", h: listDepartments},
}

// department is a support department.
type department struct {
	ID                int64
	Name, Description string
}

func (d *department) id() int64 { return d.ID }

// ticket is a support ticket, addressed by its number.
type ticket struct {
	Number      int64
	Dept        *department
	Subject     string
	Body        string
	Date        string
	Status      string
	ClientRead  bool
	Name, Email string
	Replies     []*ticketReply
	Attachments []*attachment
}

type ticketReply struct {
	ID                            int64
	Name, Date, Body, Status, Who string // Who is "Admin" or "Client"
}

// attachment is a file on a ticket, addressed by its file id.
type attachment struct {
	File, Name string
	Data       []byte
}

func (t *ticket) id() int64 { return t.Number }

func withTicket(h func(*call, *ticket) reply) handler {
	return with("number", "Ticket", func(st *state) []*ticket { return st.tickets }, h)
}

func listTickets(c *call) reply {
	return ok(obj{"tickets": renderEach(c.st.tickets, func(t *ticket) obj {
		return obj{
			"client_read": flagString(t.ClientRead), "ticket_number": idString(t.Number), "date": t.Date,
			"deptname": t.Dept.Name, "subject": t.Subject, "status": t.Status,
		}
	})})
}

// getTicket returns the ticket with its replies, and marks it read.
func getTicket(c *call, t *ticket) reply {
	out := obj{
		"date": t.Date, "ticket_number": idString(t.Number), "name": t.Name, "email": t.Email,
		"subject": t.Subject, "body": t.Body, "status": t.Status, "client_read": flagString(t.ClientRead),
		"deptname": t.Dept.Name,
	}
	t.ClientRead = true
	replies := renderEach(t.Replies, func(r *ticketReply) obj {
		return obj{"id": idString(r.ID), "name": r.Name, "date": r.Date, "body": r.Body, "status": r.Status, "type": r.Who}
	})
	return ok(obj{"ticket": out, "replies": replies})
}

// getAttachment serves a ticket attachment's bytes. The "number" query parameter, when given,
// must be the ticket holding the file.
func getAttachment(c *call) reply {
	number, hasNumber := parseID(c.in.str("number"))
	if c.in.has("number") && !hasNumber {
		return invalid("number must be a ticket number")
	}
	for _, t := range c.st.tickets {
		if hasNumber && t.Number != number {
			continue
		}
		for _, a := range t.Attachments {
			if a.File == c.params["file"] {
				ctype := mime.TypeByExtension(path.Ext(a.Name))
				if ctype == "" {
					ctype = "application/octet-stream"
				}
				return reply{status: 200, raw: a.Data, ctype: ctype, header: map[string]string{
					"Content-Disposition": mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}),
				}}
			}
		}
	}
	return notFound("Attachment")
}

func createTicket(c *call) reply {
	var errs []string
	deptID, _, _ := c.in.num("dept_id")
	dept, found := find(c.st.departments, deptID)
	if !found {
		errs = append(errs, "dept_id must be one of the departments of GET /ticket/departments")
	}
	subject, body := strings.TrimSpace(c.in.str("subject")), strings.TrimSpace(c.in.str("body"))
	if subject == "" {
		errs = append(errs, "subject is required")
	}
	if body == "" {
		errs = append(errs, "body is required")
	}
	if errs != nil {
		return invalid(errs...)
	}
	t := &ticket{
		Number: next(&c.st.lastTicket), Dept: dept, Subject: subject, Body: c.in.str("body"),
		Date: c.st.timestamp(), Status: "Open", ClientRead: true,
		Name: c.st.client["firstname"] + " " + c.st.client["lastname"], Email: c.st.client["email"],
	}
	c.st.tickets = append(c.st.tickets, t)
	return ok(obj{"ticket": t.Number})
}

func replyTicket(c *call, t *ticket) reply {
	if strings.TrimSpace(c.in.str("body")) == "" {
		return invalid("body is required")
	}
	t.Replies = append(t.Replies, &ticketReply{
		ID: next(&c.st.lastReply), Name: t.Name, Date: c.st.timestamp(), Body: c.in.str("body"),
		Status: "Sent", Who: "Client",
	})
	t.Status = "Client-Reply"
	return info("reply_added")
}

func setTicketStatus(status string) func(*call, *ticket) reply {
	return func(c *call, t *ticket) reply {
		t.Status = status
		return statusTrue()
	}
}

func listDepartments(c *call) reply {
	return ok(obj{"departments": renderEach(c.st.departments, func(d *department) obj {
		return obj{"id": idString(d.ID), "name": d.Name, "description": d.Description}
	})})
}
