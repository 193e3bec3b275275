package unmetered

import "encoding/json"

// The public types of the Services section: results, their enumerations and the requests.
// Their wire forms are in services_wire.go.

// ServiceStatus is the state of a service. The API reference shows ServicePending and
// ServiceActive; the others are HostBill's remaining service states. The server may send a
// state not listed here: Service.Status then holds it as sent.
type ServiceStatus string

// The states of a service.
const (
	// ServicePending is a service ordered and not yet provisioned (typically until its first
	// invoice is paid).
	ServicePending ServiceStatus = "Pending"
	// ServiceActive is a service in use.
	ServiceActive ServiceStatus = "Active"
	// ServiceSuspended is a service stopped by the portal, typically for an overdue invoice.
	ServiceSuspended ServiceStatus = "Suspended"
	// ServiceTerminated is a service removed from its server, its data deleted.
	ServiceTerminated ServiceStatus = "Terminated"
	// ServiceCancelled is a service cancelled on request (Cancel).
	ServiceCancelled ServiceStatus = "Cancelled"
	// ServiceFraud is an order the portal's staff marked as fraudulent.
	ServiceFraud ServiceStatus = "Fraud"
)

// Service is a service on the account. List fills the summary fields (ID, Domain, Name, Total,
// Status, BillingCycle, NextDue, Category, CategoryURL); Get fills the rest, without Category and
// CategoryURL. Fields a call leaves unfilled hold their zero value.
type Service struct {
	ID     int64  `json:"id"`
	Domain string `json:"domain"`
	// Name is the product's name, e.g. "Starter Hosting".
	Name string `json:"name"`
	// Label is the customer's own label for the service ("" when none; see SetLabel). Only Get
	// fills it.
	Label  string        `json:"label,omitempty"`
	Status ServiceStatus `json:"status"`
	// BillingCycle is the cycle the service is billed on, e.g. CycleMonthly.
	BillingCycle BillingCycle `json:"billing_cycle"`
	// Total is the recurring amount per billing cycle; FirstPayment what the first invoice
	// charged (Get only).
	Total        Decimal `json:"total,omitzero"`
	FirstPayment Decimal `json:"first_payment,omitzero"`
	// DateCreated (Get only), NextDue and NextInvoice (Get only) are calendar dates; zero when
	// the portal has none ("0000-00-00").
	DateCreated Date `json:"date_created,omitzero"`
	NextDue     Date `json:"next_due,omitzero"`
	NextInvoice Date `json:"next_invoice,omitzero"`
	// Category and CategoryURL name the product's category, e.g. "Hosting" and "hosting" (List
	// only).
	Category    string `json:"category,omitempty"`
	CategoryURL string `json:"category_url,omitempty"`
	// Username and Password are the service's own login (control panel, server), filled by Get.
	// They never print, log or marshal: call Reveal to read them.
	Username Secret `json:"username,omitempty"`
	Password Secret `json:"password,omitempty"`
}

// ServiceMethod is an API call available for a service, e.g. {"Cancel Service", "POST",
// "/service/@id/cancel"}.
type ServiceMethod struct {
	Name string `json:"name"`
	// Method is the HTTP method: "GET", "POST", "PUT" or "DELETE".
	Method string `json:"method"`
	// Route is the API route with "@id" standing for the service id.
	Route string `json:"route"`
}

// UpgradeOptions is what a service can be upgraded to (GET /service/@id/upgrade).
type UpgradeOptions struct {
	// Resources are the configurable resources (bandwidth, disk, ...) with their choices.
	Resources []UpgradeResource `json:"resources"`
	// Packages are the packages (products) the service can move to, kept as the server sent
	// them: the reference shows only an empty list ("package": []).
	Packages json.RawMessage `json:"packages,omitempty"`
}

// UpgradeResourceType is the form control of an upgrade resource, as the reference lists them.
// The server may send another: UpgradeResource.Type then holds it as sent.
type UpgradeResourceType string

