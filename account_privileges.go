package unmetered

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// Privileges is the privilege tree of a contact, or the tree of grantable privileges.
// Billing, Support and Misc hold keys such as "payinvoice", "newticket" or "manageprofiles";
// Services and Domains hold full control and per-object grants. Sections the SDK does not know
// are kept in Other and sent back unchanged.
type Privileges struct {
	Billing  []string          `json:"billing,omitempty"`
	Support  []string          `json:"support,omitempty"`
	Misc     []string          `json:"misc,omitempty"`
	Services *ObjectPrivileges `json:"services,omitempty"`
	Domains  *ObjectPrivileges `json:"domains,omitempty"`
	Other    Object            `json:"-"`
}

// UnmarshalJSON accepts the tree as an object, or as an empty array (PHP's empty map).
func (p *Privileges) UnmarshalJSON(b []byte) error {
	*p = Privileges{}
	if isEmptyJSONArray(b) || string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return wireError("Privileges", b, err)
	}
	for key, v := range raw {
		var err error
		switch key {
		case "billing":
			p.Billing, err = decodeStrings(v)
		case "support":
			p.Support, err = decodeStrings(v)
		case "misc":
			p.Misc, err = decodeStrings(v)
		case "services":
			p.Services = new(ObjectPrivileges)
			err = json.Unmarshal(v, p.Services)
		case "domains":
			p.Domains = new(ObjectPrivileges)
			err = json.Unmarshal(v, p.Domains)
		default:
			if p.Other == nil {
				p.Other = Object{}
			}
			p.Other[key] = v
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSON encodes the tree in the shape the server sends, Other's sections included.
func (p Privileges) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(p.Other)+5)
	for k, v := range p.Other {
		m[k] = v
	}
	if p.Billing != nil {
		m["billing"] = p.Billing
	}
	if p.Support != nil {
		m["support"] = p.Support
	}
	if p.Misc != nil {
		m["misc"] = p.Misc
	}
	if p.Services != nil {
		m["services"] = p.Services
	}
	if p.Domains != nil {
		m["domains"] = p.Domains
	}
	return json.Marshal(m)
}

// ObjectPrivileges are the privileges over services or domains: Full grants full control over
// all of them; ByID grants privileges (e.g. "basic", "renew", "nameservers") per service or
// domain id.
type ObjectPrivileges struct {
	Full bool
	ByID map[int64][]string
}

// IDs returns the ids in ByID in ascending order.
func (o *ObjectPrivileges) IDs() []int64 {
	ids := make([]int64, 0, len(o.ByID))
	for id := range o.ByID {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// UnmarshalJSON reads {"full": 1, "332": ["basic", ...]} (or an empty array).
func (o *ObjectPrivileges) UnmarshalJSON(b []byte) error {
	*o = ObjectPrivileges{}
	if isEmptyJSONArray(b) || string(bytes.TrimSpace(b)) == "null" {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return wireError("ObjectPrivileges", b, err)
	}
	for key, v := range raw {
		if key == "full" {
			var full looseBool
			if err := full.UnmarshalJSON(v); err != nil {
				return err
			}
			o.Full = bool(full)
			continue
		}
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return wireError("ObjectPrivileges", b, fmt.Errorf("key %q is neither \"full\" nor an id", key))
		}
		list, err := decodeStrings(v)
		if err != nil {
			return err
		}
		if o.ByID == nil {
			o.ByID = map[int64][]string{}
		}
		o.ByID[id] = list
	}
	return nil
}

// MarshalJSON writes the server's shape: {"full": 1, "332": [...]}.
func (o ObjectPrivileges) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(o.ByID)+1)
	if o.Full {
		m["full"] = 1
	}
	for id, list := range o.ByID {
		m[strconv.FormatInt(id, 10)] = list
	}
	return json.Marshal(m)
}

func decodeStrings(b []byte) ([]string, error) {
	var l looseList[string]
	if err := l.UnmarshalJSON(b); err != nil {
		return nil, err
	}
	return []string(l), nil
}
