package unmetered

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Wire forms of the Domains section: the portal's JSON with its loose types, converted to the
// public types of domains_types.go, domains_dns.go and domains_order.go by their public methods.

// domainWire is a Domain as GET /domain, /domain/@id and /domain/name/@name send it.
type domainWire struct {
	ID              looseInt          `json:"id"`
	Name            string            `json:"name"`
	Status          DomainStatus      `json:"status"`
	DateCreated     Date              `json:"date_created"`
	Expires         Date              `json:"expires"`
	NextDue         Date              `json:"next_due"`
	NextInvoice     Date              `json:"next_invoice"`
	Period          looseInt          `json:"period"`
	FirstPayment    Decimal           `json:"firstpayment"`
	RecurringAmount Decimal           `json:"recurring_amount"`
	IDProtection    looseBool         `json:"idprotection"`
	AutoRenew       looseBool         `json:"autorenew"`
	Nameservers     looseList[string] `json:"nameservers"`
	DaysToExpire    looseInt          `json:"daytoexpire"`
}

func (w *domainWire) public() Domain {
	return Domain{
		ID: int64(w.ID), Name: w.Name, Status: w.Status,
		DateCreated: w.DateCreated, Expires: w.Expires, NextDue: w.NextDue, NextInvoice: w.NextInvoice,
		Period: int64(w.Period), FirstPayment: w.FirstPayment, RecurringAmount: w.RecurringAmount,
		IDProtection: bool(w.IDProtection), AutoRenew: bool(w.AutoRenew),
		Nameservers: []string(w.Nameservers), DaysToExpire: int64(w.DaysToExpire),
	}
}

type domainNameserversWire struct {
	Nameservers looseList[string] `json:"nameservers"`
}

type domainEPPCodeWire struct {
	Code Secret `json:"epp_code"`
}

type domainSyncWire struct {
	Status  DomainStatus `json:"status"`
	Expires Date         `json:"expires"`
}

type domainRegistrarLockWire struct {
	Locked looseBool `json:"reglock"`
}

type domainAutoRenewWire struct {
	Enabled looseBool `json:"autorenew"`
}

type domainEmailForwardingWire struct {
	Rules looseList[DomainEmailForward] `json:"forwarding"`
}

// domainContactsWire is GET /domain/@id/contact: {"contact_info": {"registrant": {...}, ...}}.
type domainContactsWire struct {
	Info domainContactSetWire `json:"contact_info"`
}

type domainContactSetWire struct {
	Registrant *domainContactWire `json:"registrant"`
	Admin      *domainContactWire `json:"admin"`
	Tech       *domainContactWire `json:"tech"`
	Billing    *domainContactWire `json:"billing"`
}

// UnmarshalJSON reads [] (PHP's empty map) and null as no contacts.
func (w *domainContactSetWire) UnmarshalJSON(b []byte) error {
	type plain domainContactSetWire
	return decodeLooseObject(b, (*plain)(w))
}

// domainContactWire is one WHOIS contact as the portal sends and takes it. Postcode and phone
// number may come as numbers.
type domainContactWire struct {
	FirstName   string    `json:"firstname,omitempty"`
	LastName    string    `json:"lastname,omitempty"`
	CompanyName string    `json:"companyname,omitempty"`
	Email       string    `json:"email,omitempty"`
	Address1    string    `json:"address1,omitempty"`
	Address2    string    `json:"address2,omitempty"`
	City        string    `json:"city,omitempty"`
	State       string    `json:"state,omitempty"`
	PostCode    looseText `json:"postcode,omitempty"`
	Country     string    `json:"country,omitempty"`
	Phone       looseText `json:"phonenumber,omitempty"`
}

// UnmarshalJSON reads [] (PHP's empty map) as an empty contact.
func (w *domainContactWire) UnmarshalJSON(b []byte) error {
	type plain domainContactWire
	return decodeLooseObject(b, (*plain)(w))
}

func (w *domainContactWire) public() *DomainContact {
	if w == nil {
		return nil
	}
	return &DomainContact{
		FirstName: w.FirstName, LastName: w.LastName, CompanyName: w.CompanyName, Email: w.Email,
		Address1: w.Address1, Address2: w.Address2, City: w.City, State: w.State,
		PostCode: string(w.PostCode), Country: w.Country, Phone: string(w.Phone),
	}
}

func (w *domainContactsWire) public() DomainContacts {
	return DomainContacts{
		Registrant: w.Info.Registrant.public(), Admin: w.Info.Admin.public(),
		Tech: w.Info.Tech.public(), Billing: w.Info.Billing.public(),
	}
}

// contactWire is c in the portal's field names (empty fields left out).
func contactWire(c *DomainContact) *domainContactWire {
	return &domainContactWire{
		FirstName: c.FirstName, LastName: c.LastName, CompanyName: c.CompanyName, Email: c.Email,
		Address1: c.Address1, Address2: c.Address2, City: c.City, State: c.State,
		PostCode: looseText(c.PostCode), Country: c.Country, Phone: looseText(c.Phone),
	}
}