// The controls of an upgrade resource, and the ResourceChoice each takes.
const (
	// ResourceTypeSelect is a dropdown: choose an item with ResourceItem, or with
	// ResourceItemQuantity when it has a quantity field.
	ResourceTypeSelect UpgradeResourceType = "select"
	// ResourceTypeRadio is a choice of items: ResourceItem.
	ResourceTypeRadio UpgradeResourceType = "radio"
	// ResourceTypeSlider is a quantity within Min and Max in steps of Step: ResourceQuantity.
	ResourceTypeSlider UpgradeResourceType = "slider"
	// ResourceTypeQty is a quantity field: ResourceQuantity.
	ResourceTypeQty UpgradeResourceType = "qty"
)

// UpgradeResource is one configurable resource of a service.
type UpgradeResource struct {
	// ID is the resource id: the key in UpgradeResources.
	ID   int64               `json:"id"`
	Name string              `json:"name"`
	Type UpgradeResourceType `json:"type"`
	// Items are the choices of a select or radio resource.
	Items []UpgradeItem `json:"items"`
	// Min, Max and Step bound a slider, and Value is its current quantity; Price is the
	// recurring price of one unit. The reference does not document them (the fake portal
	// sends them); they are zero for other resources.
	Min   int64   `json:"min"`
	Max   int64   `json:"max"`
	Step  int64   `json:"step"`
	Value int64   `json:"value"`
	Price Decimal `json:"price,omitzero"`
	// Raw is the whole resource as the server sent it, for keys not typed here.
	Raw Object `json:"raw,omitempty"`
}

// Selected returns the item currently selected, or nil when none is.
func (r *UpgradeResource) Selected() *UpgradeItem {
	for i := range r.Items {
		if r.Items[i].Selected {
			return &r.Items[i]
		}
	}
	return nil
}

// UpgradeItem is one choice of a resource.
type UpgradeItem struct {
	// ID is the item id to pass to ResourceItem or ResourceItemQuantity.
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Price is the recurring price per billing cycle, SetupPrice the one-time fee.
	Price      Decimal `json:"price,omitzero"`
	SetupPrice Decimal `json:"setup_price,omitzero"`
	// Selected reports whether the service has this item now.
	Selected bool `json:"selected"`
}

