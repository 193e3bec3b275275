package unmetered

import "encoding/json"

// The wire forms of the Services section: the JSON the portal sends, with its loose types, and
// their conversion to the public types of services_types.go.

// serviceWire is a service as GET /service and GET /service/@id send it.
type serviceWire struct {
	ID           looseInt `json:"id"`
	Domain       string   `json:"domain"`
	Name         string   `json:"name"`
	Label        string   `json:"label"`
	Status       string   `json:"status"`
	BillingCycle string   `json:"billingcycle"`
	Total        Decimal  `json:"total"`
	FirstPayment Decimal  `json:"firstpayment"`
	DateCreated  Date     `json:"date_created"`
	NextDue      Date     `json:"next_due"`
	NextInvoice  Date     `json:"next_invoice"`
	Category     string   `json:"category"`
	CategoryURL  string   `json:"category_url"`
	Username     Secret   `json:"username"`
	Password     Secret   `json:"password"`
}

func (w *serviceWire) public() Service {
	return Service{
		ID: int64(w.ID), Domain: w.Domain, Name: w.Name, Label: w.Label, Status: ServiceStatus(w.Status),
		BillingCycle: BillingCycle(w.BillingCycle), Total: w.Total, FirstPayment: w.FirstPayment,
		DateCreated: w.DateCreated, NextDue: w.NextDue, NextInvoice: w.NextInvoice,
		Category: w.Category, CategoryURL: w.CategoryURL, Username: w.Username, Password: w.Password,
	}
}

// upgradeOptionsWire is the response of GET /service/@id/upgrade.
type upgradeOptionsWire struct {
	Resources looseList[upgradeResourceWire] `json:"resources"`
	Packages  json.RawMessage                `json:"package"`
}

func (w *upgradeOptionsWire) public() UpgradeOptions {
	return UpgradeOptions{Resources: convert(w.Resources, (*upgradeResourceWire).public), Packages: w.Packages}
}

// upgradeResourceWire is one resource of the upgrade options. The slider's bounds, which the
// reference does not show, are read from raw leniently.
type upgradeResourceWire struct {
	ID    looseInt                   `json:"id"`
	Name  string                     `json:"name"`
	Type  string                     `json:"type"`
	Items looseList[upgradeItemWire] `json:"items"`
	raw   Object
}

// UnmarshalJSON decodes the known fields and keeps the whole object.
func (w *upgradeResourceWire) UnmarshalJSON(b []byte) error {
	type plain upgradeResourceWire
	return decodeWithRaw(b, (*plain)(w), &w.raw)
}

func (w *upgradeResourceWire) public() UpgradeResource {
	return UpgradeResource{
		ID: int64(w.ID), Name: w.Name, Type: UpgradeResourceType(w.Type),
		Items: convert(w.Items, (*upgradeItemWire).public),
		Min:   lenientInt(w.raw["min"]), Max: lenientInt(w.raw["max"]), Step: lenientInt(w.raw["step"]),
		Value: lenientInt(w.raw["value"]), Price: lenientDecimal(w.raw["price"]), Raw: w.raw,
	}
}

type upgradeItemWire struct {
	ID         looseInt  `json:"id"`
	Name       string    `json:"name"`
	Price      Decimal   `json:"price"`
	SetupPrice Decimal   `json:"setup_price"`
	Selected   looseBool `json:"selected"`
}

func (w *upgradeItemWire) public() UpgradeItem {
	return UpgradeItem{ID: int64(w.ID), Name: w.Name, Price: w.Price, SetupPrice: w.SetupPrice, Selected: bool(w.Selected)}
}

// The responses below are not documented by the reference. Each is kept whole (an Object) and
// its typed fields are read from the shape the fake portal sends, leniently: a value of another
// shape leaves the field zero, and Raw still holds it.

// upgradeEstimateWire is the response of POST /service/@id/upgrade with "send": false.
type upgradeEstimateWire struct{ Object }

func (w *upgradeEstimateWire) public() UpgradeEstimate {
	var summary struct {
		Subtotal json.RawMessage `json:"subtotal"`
		Total    json.RawMessage `json:"total"`
		Currency json.RawMessage `json:"currency"`
	}
	_ = w.Decode("summary", &summary) // lenient: see above
	return UpgradeEstimate{
		Subtotal: lenientDecimal(summary.Subtotal), Total: lenientDecimal(summary.Total),
		Currency: lenientString(summary.Currency), Raw: w.Object,
	}
}

// upgradeResultWire is the response of POST /service/@id/upgrade with "send": true.
type upgradeResultWire struct{ Object }

func (w *upgradeResultWire) public() UpgradeResult {
	return UpgradeResult{OrderID: lenientInt(w.Object["order_id"]), InvoiceID: lenientInt(w.Object["invoice_id"]), Raw: w.Object}
}

// ipAddressesWire is the response of GET /service/@id/ip: {"ips": [...]} from the fake portal.
type ipAddressesWire struct{ Object }

func (w *ipAddressesWire) public() ServiceIPAddresses {
	var ips looseList[string]
	if w.Decode("ips", &ips) != nil {
		ips = nil
	}
	return ServiceIPAddresses{Addresses: ips, Raw: w.Object}
}

// reverseDNSWire is the response of GET /service/@id/rdns: {"rdns": {ip: hostname}} from the
// fake portal.
type reverseDNSWire struct{ Object }

func (w *reverseDNSWire) public() ServiceReverseDNS {
	var hosts map[string]string
	if isEmptyJSONArray(w.Object["rdns"]) { // PHP's empty map
		hosts = map[string]string{}
	} else if w.Decode("rdns", &hosts) != nil {
		hosts = nil
	}
	return ServiceReverseDNS{Hostnames: hosts, Raw: w.Object}
}

// bandwidthWire is the response of GET /service/@id/bandwidth: {"bandwidth": {"used", "limit",
// "unit"}} from the fake portal.
type bandwidthWire struct{ Object }

func (w *bandwidthWire) public() ServiceBandwidth {
	var bw struct {
		Used  json.RawMessage `json:"used"`
		Limit json.RawMessage `json:"limit"`
		Unit  json.RawMessage `json:"unit"`
	}
	_ = w.Decode("bandwidth", &bw) // lenient: see above
	return ServiceBandwidth{Used: lenientDecimal(bw.Used), Limit: lenientDecimal(bw.Limit), Unit: lenientString(bw.Unit), Raw: w.Object}
}

// lenientInt reads an integer sent as a number or a string; anything else (absent included) is 0.
func lenientInt(raw json.RawMessage) int64 {
	var n looseInt
	if len(raw) == 0 || n.UnmarshalJSON(raw) != nil {
		return 0
	}
	return int64(n)
}

// lenientDecimal reads a decimal sent as a number or a string; anything else (absent included)
// is zero.
func lenientDecimal(raw json.RawMessage) Decimal {
	var d Decimal
	if len(raw) == 0 || d.UnmarshalJSON(raw) != nil {
		return Decimal{}
	}
	return d
}

// lenientString reads a string, or a number as its text; anything else (absent included) is "".
func lenientString(raw json.RawMessage) string {
	var t looseText
	if len(raw) == 0 || t.UnmarshalJSON(raw) != nil {
		return ""
	}
	return string(t)
}
