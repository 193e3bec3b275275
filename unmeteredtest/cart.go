package unmeteredtest

import (
	"fmt"
	"strings"
)

// cartRoutes are the Cart endpoints.
var cartRoutes = []*route{
	{method: "GET", pattern: "/category", h: listCategories},
	{method: "GET", pattern: "/category/@category_id/product", h: with("category_id", "Category", func(st *state) []*category { return st.categories }, listProducts)},
	{method: "GET", pattern: "/order/@product_id", h: withProduct(func(c *call, p *product) reply { return ok(obj{"product": p.config()}) })},
	{method: "POST", pattern: "/order/@product_id", h: withProduct(orderProduct)},
	{method: "POST", pattern: "/order", h: orderItems},
	{method: "POST", pattern: "/quote", h: quote},
}

// category is a product category of the cart.
type category struct {
	ID                      int64
	Name, Description, Slug string
}

func (c *category) id() int64 { return c.ID }

// product is a product on sale; ordering one creates a service of its kind.
type product struct {
	ID          int64
	Category    *category
	Name        string
	Description string
	Kind        string // the kind of service it becomes: hosting, vps, dedicated, dns
	Periods     []productPeriod
	NeedsDomain bool
	Forms       []obj // configuration forms, as GET /order/@product_id shows them
	Addons      []obj
}

type productPeriod struct {
	Cycle        string
	Price, Setup money
}

func (p *product) id() int64 { return p.ID }

func (p *product) period(cycle string) (productPeriod, bool) {
	return first(p.Periods, func(pp productPeriod) bool { return pp.Cycle == cycle })
}

func withProduct(h func(*call, *product) reply) handler {
	return with("product_id", "Product", func(st *state) []*product { return st.products }, h)
}

func listCategories(c *call) reply {
	return ok(obj{"categories": renderEach(c.st.categories, func(cat *category) obj {
		return obj{"id": idString(cat.ID), "name": cat.Name, "description": cat.Description, "slug": cat.Slug}
	})})
}

// periodItems renders a product's periods as the cart's select items, the first one selected.
func (p *product) periodItems() []obj {
	items := []obj{}
	for i, pp := range p.Periods {
		items = append(items, obj{"title": pp.Cycle, "value": pp.Cycle, "price": pp.Price.num(), "setup": pp.Setup.num(), "selected": i == 0})
	}
	return items
}

func listProducts(c *call, cat *category) reply {
	return ok(obj{"products": renderEach(c.st.products, func(p *product) obj {
		if p.Category != cat {
			return nil
		}
		return obj{
			"id": idString(p.ID), "type": "1", "name": p.Name, "stock": false, "paytype": "Regular",
			"description": p.Description, "qty": "0", "tags": []string{}, "periods": p.periodItems(),
		}
	})})
}

// config is GET /order/@product_id: the product with its order form.
func (p *product) config() obj {
	first := p.Periods[0]
	return obj{
		"id": idString(p.ID), "category_name": p.Category.Name, "category_id": idString(p.Category.ID),
		"name": p.Name, "price": first.Price.num(), "recurring": first.Cycle, "setup": first.Setup.num(),
		"config": obj{
			"product": []obj{
				{"type": "select", "title": "pickcycle", "id": "cycle", "name": "cycle", "items": p.periodItems(),
					"value": first.Cycle, "price": first.Price.num(), "setup": first.Setup.num()},
				{"type": "input", "title": "domain", "id": "domain", "name": "domain", "value": nil},
			},
			"forms": nonNil(p.Forms), "addons": nonNil(p.Addons), "subproducts": []obj{},
		},
		"recurring_price": first.Price.num(), "prorata_date": nil,
	}
}

func nonNil(list []obj) []obj {
	if list == nil {
		return []obj{}
	}
	return list
}

// orderLine is one checked item of an order, ready to be invoiced and created.
type orderLine struct {
	typ         string // the order item's type: "Hosting", "Domain Register", "Domain Transfer"
	name        string // the domain name the item is for
	productID   int64
	description string // the invoice line
	amount      money  // what the first invoice charges
	cycle       string // the recurring period's symbol, for quotes
	recurring   money
	quoted      obj                                 // the item as POST /quote shows it
	create      func(st *state, inv *invoice) int64 // adds the pending service, domain or certificate
	// itemID is the existing object a line bills when it creates none (a renewal; create is
	// nil): the invoice line names it, the order's items leave it out.
	itemID int64
}

// placeOrder invoices the lines on one invoice, creates what they order and returns the
// invoice, the order number and the order's items: the services, domains and certificates it
// created (a renewal creates nothing and is only invoiced).
func (st *state) placeOrder(lines []*orderLine) (*invoice, int64, []obj) {
	items := make([]invoiceItem, len(lines))
	for i, l := range lines {
		items[i] = invoiceItem{Type: l.typ, Description: l.description, Amount: l.amount, ItemID: l.itemID}
	}
	inv := st.newInvoice(items)
	orderNum := next(&st.lastOrder)
	out := []obj{}
	for i, l := range lines {
		if l.create == nil {
			continue
		}
		id := l.create(st, inv)
		inv.Items[i].ItemID = id
		out = append(out, obj{"id": idString(id), "type": l.typ, "name": l.name, "product_id": idString(l.productID)})
	}
	return inv, orderNum, out
}

// lineParser checks one order item's parameters.
type lineParser func(st *state, in input) (*orderLine, []string)

// orderOne answers the single-item orders (POST /order/@product_id, /domain/order,
// /certificate/order): {"order_num", "invoice_id", "total", "items": {one item}}.
func orderOne(parse lineParser) handler {
	return func(c *call) reply {
		line, errs := parse(c.st, c.in)
		if errs = append(checkPayMethod(c.in), errs...); len(errs) > 0 {
			return invalid(errs...)
		}
		inv, num, items := c.st.placeOrder([]*orderLine{line})
		return ok(obj{"order_num": num, "invoice_id": idString(inv.ID), "total": inv.total().String(), "items": items[0]})
	}
}

