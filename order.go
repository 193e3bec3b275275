package unmetered

import "context"

// OrderResult is what an order created: the order, the invoice to pay and the new services,
// domains or certificates. Cart.Order, Cart.OrderItems, Domains.Order and Certificates.Order all
// return it.
type OrderResult struct {
	// OrderNumber is the order's number. For OrderItems, whose response lists a number per
	// item (OrderNumbers), it is the first of them.
	OrderNumber int64 `json:"order_number"`
	// OrderNumbers are the order numbers OrderItems' response lists, one per item created (the
	// same number when the items make one order). Other orders leave it empty.
	OrderNumbers []int64 `json:"order_numbers,omitempty"`
	// InvoiceID is the invoice to pay for the order (Billing.Invoice).
	InvoiceID int64 `json:"invoice_id"`
	// Total is the invoice total, in the account's currency.
	Total Decimal `json:"total,omitzero"`
	// Items are the services, domains and certificates the order created; a domain renewal
	// creates none.
	Items []OrderedItem `json:"items"`
}

// OrderedItem is a service, domain or certificate created by an order.
type OrderedItem struct {
	// ID is the new service's, domain's or certificate's id (Services.Get, Domains.Get,
	// Certificates.Get).
	ID int64 `json:"id"`
	// Type is the item's kind as the server names it, e.g. "Hosting" (services and
	// certificates), "Domain Register" or "Domain Transfer".
	Type string `json:"type"`
	// Name is the item's name, usually its domain.
	Name string `json:"name"`
	// ProductID is the product, certificate product or TLD ordered.
	ProductID int64 `json:"product_id"`
}

// orderResultWire is the response of every order endpoint: POST /order/@product_id,
// /domain/order and /certificate/order send "order_num" and their one item bare under "items";
// POST /order sends "order_num_list" and a list of items.
type orderResultWire struct {
	OrderNumber  looseInt                   `json:"order_num"`
	OrderNumbers looseList[looseInt]        `json:"order_num_list"`
	InvoiceID    looseInt                   `json:"invoice_id"`
	Total        Decimal                    `json:"total"`
	Items        looseList[orderedItemWire] `json:"items"`
}

func (w *orderResultWire) public() OrderResult {
	r := OrderResult{
		OrderNumber: int64(w.OrderNumber), InvoiceID: int64(w.InvoiceID), Total: w.Total,
		Items: convert(w.Items, (*orderedItemWire).public),
	}
	if w.OrderNumbers != nil {
		r.OrderNumbers = make([]int64, len(w.OrderNumbers))
		for i, n := range w.OrderNumbers {
			r.OrderNumbers[i] = int64(n)
		}
		if r.OrderNumber == 0 && len(r.OrderNumbers) > 0 {
			r.OrderNumber = r.OrderNumbers[0]
		}
	}
	return r
}

type orderedItemWire struct {
	ID        looseInt `json:"id"`
	Type      string   `json:"type"`
	Name      string   `json:"name"`
	ProductID looseInt `json:"product_id"`
}

func (w *orderedItemWire) public() OrderedItem {
	return OrderedItem{ID: int64(w.ID), Type: w.Type, Name: w.Name, ProductID: int64(w.ProductID)}
}

// placeOrder sends an order (rt, body) and returns what it created. An order is a side effect:
// it is never sent again once it may have reached the server.
func placeOrder(ctx context.Context, c *Client, rt route, body any) (*OrderResult, error) {
	var w orderResultWire
	if err := c.do(ctx, rt, body, &w); err != nil {
		return nil, err
	}
	out := w.public()
	return &out, nil
}