// wire returns the "contact_info" object of UpdateContacts: the contacts r gives, by type.
func (r DomainContactsRequest) wire() map[string]*domainContactWire {
	out := map[string]*domainContactWire{}
	for typ, c := range map[string]*DomainContact{"registrant": r.Registrant, "admin": r.Admin, "tech": r.Tech, "billing": r.Billing} {
		if c != nil {
			out[typ] = contactWire(c)
		}
	}
	return out
}

// domainDNSRecordWire is a registrar DNS record as GET /domain/@id/dns sends it.
type domainDNSRecordWire struct {
	ID       looseInt            `json:"id"`
	Name     string              `json:"name"`
	Type     DomainDNSRecordType `json:"type"`
	TTL      looseInt            `json:"ttl"`
	Priority looseInt            `json:"priority"`
	Content  looseContent        `json:"content"`
}

func (w *domainDNSRecordWire) public() DomainDNSRecord {
	return DomainDNSRecord{
		ID: int64(w.ID), Name: w.Name, Type: w.Type, TTL: int64(w.TTL), Priority: int64(w.Priority), Content: w.Content.String(),
	}
}

// dnssecFlagsWire is GET /domain/@id/dnssec/flags: {"flags": {"256": "Zone Signing Key", ...}}.
type dnssecFlagsWire struct {
	Flags dnssecFlagList `json:"flags"`
}

// dnssecFlagList reads an object keyed by flag value, in ascending order of value; [] and null
// are no flags.
type dnssecFlagList []DNSSECFlagOption

// UnmarshalJSON implements json.Unmarshaler.
func (l *dnssecFlagList) UnmarshalJSON(b []byte) error {
	var m map[string]looseText
	if err := decodeLooseObject(b, &m); err != nil {
		return err
	}
	list := make(dnssecFlagList, 0, len(m))
	for k, name := range m {
		v, err := strconv.ParseInt(strings.TrimSpace(k), 10, 64)
		if err != nil {
			return fmt.Errorf("unmetered: DNSSEC flag %q is not a number", k)
		}
		list = append(list, DNSSECFlagOption{Value: DNSSECFlag(v), Name: string(name)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Value < list[j].Value })
	*l = list
	return nil
}

// dnssecKeysWire is GET /domain/@id/dnssec: {"keys": [{"id", "flags", "alg", "pubkey"}]}.
type dnssecKeysWire struct {
	Keys looseList[dnssecKeyWire] `json:"keys"`
}

type dnssecKeyWire struct {
	ID        looseText `json:"id"`
	Flags     looseInt  `json:"flags"`
	Algorithm looseInt  `json:"alg"`
	PublicKey string    `json:"pubkey"`
}

func (w *dnssecKeyWire) public() DNSSECKey {
	return DNSSECKey{ID: string(w.ID), Flags: DNSSECFlag(w.Flags), Algorithm: int64(w.Algorithm), PublicKey: w.PublicKey}
}

// domainPeriodWire is a TLD's price for one period, as Lookup and TLDs send it.
type domainPeriodWire struct {
	TLDID      looseInt `json:"id"`
	Years      looseInt `json:"period"`
	Register   Decimal  `json:"register"`
	Transfer   Decimal  `json:"transfer"`
	Renew      Decimal  `json:"renew"`
	Redemption Decimal  `json:"redemption"`
}

func (w *domainPeriodWire) public() DomainPeriod {
	return DomainPeriod{
		TLDID: int64(w.TLDID), Years: int64(w.Years),
		Register: w.Register, Transfer: w.Transfer, Renew: w.Renew, Redemption: w.Redemption,
	}
}

type domainLookupWire struct {
	Name      string                      `json:"name"`
	Available looseBool                   `json:"available"`
	Premium   looseBool                   `json:"premium"`
	Status    string                      `json:"status"`
	Periods   looseList[domainPeriodWire] `json:"periods"`
}

func (w *domainLookupWire) public() DomainLookup {
	return DomainLookup{
		Name: w.Name, Available: bool(w.Available), Premium: bool(w.Premium), Status: w.Status,
		Periods: convert(w.Periods, (*domainPeriodWire).public),
	}
}

type tldWire struct {
	ID      looseInt                    `json:"id"`
	TLD     string                      `json:"tld"`
	Periods looseList[domainPeriodWire] `json:"periods"`
}

func (w *tldWire) public() TLD {
	return TLD{ID: int64(w.ID), TLD: w.TLD, Periods: convert(w.Periods, (*domainPeriodWire).public)}
}

// domainRenewalWire is the response of POST /domain/@id/renew.
type domainRenewalWire struct {
	OrderNumber looseInt `json:"order_num"`
	InvoiceID   looseInt `json:"invoice_id"`
	Total       Decimal  `json:"total"`
}

func (w *domainRenewalWire) public() DomainRenewal {
	return DomainRenewal{OrderNumber: int64(w.OrderNumber), InvoiceID: int64(w.InvoiceID), Total: w.Total}
}
