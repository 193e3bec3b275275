package unmetered

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// BillingService covers the API's "Billing" section: the account balance and credit, invoices,
// applying credit to an invoice, and the payment methods with their fees. Reach it as
// Client.Billing.
type BillingService service

// Balance is the account's money position (GET /balance). Both amounts are exact and in Currency.
type Balance struct {
	// Currency is the account currency's code, e.g. "USD".
	Currency string `json:"currency"`
	// Balance is the total of the account's unpaid invoices.
	Balance Decimal `json:"acc_balance"`
	// Credit is the account credit available to pay invoices (see ApplyCredit).
	Credit Decimal `json:"acc_credit"`
}

// Balance returns the total of the unpaid invoices and the account credit (GET /balance).
// It is a read and is retried on transient failures.
func (s *BillingService) Balance(ctx context.Context) (*Balance, error) {
	return getKey[Balance](ctx, s.client, staticRoute(http.MethodGet, "/balance"), "details")
}

// Invoice is an invoice on the account. Invoices (the list) fills ID, Date, DateOrig, DueDate,
// PayBefore, Total, DatePaid, Status, MergeID, Number and Currency; Invoice (one invoice) fills
// everything but DateOrig and MergeID. Amounts are exact decimals in Currency.
type Invoice struct {
	ID Int `json:"id"`
	// Number is the invoice's printed number, e.g. "2016/12/1"; it may differ from ID.
	Number string `json:"number"`
	// Status is the invoice's status as HostBill names it: "Paid", "Unpaid", "Cancelled",
	// "Refunded", "Collections", "Draft"...
	Status   string `json:"status"`
	Currency string `json:"currency"`
	Date     Date   `json:"date"`
	// DateOrig is the original issue date (list only).
	DateOrig Date `json:"dateorig"`
	DueDate  Date `json:"duedate"`
	// PayBefore is the last day to pay before the related services are affected.
	PayBefore Date `json:"paybefore"`
	// DatePaid is when the invoice was paid; zero while unpaid.
	DatePaid Time `json:"datepaid"`
	// MergeID is the id of the invoice this one was merged into; 0 (the server's null) when it
	// was not merged (list only).
	MergeID Int `json:"merge_id"`
	// Total is the amount due, taxes included. The list sends it as a string and the detail as
	// a number; both decode exactly.
	Total Decimal `json:"total"`

	// The fields below are filled by Invoice only.

	// Subtotal is the total before taxes and credit.
	Subtotal Decimal `json:"subtotal"`
	// Credit is the account credit already applied to the invoice.
	Credit Decimal `json:"credit"`
	// Tax and Tax2 are the amounts of the first and second tax; TaxRate and TaxRate2 their rates
	// in percent (21 means 21%).
	Tax      Decimal `json:"tax"`
	TaxRate  Decimal `json:"taxrate"`
	Tax2     Decimal `json:"tax2"`
	TaxRate2 Decimal `json:"taxrate2"`
	// TaxExempt reports whether the invoice is exempt from tax.
	TaxExempt Bool `json:"taxexempt"`
	// Rate, Rate2 and Rate3 are HostBill's invoice rate fields (currency conversion rates), as
	// the server reports them.
	Rate  Decimal `json:"rate"`
	Rate2 Decimal `json:"rate2"`
	Rate3 Decimal `json:"rate3"`
	Notes string  `json:"notes"`
	// Items are the invoice lines.
	Items List[InvoiceItem] `json:"items,omitempty"`
	// Client is the billed party's details as recorded on the invoice (its LastLogin, IP and
	// Host are not sent and stay empty); nil in the list.
	Client *AccountDetails `json:"client,omitempty"`
}

// InvoiceItem is one line of an invoice.
type InvoiceItem struct {
	ID        Int `json:"id"`
	InvoiceID Int `json:"invoice_id"`
	// Type is what the line bills: "Hosting", "Domain", "Other"...
	Type string `json:"type"`
	// ItemID is the id of the billed object (a service or domain id); 0 or negative for lines
	// that bill no object (HostBill uses -2 for a payment-gateway fee).
	ItemID      Int    `json:"item_id"`
	Description string `json:"description"`
	// Amount is the unit price; Quantity the number of units; LineTotal the line's total.
	Amount    Decimal `json:"amount"`
	Quantity  Decimal `json:"qty"`
	LineTotal Decimal `json:"linetotal"`
	// Taxed reports whether the line is subject to tax.
	Taxed Bool `json:"taxed"`
}

// Invoices lists all the invoices on the account (GET /invoice). Only the summary fields of
// each Invoice are filled; use Invoice for the lines and taxes.
func (s *BillingService) Invoices(ctx context.Context) ([]Invoice, error) {
	return getList[Invoice](ctx, s.client, staticRoute(http.MethodGet, "/invoice"), "invoices")
}