func orderProduct(c *call, p *product) reply {
	c.in["product_id"] = idString(p.ID)
	return orderOne((*state).productLine)(c)
}

// productLine checks an order for a product: product_id, cycle, domain, promocode.
func (st *state) productLine(in input) (*orderLine, []string) {
	id, _, _ := in.num("product_id")
	p, found := find(st.products, id)
	if !found {
		return nil, []string{"product_id must be a product of GET /category/@category_id/product"}
	}
	var errs []string
	cycle := in.str("cycle")
	if cycle == "" {
		cycle = p.Periods[0].Cycle
	}
	period, offered := p.period(cycle)
	if !offered {
		errs = append(errs, fmt.Sprintf("cycle %q is not offered for %s; see GET /order/%d", cycle, p.Name, p.ID))
	}
	name := strings.ToLower(strings.TrimSpace(in.str("domain")))
	if name != "" && !validHost(name) || name == "" && p.NeedsDomain {
		errs = append(errs, "domain must be a domain name, e.g. example.com")
	}
	if code := in.str("promocode"); code != "" {
		errs = append(errs, "Promotion code "+code+" is not valid")
	}
	if errs != nil {
		return nil, errs
	}
	return &orderLine{
		typ: "Hosting", name: name, productID: p.ID, cycle: cycle, recurring: period.Price,
		description: p.Name + " - " + name + " (" + cycleName(cycle) + ")", amount: period.Price + period.Setup,
		quoted: obj{"product": obj{
			"id": p.ID, "category_name": p.Category.Name, "category_id": p.Category.ID, "name": p.Name,
			"domain": name, "price": period.Price.num(), "recurring": cycle, "setup": period.Setup.num(),
		}, "domains": obj{}},
		create: func(st *state, inv *invoice) int64 {
			s := st.newService(p, name, cycle)
			s.FirstPayment = period.Price + period.Setup
			return s.ID
		},
	}, nil
}

// orderItem checks one item of POST /order or /quote by its type.
func (st *state) orderItem(raw any) (*orderLine, []string) {
	m, isObj := raw.(map[string]any)
	if !isObj {
		return nil, []string{"an item must be an object with a type"}
	}
	in := input(m)
	switch in.str("type") {
	case "product":
		return st.productLine(in)
	case "domain":
		if in.str("action") == "renew" { // POST /order only: /domain/order registers or transfers
			return st.renewLine(in)
		}
		return st.domainLine(in)
	case "certificate":
		return st.certLine(in)
	}
	return nil, []string{`type must be "product", "domain" or "certificate"`}
}

// orderLines checks the "items" of POST /order and /quote. errs holds each bad item's messages.
func (st *state) orderLines(in input) (lines []*orderLine, errs [][]string, bad reply, failed bool) {
	raw, isList := in["items"].([]any)
	if !isList || len(raw) == 0 {
		return nil, nil, invalid("items is required: a list of order items"), true
	}
	for _, item := range raw {
		line, e := st.orderItem(item)
		lines, errs = append(lines, line), append(errs, e)
	}
	return lines, errs, reply{}, false
}

// orderItems is POST /order: one invoice for several items.
func orderItems(c *call) reply {
	lines, itemErrs, bad, failed := c.st.orderLines(c.in)
	if failed {
		return bad
	}
	ignore, _, _ := c.in.flag("ignore_errors")
	msgs := checkPayMethod(c.in)
	var valid []*orderLine
	for i, line := range lines {
		for _, e := range itemErrs[i] {
			if !ignore {
				msgs = append(msgs, fmt.Sprintf("Item %d: %s", i+1, e))
			}
		}
		if line != nil {
			valid = append(valid, line)
		}
	}
	if len(msgs) > 0 {
		return invalid(msgs...)
	}
	if len(valid) == 0 {
		return invalid("None of the items can be ordered")
	}
	inv, num, items := c.st.placeOrder(valid)
	nums := make([]int64, len(items))
	for i := range nums {
		nums[i] = num
	}
	return ok(obj{"order_num_list": nums, "invoice_id": idString(inv.ID), "total": inv.total().String(), "items": items})
}

// quote is POST /quote: what POST /order would charge, item by item. Nothing changes.
func quote(c *call) reply {
	lines, itemErrs, bad, failed := c.st.orderLines(c.in)
	if failed {
		return bad
	}
	if errs := checkPayMethod(c.in); errs != nil {
		return invalid(errs...)
	}
	var subtotal money
	recurring := map[string]money{}
	items := []obj{}
	for i, line := range lines {
		item := obj{"product": nil, "domains": obj{}, "coupon": obj{}, "index": i, "valid": line != nil, "info": []string{}, "error": itemErrs[i]}
		if itemErrs[i] == nil {
			item["error"] = []string{}
		}
		if line != nil {
			for k, v := range line.quoted {
				item[k] = v
			}
			subtotal += line.amount
			recurring[line.cycle] += line.recurring
		}
		items = append(items, item)
	}
	var recurringList []obj
	for _, cy := range cycles {
		if amount, set := recurring[cy.code]; set {
			recurringList = append(recurringList, obj{"title": cy.name, "price": amount.num(), "value": cy.code})
		}
	}
	return ok(obj{
		"summary": obj{
			"subtotal": subtotal.num(), "total": subtotal.num(), "credit": 0, "discount": 0, "cost": subtotal.num(),
			"recurring": nonNil(recurringList), "tax": []obj{},
		},
		"items": items,
	})
}