// UpgradeEstimate is the server's price for an upgrade (UpgradeEstimate). The reference does not
// document the response; the typed fields are those the fake portal sends under "summary", and
// Raw keeps the whole response.
type UpgradeEstimate struct {
	// Subtotal is the price before taxes; Total what the upgrade would be invoiced.
	Subtotal Decimal `json:"subtotal,omitzero"`
	Total    Decimal `json:"total,omitzero"`
	// Currency is the currency's code, e.g. "USD".
	Currency string `json:"currency"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// UpgradeResult is the server's answer to a submitted upgrade (Upgrade). The reference does not
// document the response; the typed fields are those the fake portal sends, and Raw keeps the
// whole response.
type UpgradeResult struct {
	// OrderID is the upgrade order's id.
	OrderID int64 `json:"order_id"`
	// InvoiceID is the invoice to pay for the upgrade (Billing.Invoice); 0 when the upgrade
	// costs nothing.
	InvoiceID int64 `json:"invoice_id"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// CancelType says when a cancelled service ends. Only the constants below are accepted.
type CancelType string

// The cancellation types of CancelRequest.
const (
	// CancelEndOfPeriod ends the service at the end of its paid billing period. It is what an
	// empty CancelRequest.Type means.
	CancelEndOfPeriod CancelType = "end_of_period"
	// CancelImmediately terminates the service and deletes its data at once, without waiting
	// for the end of the billing period. It cannot be undone.
	CancelImmediately CancelType = "immediate"
)

// CancelRequest is the request of Cancel.
type CancelRequest struct {
	// Type is CancelEndOfPeriod (the default when empty) or CancelImmediately. Any other value
	// is refused before anything is sent.
	Type CancelType
	// Reason says why, for the portal's staff. It is required.
	Reason string
}

// ServiceIPAddresses is the response of IPAddresses. The reference does not document it; the
// typed field is what the fake portal sends ({"ips": [...]}), and Raw keeps the whole response.
type ServiceIPAddresses struct {
	// Addresses are the service's IPv4 and IPv6 addresses, e.g. "192.0.2.10", as sent.
	Addresses []string `json:"addresses"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// ServiceReverseDNS is the response of ReverseDNS. The reference does not document it; the typed
// field is what the fake portal sends ({"rdns": {"192.0.2.10": "host.example.com"}}), and Raw
// keeps the whole response.
type ServiceReverseDNS struct {
	// Hostnames maps each IP address of the service to its reverse DNS (PTR) hostname.
	Hostnames map[string]string `json:"hostnames"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// ReverseDNSRequest is the request of SetReverseDNS.
type ReverseDNSRequest struct {
	// Hostnames maps each IP address to change ("192.0.2.10", "2001:db8::1") to its new
	// hostname. Addresses not in the map keep theirs. At least one entry; every key an IP
	// address and every hostname non-empty, without spaces.
	Hostnames map[string]string
}

// ServiceBandwidth is the response of Bandwidth: the service's bandwidth usage. The reference
// does not document it ("bandwidth usage and billing details"); the typed fields are what the
// fake portal sends under "bandwidth", and Raw keeps the whole response, billing details
// included.
type ServiceBandwidth struct {
	// Used is the traffic used in the current period and Limit the traffic included, both in
	// Unit (e.g. "GB"). Limit is zero when the server sets none.
	Used  Decimal `json:"used,omitzero"`
	Limit Decimal `json:"limit,omitzero"`
	Unit  string  `json:"unit"`
	// Raw is the whole response as sent.
	Raw Object `json:"raw,omitempty"`
}

// BandwidthGraph is one bandwidth usage image.
type BandwidthGraph struct {
	// Period is the period the graph covers, as the server names it (e.g. "day", "week",
	// "month").
	Period string `json:"period"`
	// ContentType is the image's media type, e.g. "image/png": from the server's data: URI when
	// it sends one, otherwise detected from the bytes.
	ContentType string `json:"content_type"`
	// Data is the decoded image.
	Data []byte `json:"data"`
}

// UpgradeRequest is the request of UpgradeEstimate and Upgrade. Give at least one of
// Resources, Package or Cycle. Whether it is only priced or submitted depends on the method
// called, never on a field: UpgradeEstimate asks for a price, Upgrade places the order.
type UpgradeRequest struct {
	// Resources are the new resource values, by resource id (UpgradeResource.ID).
	Resources UpgradeResources `json:"resources,omitempty"`
	// Package is the id of a new package (product); 0 keeps the current one.
	Package int64 `json:"package,omitempty"`
	// Cycle is the new billing period, e.g. CycleCodeAnnually; "" keeps the current cycle.
	Cycle CycleCode `json:"cycle,omitempty"`
}

// UpgradeResources maps resource ids to their new values. Build each value with
// ResourceQuantity, ResourceItem or ResourceItemQuantity, matching the resource's Type:
//
//	unmetered.UpgradeResources{
//		1557: unmetered.ResourceItem(10103),          // select or radio: choose an item
//		1560: unmetered.ResourceQuantity(4),          // slider or qty field
//		1561: unmetered.ResourceItemQuantity(9953, 2), // select with a quantity
//	}
type UpgradeResources map[int64]ResourceChoice

// ResourceChoice is the new value of one resource; make it with ResourceQuantity, ResourceItem
// or ResourceItemQuantity. The zero value is invalid and refused before a request is sent.
type ResourceChoice struct {
	kind     resourceKind
	item     int64
	quantity int64
}

type resourceKind uint8

const (
	resourceUnset resourceKind = iota
	resourceQuantity
	resourceItem
	resourceItemQuantity
)

// ResourceQuantity sets a slider or quantity resource to n (sent as "resource_id": n).
func ResourceQuantity(n int64) ResourceChoice {
	return ResourceChoice{kind: resourceQuantity, quantity: n}
}

// ResourceItem chooses the item itemID of a select or radio resource (sent as
// "resource_id": itemID).
func ResourceItem(itemID int64) ResourceChoice {
	return ResourceChoice{kind: resourceItem, item: itemID}
}

// ResourceItemQuantity chooses the item itemID with quantity n, for a select with a quantity
// field (sent as "resource_id": {"itemID": n}).
func ResourceItemQuantity(itemID, n int64) ResourceChoice {
	return ResourceChoice{kind: resourceItemQuantity, item: itemID, quantity: n}
}
