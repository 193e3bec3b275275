package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFilterMatchesAsExternalDNS checks names against the filter as external-dns's
// endpoint.DomainFilter matches them, so that the webhook and external-dns agree.
func TestFilterMatchesAsExternalDNS(t *testing.T) {
	t.Parallel()
	f := domainFilter{include: []string{"example.com", ".k8s.example.org"}, exclude: []string{"internal.example.com", ".private.example.com"}}
	for name, want := range map[string]bool{
		"example.com":                 true,
		"www.example.com":             true,
		"WWW.Example.COM.":            true,
		"notexample.com":              false,
		"example.com.evil.net":        false,
		"k8s.example.org":             false, // ".k8s.example.org": only the names below it
		"app.k8s.example.org":         true,
		"example.org":                 false,
		"internal.example.com":        false,
		"db.internal.example.com":     false,
		"private.example.com":         true, // ".private.example.com" excludes only the names below it
		"db.private.example.com":      false,
		"a-internal.example.com":      true,
		"www.notinternal.example.com": true,
	} {
		assert.Equal(t, want, f.match(name), name)
	}
	assert.True(t, domainFilter{}.match("anything.example"), "no filter matches every name")
}

func TestFilterOverlapsTheZonesItMayWriteTo(t *testing.T) {
	t.Parallel()
	f := domainFilter{include: []string{"k8s.example.com", "example.net", ".example.org"}, exclude: []string{"internal.example.net"}}
	for zone, want := range map[string]bool{
		"example.com":          true,  // holds k8s.example.com
		"k8s.example.com":      true,  // is it
		"dev.k8s.example.com":  true,  // lies within it
		"other.com":            false, // neither
		"example.net":          true,
		"internal.example.net": false, // wholly excluded
		"example.org":          true,  // holds the names below it
		"sub.example.org":      true,
		"org":                  true,
		"xample.org":           false,
	} {
		assert.Equal(t, want, f.overlaps(zone), zone)
	}
	assert.True(t, domainFilter{}.overlaps("example.com"))
	assert.False(t, domainFilter{exclude: []string{"example.com"}}.overlaps("example.com"))
	assert.True(t, domainFilter{exclude: []string{".example.com"}}.overlaps("example.com"), "its apex is still managed")
}
