package unmeteredtest

import "time"

// clientID is the seeded account's id.
const clientID = 26

// state is everything one Server holds. Only handlers touch it, with Server.mu locked.
type state struct {
	now func() time.Time

	// Counters of the ids the server hands out; each holds the last id used.
	jti, sessions                            int64
	lastInvoice, lastItem, lastOrder         int64
	lastService, lastDomain, lastContact     int64
	lastTicket, lastReply, lastZone          int64
	lastRecord, lastLog, lastKey, lastNumber int64

	client        profile
	credit        money
	logs          []obj
	contacts      []*contact
	notifications []*notification
	statuses      []*portalStatus
	invoices      []*invoice
	departments   []*department
	tickets       []*ticket
	domains       []*domain
	tlds          []*tld
	certs         []*certificate
	certProducts  []*certProduct
	services      []*service
	categories    []*category
	products      []*product
	zones         []*zone
}

// next increments a counter and returns the new id.
func next(counter *int64) int64 {
	*counter++
	return *counter
}

func (st *state) today() string     { return st.now().UTC().Format(dateLayout) }
func (st *state) timestamp() string { return st.now().UTC().Format(timeLayout) }

// addLog appends an entry to the account's history (GET /logs).
func (st *state) addLog(typ, description string) {
	st.logs = append(st.logs, obj{
		"id": idString(next(&st.lastLog)), "date": st.timestamp(), "type": typ, "description": description,
	})
}

// cycles are the billing period symbols with their names.
var cycles = []struct{ code, name string }{
	{"h", "Hourly"}, {"d", "Daily"}, {"w", "Weekly"}, {"m", "Monthly"}, {"q", "Quarterly"},
	{"s", "Semi-Annually"}, {"a", "Annually"}, {"b", "Biennially"}, {"t", "Triennially"},
}

func cycleName(code string) string {
	for _, c := range cycles {
		if c.code == code {
			return c.name
		}
	}
	return code
}
