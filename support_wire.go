package unmetered

// Wire forms of the Support service's types: the portal's field names and loose types, each
// converted to its public type by public().

type ticketWire struct {
	// Number is a string in lists and details; CreateTicket's answer sends a number.
	Number     looseText                  `json:"ticket_number"`
	Subject    string                     `json:"subject"`
	Status     string                     `json:"status"`
	Department string                     `json:"deptname"`
	Date       looseTime                  `json:"date"`
	ClientRead looseBool                  `json:"client_read"`
	Name       string                     `json:"name"`
	Email      string                     `json:"email"`
	Body       string                     `json:"body"`
	Replies    looseList[ticketReplyWire] `json:"replies"`
}

func (w *ticketWire) public() Ticket {
	return Ticket{
		Number: string(w.Number), Subject: w.Subject, Status: TicketStatus(w.Status),
		Department: w.Department, Date: w.Date.Time, ClientRead: bool(w.ClientRead),
		Name: w.Name, Email: w.Email, Body: w.Body,
		Replies: convert(w.Replies, (*ticketReplyWire).public),
	}
}

type ticketReplyWire struct {
	ID     looseInt  `json:"id"`
	Name   string    `json:"name"`
	Type   string    `json:"type"`
	Date   looseTime `json:"date"`
	Body   string    `json:"body"`
	Status string    `json:"status"`
}

func (w *ticketReplyWire) public() TicketReply {
	return TicketReply{ID: int64(w.ID), Name: w.Name, Type: ReplyType(w.Type), Date: w.Date.Time,
		Body: w.Body, Status: w.Status}
}

type departmentWire struct {
	ID          looseInt `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
}

func (w *departmentWire) public() Department {
	return Department{ID: int64(w.ID), Name: w.Name, Description: w.Description}
}
