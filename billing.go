package unmetered

import (
	"context"
	"fmt"
	"net/http"
	"time"
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
	Balance Decimal `json:"balance,omitzero"`
	// Credit is the account credit available to pay invoices (see ApplyCredit).
	Credit Decimal `json:"credit,omitzero"`
}

// Balance returns the total of the unpaid invoices and the account credit (GET /balance).
// It is a read and is retried on transient failures.
func (s *BillingService) Balance(ctx context.Context) (*Balance, error) {
	w, err := getKey[balanceWire](ctx, s.client, staticRoute(http.MethodGet, "/balance"), "details")
	if err != nil {
		return nil, err
	}
	return &Balance{Currency: w.Currency, Balance: w.Balance, Credit: w.Credit}, nil
}

// InvoiceStatus is an invoice's status as HostBill names it. The server may send values not
// listed here; the field then holds them as sent.
type InvoiceStatus string

// The invoice statuses of HostBill (the reference's example shows Paid; its balance is the total
// of the Unpaid invoices).
const (
	InvoicePaid        InvoiceStatus = "Paid"
	InvoiceUnpaid      InvoiceStatus = "Unpaid"
	InvoiceCancelled   InvoiceStatus = "Cancelled"
	InvoiceRefunded    InvoiceStatus = "Refunded"
	InvoiceCollections InvoiceStatus = "Collections"
	InvoiceDraft       InvoiceStatus = "Draft"
)

// Invoice is an invoice on the account. Invoices (the list) fills ID, Number, Status, Currency,
// Date, DateOrig, DueDate, PayBefore, DatePaid, MergeID and Total; Invoice (one invoice) fills
// everything but DateOrig and MergeID. Amounts are exact decimals in Currency.
type Invoice struct {
	ID int64 `json:"id"`
	// Number is the invoice's printed number, e.g. "2016/12/1"; it may differ from ID.
	Number   string        `json:"number"`
	Status   InvoiceStatus `json:"status"`
	Currency string        `json:"currency"`
	// Date is the issue date; DateOrig the original issue date (Invoices only).
	Date     Date `json:"date,omitzero"`
	DateOrig Date `json:"date_orig,omitzero"`
	// DueDate is the day the invoice is due (see Overdue).
	DueDate Date `json:"due_date,omitzero"`
	// PayBefore is the last day to pay before the related services are affected.
	PayBefore Date `json:"pay_before,omitzero"`
	// DatePaid is when the invoice was paid; zero while unpaid.
	DatePaid time.Time `json:"date_paid,omitzero"`
	// MergeID is the id of the invoice this one was merged into; 0 when it was not merged
	// (Invoices only).
	MergeID int64 `json:"merge_id,omitempty"`
	// Total is the amount due, taxes included.
	Total Decimal `json:"total,omitzero"`

	// The fields below are filled by Invoice only.

	// Subtotal is the total before taxes and credit.
	Subtotal Decimal `json:"subtotal,omitzero"`
	// Credit is the account credit already applied to the invoice.
	Credit Decimal `json:"credit,omitzero"`
	// Tax and Tax2 are the amounts of the first and second tax; TaxRate and TaxRate2 their rates
	// in percent (21 means 21%).
	Tax      Decimal `json:"tax,omitzero"`
	TaxRate  Decimal `json:"tax_rate,omitzero"`
	Tax2     Decimal `json:"tax2,omitzero"`
	TaxRate2 Decimal `json:"tax_rate2,omitzero"`
	// TaxExempt reports whether the invoice is exempt from tax.
	TaxExempt bool `json:"tax_exempt"`
	// Rate, Rate2 and Rate3 are HostBill's invoice rate fields (currency conversion rates), as
	// the server reports them.
	Rate  Decimal `json:"rate,omitzero"`
	Rate2 Decimal `json:"rate2,omitzero"`
	Rate3 Decimal `json:"rate3,omitzero"`
	Notes string  `json:"notes,omitempty"`
	// Items are the invoice lines (Invoice only).
	Items []InvoiceItem `json:"items,omitempty"`
	// Client is the billed party's details as recorded on the invoice (its LastLogin, IP and
	// Host are not sent and stay empty); nil from Invoices.
	Client *AccountDetails `json:"client,omitempty"`
}

