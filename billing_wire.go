package unmetered

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Wire forms of the Billing service's types: the portal's field names and loose types, each
// converted to its public type by public().

type balanceWire struct {
	Currency string  `json:"currency"`
	Balance  Decimal `json:"acc_balance"`
	Credit   Decimal `json:"acc_credit"`
}

type invoiceWire struct {
	ID        looseInt  `json:"id"`
	Number    string    `json:"number"`
	Status    string    `json:"status"`
	Currency  string    `json:"currency"`
	Date      Date      `json:"date"`
	DateOrig  Date      `json:"dateorig"`
	DueDate   Date      `json:"duedate"`
	PayBefore Date      `json:"paybefore"`
	DatePaid  looseTime `json:"datepaid"`
	MergeID   looseInt  `json:"merge_id"`
	Total     Decimal   `json:"total"` // a string in the list, a number in the detail
	Subtotal  Decimal   `json:"subtotal"`
	Credit    Decimal   `json:"credit"`
	Tax       Decimal   `json:"tax"`
	TaxRate   Decimal   `json:"taxrate"`
	Tax2      Decimal   `json:"tax2"`
	TaxRate2  Decimal   `json:"taxrate2"`
	TaxExempt looseBool `json:"taxexempt"`
	Rate      Decimal   `json:"rate"`
	Rate2     Decimal   `json:"rate2"`
	Rate3     Decimal   `json:"rate3"`
	Notes     string    `json:"notes"`

	Items  looseList[invoiceItemWire] `json:"items"`
	Client *accountDetailsWire        `json:"client"`
}

func (w *invoiceWire) public() Invoice {
	inv := Invoice{
		ID: int64(w.ID), Number: w.Number, Status: InvoiceStatus(w.Status), Currency: w.Currency,
		Date: w.Date, DateOrig: w.DateOrig, DueDate: w.DueDate, PayBefore: w.PayBefore,
		DatePaid: w.DatePaid.Time, MergeID: int64(w.MergeID), Total: w.Total,
		Subtotal: w.Subtotal, Credit: w.Credit, Tax: w.Tax, TaxRate: w.TaxRate, Tax2: w.Tax2,
		TaxRate2: w.TaxRate2, TaxExempt: bool(w.TaxExempt), Rate: w.Rate, Rate2: w.Rate2,
		Rate3: w.Rate3, Notes: w.Notes,
		Items: convert(w.Items, (*invoiceItemWire).public),
	}
	if w.Client != nil {
		c := w.Client.public()
		inv.Client = &c
	}
	return inv
}

type invoiceItemWire struct {
	ID          looseInt  `json:"id"`
	InvoiceID   looseInt  `json:"invoice_id"`
	Type        string    `json:"type"`
	ItemID      looseInt  `json:"item_id"`
	Description string    `json:"description"`
	Amount      Decimal   `json:"amount"`
	Quantity    Decimal   `json:"qty"`
	LineTotal   Decimal   `json:"linetotal"`
	Taxed       looseBool `json:"taxed"`
}

func (w *invoiceItemWire) public() InvoiceItem {
	return InvoiceItem{
		ID: int64(w.ID), InvoiceID: int64(w.InvoiceID), Type: w.Type, ItemID: int64(w.ItemID),
		Description: w.Description, Amount: w.Amount, Quantity: w.Quantity, LineTotal: w.LineTotal,
		Taxed: bool(w.Taxed),
	}
}

type paymentFeeWire struct {
	ID         looseInt `json:"id"`
	Name       string   `json:"name"`
	FixedFee   Decimal  `json:"fixed_fee"`
	PercentFee Decimal  `json:"percent_fee"`
}

func (w *paymentFeeWire) public() PaymentFee {
	return PaymentFee{ID: int64(w.ID), Name: w.Name, FixedFee: w.FixedFee, PercentFee: w.PercentFee}
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
			*p = append(*p, PaymentMethod{ID: int64(i), Name: name})
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
		*p = append(*p, PaymentMethod{ID: id, Name: name})
	}
	sort.Slice(*p, func(i, j int) bool { return (*p)[i].ID < (*p)[j].ID })
	return nil
}
