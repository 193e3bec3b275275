package unmetereddns

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/internal/charstring"
)

// Registrar zones: the DNS records the registrar hosts for a domain, addressed by an index that
// shifts when a record before it is removed. Every change is made under the zone's lock, and
// updates and deletions go through the SDK's checked writes, which read the records again and
// act only if the index still holds the record this call read.

// conflictRetries bounds how often a checked write that found its record moved by another
// writer is tried again at the record's new index.
const conflictRetries = 3

// registrarName is an owner name as the registrar lists it ("www", "@", "", or absolute) in
// canonical form for the zone z.
func registrarName(z, name string) string {
	n := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
	switch {
	case n == "" || n == "@" || n == z:
		return "@"
	case strings.HasSuffix(n, "."+z):
		return strings.TrimSuffix(n, "."+z)
	}
	return n
}

// fromRegistrar is a registrar record in canonical form. Targets are taken as fully qualified,
// as in DNS-service zones; TXT text in quotes is unquoted. A record the SDK cannot put in
// canonical form (content it does not recognise for the type) is kept as listed, trimmed.
func fromRegistrar(z string, d unmetered.DomainDNSRecord) record {
	name := registrarName(z, d.Name)
	typ := strings.ToUpper(strings.TrimSpace(string(d.Type)))
	content := d.Content
	if typ == "TXT" {
		content = charstring.Unquote(content)
	}
	r, err := canonical(z, name, typ, d.TTL, d.Priority, content)
	if err != nil {
		r = record{Name: name, Type: typ, TTL: d.TTL, Priority: d.Priority, Content: strings.TrimSpace(content)}
		if !hasPriority(typ) {
			r.Priority = 0
		}
	}
	listed := d
	r.listed = &listed
	return r
}

// registrarRequest is the record as the registrar takes it: the name relative ("@" for the
// apex), targets without the trailing dot (as DNS-service zones store them), TXT text as it is
// unless it would read back as quoted strings, no TTL (the request has none).
func registrarRequest(r record) unmetered.DomainDNSRecordRequest {
	content := r.Content
	switch r.Type {
	case "CNAME", "MX", "NS", "PTR":
		if content != "." {
			content = strings.TrimSuffix(content, ".")
		}
	case "TXT":
		if charstring.Unquote(content) != content {
			content = quoteTXT(content)
		}
	}
	return unmetered.DomainDNSRecordRequest{
		Name: r.Name, Type: unmetered.DomainDNSRecordType(r.Type), Priority: r.Priority, Content: content,
	}
}

func (z *zoneHandle) registrarList(ctx context.Context) ([]record, error) {
	listed, err := z.c.Domains.DNSRecords(ctx, z.domain.ID)
	if err != nil {
		return nil, err
	}
	out := make([]record, len(listed))
	for i, d := range listed {
		out[i] = fromRegistrar(z.name, d)
	}
	return out, nil
}

// registrarCreate adds the records, one request each. The registrar appends them, so no index
// of a record already there moves. Its answer carries nothing about the record, and it takes
// no TTL: a record is returned as sent, with the TTL 0 (the registrar's default).
func (z *zoneHandle) registrarCreate(ctx context.Context, recs []record) ([]record, error) {
	out := make([]record, 0, len(recs))
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return out, z.recordErr("creating", r, err)
		}
		if err := z.c.Domains.CreateDNSRecord(ctx, z.domain.ID, registrarRequest(r)); err != nil {
			return out, z.recordErr("creating", r, err)
		}
		r.TTL = 0
		out = append(out, r)
	}
	return out, nil
}

// registrarUpdate replaces u.old with u.new in place. The request has no TTL: the record is
// returned with TTL 0, the registrar's default, as the registrar then lists it.
func (z *zoneHandle) registrarUpdate(ctx context.Context, u update) (record, error) {
	req := registrarRequest(u.new)
	found, err := z.checked(ctx, *u.old.listed, func(last unmetered.DomainDNSRecord) error {
		return z.c.Domains.UpdateDNSRecordChecked(ctx, z.domain.ID, last, req)
	})
	if err != nil {
		return record{}, err
	}
	if !found {
		return record{}, fmt.Errorf("%w: another writer removed or changed the record; nothing was sent", unmetered.ErrConflict)
	}
	r := u.new
	r.TTL = 0
	return r, nil
}

// registrarDelete deletes the record, only if the registrar still holds it. A record another
// writer removed or changed first is not deleted, and is no error.
func (z *zoneHandle) registrarDelete(ctx context.Context, r record) (bool, error) {
	found, err := z.checked(ctx, *r.listed, func(last unmetered.DomainDNSRecord) error {
		return z.c.Domains.DeleteDNSRecordChecked(ctx, z.domain.ID, last)
	})
	return found && err == nil, err
}

// checked runs a checked write of the record last. When it fails with ErrConflict (another
// writer moved or changed records since they were read), it reads the records again and, if
// one identical to last is at another index, tries again there, up to conflictRetries times.
// found is false when no identical record is left: nothing was written.
func (z *zoneHandle) checked(ctx context.Context, last unmetered.DomainDNSRecord, write func(unmetered.DomainDNSRecord) error) (bool, error) {
	for attempt := 0; ; attempt++ {
		err := write(last)
		if err == nil || !errors.Is(err, unmetered.ErrConflict) || attempt == conflictRetries {
			return true, err
		}
		now, readErr := z.c.Domains.DNSRecords(ctx, z.domain.ID)
		if readErr != nil {
			return true, fmt.Errorf("%w; reading the records again: %w", err, readErr)
		}
		i := slices.IndexFunc(now, func(d unmetered.DomainDNSRecord) bool { return sameListed(d, last) })
		if i < 0 {
			return false, nil
		}
		last = now[i]
	}
}

// sameListed reports whether a and b are the same record, wherever they are (the index aside).
func sameListed(a, b unmetered.DomainDNSRecord) bool {
	return a.Name == b.Name && a.Type == b.Type && a.TTL == b.TTL && a.Priority == b.Priority &&
		a.Content == b.Content
}

// quoteTXT writes text as one quoted character-string, quotes and backslashes escaped, which
// charstring.Unquote reads back as text.
func quoteTXT(text string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(text) + `"`
}
