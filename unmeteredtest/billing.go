package unmeteredtest

import "time"

// billingRoutes are the Billing endpoints.
var billingRoutes = []*route{
	{method: "GET", pattern: "/balance", h: balance},
	{method: "GET", pattern: "/invoice", h: listInvoices},
	{method: "GET", pattern: "/invoice/@id", h: withInvoice(getInvoice)},
	{method: "POST", pattern: "/invoice/@id/credit", h: withInvoice(applyCredit)},
	{method: "GET", pattern: "/payment", h: paymentMethods},
	{method: "GET", pattern: "/payment/fees", h: paymentFees},
}

const currency = "USD"

// Invoice statuses.
const (
	statusPaid   = "Paid"
	statusUnpaid = "Unpaid"
)

// invoice is an invoice of the account. Amounts derive from its items.
type invoice struct {
	ID       int64
	Number   string
	Date     string
	DueDate  string
	DatePaid string // "" until paid
	Status   string
	TaxRate  int64 // percent
	Credit   money // credit applied so far
	Items    []invoiceItem
}

type invoiceItem struct {
	ID          int64
	Type        string
	ItemID      int64
	Description string
	Amount      money
}

func (inv *invoice) id() int64 { return inv.ID }

func (inv *invoice) subtotal() money {
	var sum money
	for _, it := range inv.Items {
		sum += it.Amount
	}
	return sum
}

// tax is the subtotal's tax, rounded half up to the cent.
func (inv *invoice) tax() money { return (inv.subtotal()*money(inv.TaxRate) + 50) / 100 }

func (inv *invoice) total() money { return inv.subtotal() + inv.tax() }

// due is what is left to pay.
func (inv *invoice) due() money { return inv.total() - inv.Credit }

func (inv *invoice) datePaid() string {
	if inv.DatePaid == "" {
		return "0000-00-00 00:00:00"
	}
	return inv.DatePaid
}

func withInvoice(h func(*call, *invoice) reply) handler {
	return with("id", "Invoice", func(st *state) []*invoice { return st.invoices }, h)
}

// newInvoice adds an unpaid invoice for items, dated today and due in a week, and returns it.
func (st *state) newInvoice(items []invoiceItem) *invoice {
	now := st.now().UTC()
	inv := &invoice{
		ID:      next(&st.lastInvoice),
		Number:  now.Format("2006/01") + "/" + idString(next(&st.lastNumber)),
		Date:    now.Format(dateLayout),
		DueDate: now.Add(7 * 24 * time.Hour).Format(dateLayout),
		Status:  statusUnpaid,
	}
	for _, it := range items {
		it.ID = next(&st.lastItem)
		inv.Items = append(inv.Items, it)
	}
	st.invoices = append(st.invoices, inv)
	return inv
}

// balance sums what the unpaid invoices still ask for.
func (st *state) balance() money {
	var sum money
	for _, inv := range st.invoices {
		if inv.Status == statusUnpaid {
			sum += inv.due()
		}
	}
	return sum
}

func balance(c *call) reply {
	return ok(obj{"success": true, "details": obj{
		"currency": currency, "acc_balance": c.st.balance().String(), "acc_credit": c.st.credit.String(),
	}})
}

func listInvoices(c *call) reply {
	return ok(obj{"invoices": renderEach(c.st.invoices, func(inv *invoice) obj {
		return obj{
			"id": idString(inv.ID), "date": inv.Date, "dateorig": inv.Date, "duedate": inv.DueDate,
			"paybefore": inv.DueDate, "total": inv.total().String(), "datepaid": inv.datePaid(),
			"status": inv.Status, "merge_id": nil, "number": inv.Number, "currency": currency,
		}
	})})
}

func getInvoice(c *call, inv *invoice) reply {
	items := []obj{}
	for _, it := range inv.Items {
		items = append(items, obj{
			"id": idString(it.ID), "invoice_id": idString(inv.ID), "type": it.Type, "item_id": idString(it.ItemID),
			"description": it.Description, "amount": it.Amount.String(), "taxed": flagString(inv.TaxRate > 0),
			"qty": "1.00", "linetotal": it.Amount.String(),
		})
	}
	client := c.st.client.pick("id", "email", "firstname", "lastname", "companyname", "address1", "address2",
		"city", "state", "postcode", "country", "phonenumber")
	return ok(obj{"invoice": obj{
		"id": idString(inv.ID), "status": inv.Status, "date": inv.Date, "duedate": inv.DueDate,
		"paybefore": inv.DueDate, "datepaid": inv.datePaid(), "subtotal": inv.subtotal().num(),
		"credit": inv.Credit.num(), "tax": inv.tax().num(), "taxrate": inv.TaxRate, "tax2": 0, "taxrate2": 0,
		"taxexempt": "0", "total": inv.total().num(), "rate": 1, "rate2": 0, "rate3": 1, "notes": "",
		"items": items, "client": client, "number": inv.Number, "currency": currency,
	}})
}

// applyCredit is POST /invoice/@id/credit: it pays the invoice from the account credit, by the
// amount given or as much as the invoice needs (at most the credit there is).
func applyCredit(c *call, inv *invoice) reply {
	if inv.Status != statusUnpaid {
		return invalid("Invoice #" + idString(inv.ID) + " is " + inv.Status + ", not Unpaid")
	}
	if c.st.credit <= 0 {
		return invalid("There is no credit on the account")
	}
	amount := inv.due()
	if c.in.has("amount") {
		a, valid := parseMoney(c.in.str("amount"))
		switch {
		case !valid || a <= 0:
			return invalid("amount must be a positive amount with at most two decimals")
		case a > c.st.credit:
			return invalid("The amount exceeds the account credit of " + c.st.credit.String())
		case a < amount:
			amount = a
		}
	}
	if amount > c.st.credit {
		amount = c.st.credit
	}
	inv.Credit += amount
	c.st.credit -= amount
	if inv.due() <= 0 {
		inv.Status, inv.DatePaid = statusPaid, c.st.timestamp()
	}
	return ok(obj{"success": true, "invoice_status": inv.Status, "applied": amount.num()})
}

// paymentMethods is the account's payment gateways, by id; the fees list uses the same ids.
var paymentMethodNames = []struct {
	id             int64
	key, name      string
	fixed, percent string
}{
	{1, "BankTransfer", "Bank Transfer", "0.0", "0.0"},
	{2, "Stripe", "Stripe", "0.5", "2.9"},
	{4, "CreditCard", "Credit Card", "0.1", "2.4"},
	{5, "PayPal", "PayPal", "0.3", "2.9"},
}

func paymentMethods(*call) reply {
	out := obj{}
	for _, p := range paymentMethodNames {
		out[idString(p.id)] = p.key
	}
	return ok(obj{"payments": out})
}

func paymentFees(*call) reply {
	list := []obj{}
	for _, p := range paymentMethodNames {
		list = append(list, obj{"id": p.id, "name": p.name, "fixed_fee": p.fixed, "percent_fee": p.percent})
	}
	return ok(obj{"payments": list})
}

// checkPayMethod refuses an unknown pay_method; none (or 0) is the account's default.
func checkPayMethod(in input) []string {
	id, present, valid := in.num("pay_method")
	if !present || valid && id == 0 {
		return nil
	}
	for _, p := range paymentMethodNames {
		if valid && p.id == id {
			return nil
		}
	}
	return []string{"Unknown payment method " + in.str("pay_method") + "; see GET /payment"}
}
