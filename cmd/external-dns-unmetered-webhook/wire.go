package main

// The webhook protocol's JSON, as external-dns (sigs.k8s.io/external-dns) serializes its
// endpoint.Endpoint, plan.Changes and endpoint.DomainFilter. These are this program's own
// types, not a dependency on external-dns: the protocol is the JSON, and encoding/json matches
// object keys case-insensitively, so both spellings external-dns has used for plan.Changes
// ("Create" before v0.17, "create" since) decode alike.

// mediaType is the protocol's media type and version, sent as every answer's Content-Type. It
// is written exactly so, without a space: external-dns compares the negotiation answer's
// Content-Type with this string.
const mediaType = "application/external.dns.webhook+json;version=1"

// Endpoint is one RRset as external-dns sees it: a name, a type, and its targets.
type Endpoint struct {
	// DNSName is the owner name, fully qualified without the trailing dot ("www.example.com").
	DNSName string `json:"dnsName,omitempty"`
	// Targets are the values, in external-dns's form (see targetOf).
	Targets []string `json:"targets,omitempty"`
	// RecordType is "A", "TXT", ...
	RecordType string `json:"recordType,omitempty"`
	// SetIdentifier tells apart the RRsets of one name in routing policies, which the portal
	// does not have; adjustendpoints clears it.
	SetIdentifier string `json:"setIdentifier,omitempty"`
	// RecordTTL is the TTL in seconds; 0 means not configured.
	RecordTTL int64 `json:"recordTTL,omitempty"`
	// Labels are external-dns's own bookkeeping (owner, resource, ...). They are never
	// stored here, but adjustendpoints hands every one back: the TXT registry builds its
	// ownership record from them.
	Labels map[string]string `json:"labels,omitempty"`
	// ProviderSpecific holds properties for other providers; none applies to the portal.
	ProviderSpecific []ProviderSpecificProperty `json:"providerSpecific,omitempty"`
}

// ProviderSpecificProperty is one provider-specific property of an Endpoint.
type ProviderSpecificProperty struct {
	Name  string `json:"name,omitempty"`
	Value string `json:"value,omitempty"`
}

// Changes is the body of POST /records: what external-dns wants created, updated (the old
// and the new version of each RRset, in the same order) and deleted.
type Changes struct {
	Create    []*Endpoint `json:"create,omitempty"`
	UpdateOld []*Endpoint `json:"updateOld,omitempty"`
	UpdateNew []*Endpoint `json:"updateNew,omitempty"`
	Delete    []*Endpoint `json:"delete,omitempty"`
}

// empty reports whether c asks for nothing.
func (c *Changes) empty() bool {
	return len(c.Create)+len(c.UpdateOld)+len(c.UpdateNew)+len(c.Delete) == 0
}

// DomainFilter is the answer to the negotiation (GET /): the domains this webhook manages, as
// external-dns's DomainFilter marshals a list filter ({} when it manages every zone of the
// account).
type DomainFilter struct {
	Include []string `json:"include,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
}

// errorBody is the body of an error answer, so that external-dns's log of a failed call and a
// human with curl both see why.
type errorBody struct {
	Error string `json:"error"`
}