// Invoice returns one invoice with its lines, taxes and billed party (GET /invoice/@id).
// An unknown id is an error matching ErrNotFound.
func (s *BillingService) Invoice(ctx context.Context, id int64) (*Invoice, error) {
	rt, err := newRoute(http.MethodGet, "/invoice/@id", id)
	if err != nil {
		return nil, err
	}
	return getKey[Invoice](ctx, s.client, rt, "invoice")
}

// CreditResult is the outcome of ApplyCredit.
type CreditResult struct {
	// Success is the server's success flag (a false flag is returned as an error instead).
	Success Bool `json:"success"`
	// InvoiceStatus is the invoice's status after the credit, e.g. "Paid" or "Unpaid".
	InvoiceStatus string `json:"invoice_status"`
	// Applied is the amount of credit applied, in the invoice's currency.
	Applied Decimal `json:"applied"`
}

// ApplyCredit pays invoice id with account credit (POST /invoice/@id/credit). amount is the
// credit to apply, in the invoice's currency; nil applies as much as pays the invoice in full
// (bounded by the credit available). A given amount must be greater than zero.
//
// It is never sent twice: a failure after the request may have reached the server is returned,
// not retried; when MaybeApplied(err) is true, check the invoice (Invoice) before trying again.
func (s *BillingService) ApplyCredit(ctx context.Context, id int64, amount *Decimal) (*CreditResult, error) {
	rt, err := newRoute(http.MethodPost, "/invoice/@id/credit", id)
	if err != nil {
		return nil, err
	}
	var body struct {
		Amount *Decimal `json:"amount,omitempty"`
	}
	if amount != nil {
		if amount.Rat().Sign() <= 0 {
			return nil, fmt.Errorf("%w: ApplyCredit amount must be greater than zero, got %s", ErrInvalidArgument, amount)
		}
		body.Amount = amount
	}
	out := new(CreditResult)
	if err := s.client.do(ctx, rt, body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// PaymentMethod is a payment gateway the account can pay with.
type PaymentMethod struct {
	// ID identifies the gateway, e.g. as the pay method of an order.
	ID   Int
	Name string
}

// PaymentMethods lists the payment methods available to the account (GET /payment), ordered by
// id. The server answers an object keyed by id ({"10":"BankTransfer","9":"PayPal"}).
func (s *BillingService) PaymentMethods(ctx context.Context) ([]PaymentMethod, error) {
	var out struct {
		Payments paymentMethods `json:"payments"`
	}
	if err := s.client.do(ctx, staticRoute(http.MethodGet, "/payment"), nil, &out); err != nil {
		return nil, err
	}
	return out.Payments, nil
}

// paymentMethods decodes the id → name object of GET /payment, an empty array (PHP's empty map)
// or an array of names (PHP's list, ids 0, 1, ...), into a slice ordered by id.
type paymentMethods []PaymentMethod

func (p *paymentMethods) UnmarshalJSON(b []byte) error {
	*p = nil
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var names []string
		if err := json.Unmarshal(b, &names); err != nil {
			return wireError("PaymentMethods", b, err)
		}
		for i, name := range names {
			*p = append(*p, PaymentMethod{ID: Int(i), Name: name})
		}
		return nil
	}
	if string(b) == "null" {
		return nil
	}
	var byID map[string]string
	if err := json.Unmarshal(b, &byID); err != nil {
		return wireError("PaymentMethods", b, err)
	}
	for key, name := range byID {
		id, err := strconv.ParseInt(strings.TrimSpace(key), 10, 64)
		if err != nil {
			return wireError("PaymentMethods", b, fmt.Errorf("key %q is not an id", key))
		}
		*p = append(*p, PaymentMethod{ID: Int(id), Name: name})
	}
	sort.Slice(*p, func(i, j int) bool { return (*p)[i].ID < (*p)[j].ID })
	return nil
}

// PaymentFee is a payment method with the fee it adds to a payment.
type PaymentFee struct {
	ID   Int    `json:"id"`
	Name string `json:"name"`
	// FixedFee is a flat amount added to each payment, in the invoice's currency.
	FixedFee Decimal `json:"fixed_fee"`
	// PercentFee is a percentage of the payment added to it (2.9 means 2.9%).
	PercentFee Decimal `json:"percent_fee"`
}

// PaymentFees lists the payment methods with their fees (GET /payment/fees).
func (s *BillingService) PaymentFees(ctx context.Context) ([]PaymentFee, error) {
	return getList[PaymentFee](ctx, s.client, staticRoute(http.MethodGet, "/payment/fees"), "payments")
}
