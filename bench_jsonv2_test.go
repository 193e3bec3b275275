//go:build goexperiment.jsonv2

package unmetered

import (
	jsonv2 "encoding/json/v2"
	"testing"
)

// What encoding/json/v2 would give the list decodes, measured only with GOEXPERIMENT=jsonv2
// (Go 1.25 and later; the SDK itself does not use v2):
//
//	GOEXPERIMENT=jsonv2 go test -run '^$' -bench 'ListDecodeV2' -benchmem -count 10
//
// WireV2 decodes the list into the wire structs with v2 (which calls the loose types'
// UnmarshalJSON, as v1 does) and converts it, as the SDK did before its one-pass decoder;
// PlainV2 is the plain baseline with v2. Under the experiment, encoding/json's v1 API runs on
// v2 too, so BenchmarkDomainListDecode's SDK and Plain change with it.

func BenchmarkDomainListDecodeV2(b *testing.B) {
	body := domainListJSON(benchDomains)
	b.Run("WireV2", func(b *testing.B) {
		benchList(b, body, benchDomains, func() (int, error) {
			var out struct {
				Domains []domainWire `json:"domains"`
			}
			if err := jsonv2.Unmarshal(body, &out); err != nil || len(out.Domains) != benchDomains {
				return len(out.Domains), err
			}
			return len(convert(out.Domains, (*domainWire).public)), nil
		})
	})
	b.Run("PlainV2", func(b *testing.B) {
		benchList(b, body, benchDomains, func() (int, error) {
			var out plainDomains
			err := jsonv2.Unmarshal(body, &out)
			return len(out.Domains), err
		})
	})
}

func BenchmarkInvoiceListDecodeV2(b *testing.B) {
	body := invoiceListJSON(benchInvoices)
	b.Run("WireV2", func(b *testing.B) {
		benchList(b, body, benchInvoices, func() (int, error) {
			var out struct {
				Invoices []invoiceWire `json:"invoices"`
			}
			if err := jsonv2.Unmarshal(body, &out); err != nil || len(out.Invoices) != benchInvoices {
				return len(out.Invoices), err
			}
			return len(convert(out.Invoices, (*invoiceWire).public)), nil
		})
	})
	b.Run("PlainV2", func(b *testing.B) {
		benchList(b, body, benchInvoices, func() (int, error) {
			var out plainInvoices
			err := jsonv2.Unmarshal(body, &out)
			return len(out.Invoices), err
		})
	})
}