// Overdue reports whether the invoice is unpaid and its due date is before now's calendar day
// (in now's location): Overdue(time.Now()) is what a reminder job asks.
func (inv *Invoice) Overdue(now time.Time) bool {
	if inv.Status != InvoiceUnpaid || inv.DueDate.IsZero() {
		return false
	}
	y, m, d := now.Date()
	return inv.DueDate.Before(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// InvoiceItem is one line of an invoice.
type InvoiceItem struct {
	ID        int64 `json:"id"`
	InvoiceID int64 `json:"invoice_id"`
	// Type is what the line bills, as HostBill names it: "Hosting", "Domain Register", "Domain
	// Renew", "Other"...
	Type string `json:"type"`
	// ItemID is the id of the billed object (a service or domain id); 0 or negative for lines
	// that bill no object (HostBill uses -2 for a payment-gateway fee).
	ItemID      int64  `json:"item_id"`
	Description string `json:"description"`
	// Amount is the unit price; Quantity the number of units; LineTotal the line's total.
	Amount    Decimal `json:"amount,omitzero"`
	Quantity  Decimal `json:"quantity,omitzero"`
	LineTotal Decimal `json:"line_total,omitzero"`
	// Taxed reports whether the line is subject to tax.
	Taxed bool `json:"taxed"`
}

// Invoices lists all the invoices on the account (GET /invoice), with their summary fields
// (see Invoice); use Invoice for the lines and taxes.
func (s *BillingService) Invoices(ctx context.Context) ([]Invoice, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/invoice"), "invoices", (*invoiceWire).public)
}

// Invoice returns one invoice with its lines, taxes and billed party (GET /invoice/@id).
// An unknown id is an error matching ErrNotFound.
func (s *BillingService) Invoice(ctx context.Context, id int64) (*Invoice, error) {
	rt, err := newRoute(http.MethodGet, "/invoice/@id", id)
	if err != nil {
		return nil, err
	}
	w, err := getKey[invoiceWire](ctx, s.client, rt, "invoice")
	if err != nil {
		return nil, err
	}
	inv := w.public()
	return &inv, nil
}

// ApplyCreditRequest is the request of ApplyCredit.
type ApplyCreditRequest struct {
	// Amount is the credit to apply, in the invoice's currency; it must be greater than zero.
	// nil applies as much as pays the invoice in full, bounded by the credit available.
	Amount *Decimal
}

// CreditResult is the outcome of ApplyCredit.
type CreditResult struct {
	// InvoiceStatus is the invoice's status after the credit: InvoicePaid once it is covered.
	InvoiceStatus InvoiceStatus `json:"invoice_status"`
	// Applied is the amount of credit applied, in the invoice's currency.
	Applied Decimal `json:"applied,omitzero"`
}

// ApplyCredit pays invoice id with account credit (POST /invoice/@id/credit), as much as
// req.Amount or, with ApplyCreditRequest{}, as much as pays the invoice in full. A server that
// reports failure ("success": false) gives an *Error.
//
// It is never sent twice: a failure after the request may have reached the server is returned,
// not retried; when MaybeApplied(err) is true, check the invoice (Invoice) before trying again.
func (s *BillingService) ApplyCredit(ctx context.Context, id int64, req ApplyCreditRequest) (*CreditResult, error) {
	rt, err := newRoute(http.MethodPost, "/invoice/@id/credit", id)
	if err != nil {
		return nil, err
	}
	var body struct {
		Amount *Decimal `json:"amount,omitempty"`
	}
	if req.Amount != nil {
		if req.Amount.Sign() <= 0 {
			got := req.Amount.String()
			if !req.Amount.IsSet() {
				got = "an empty Decimal"
			}
			return nil, fmt.Errorf("%w: ApplyCredit: Amount must be greater than zero, got %s", ErrInvalidArgument, got)
		}
		body.Amount = req.Amount
	}
	var out struct {
		InvoiceStatus string  `json:"invoice_status"`
		Applied       Decimal `json:"applied"`
	}
	if err := s.client.do(ctx, rt, body, &out); err != nil {
		return nil, err
	}
	return &CreditResult{InvoiceStatus: InvoiceStatus(out.InvoiceStatus), Applied: out.Applied}, nil
}

// PaymentMethod is a payment gateway the account can pay with.
type PaymentMethod struct {
	// ID identifies the gateway, e.g. as the pay method of an order.
	ID   int64  `json:"id"`
	Name string `json:"name"`
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

// PaymentFee is a payment method with the fee it adds to a payment.
type PaymentFee struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// FixedFee is a flat amount added to each payment, in the invoice's currency.
	FixedFee Decimal `json:"fixed_fee,omitzero"`
	// PercentFee is a percentage of the payment added to it (2.9 means 2.9%).
	PercentFee Decimal `json:"percent_fee,omitzero"`
}

// PaymentFees lists the payment methods with their fees (GET /payment/fees).
func (s *BillingService) PaymentFees(ctx context.Context) ([]PaymentFee, error) {
	return getListOf(ctx, s.client, staticRoute(http.MethodGet, "/payment/fees"), "payments", (*paymentFeeWire).public)
}
