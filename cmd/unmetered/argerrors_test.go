package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/unmetered/unmetered-go/unmeteredtest"
)

// sdkWording is the SDK's wording of its own argument checks, which names its methods and
// fields ("invalid argument: ZoneFor: ...", "PlanZone: Add[0]: ..."): a command-line user
// never gave those, so a command words its argument errors itself.
var sdkWording = regexp.MustCompile(`invalid argument: [A-Z][A-Za-z]*\b|\b(Add|Set|Remove|Clear|Items)\[\d+\]`)

// TestArgumentErrorsSpeakToPeople: the commands of issue 19 and 20 (acme, dns zone create,
// domain lookup|order, cert order, service upgrade, contact create|update), each given a bad
// argument or flag, name it and say what is wrong with it, exit 2, change nothing, and never
// show the SDK's wording.
func TestArgumentErrorsSpeakToPeople(t *testing.T) {
	t.Parallel()
	srv := unmeteredtest.NewTestServer(t)
	changes := func() int {
		n := 0
		for _, r := range srv.Requests() {
			if r.Method != http.MethodGet && r.Route != "/login" && r.Route != "/quote" && r.Route != "/domain/lookup" {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"acme", "present", "bad name.booble.com", "v"},
			`error: FQDN "bad name.booble.com" is not a DNS name: it has white space or a control character in it; give the challenge record's name, like _acme-challenge.example.com.`},
		{[]string{"acme", "cleanup", "_acme-challenge..booble.com", "v"}, `FQDN "_acme-challenge..booble.com" is not a DNS name: it has an empty label`},
		{[]string{"acme", "present", strings.Repeat("a", 64) + ".booble.com", "v"}, "is 64 bytes long, and a label is at most 63"},
		{[]string{"acme", "present", strings.Repeat("a.", 127) + "com", "v"}, "is 257 bytes long, and a DNS name is at most 253"},
		{[]string{"acme", "present", "--ttl", "99999999999", "_acme-challenge.booble.com", "v"}, "--ttl 99999999999: a TTL is a number of seconds from 0"},
		{[]string{"acme", "present", "--", "a..com", "tok", "tok.x"}, `DOMAIN "a..com" is not a domain name: it has an empty label`},
		{[]string{"acme", "cleanup", "--", strings.Repeat("a.", 118) + "com", "tok", "tok.x"}, "its challenge record's name _acme-challenge.a.a."},
		{[]string{"dns", "zone", "create", "a..b.com", "--service", "10"}, `NAME "a..b.com" is not a domain name: it has an empty label`},
		{[]string{"domain", "lookup", "a..com"}, `NAME "a..com" is not a domain name: it has an empty label`},
		{[]string{"domain", "order", "bad name.com", "--dry-run"}, `NAME "bad name.com" is not a domain name`},
		{[]string{"domain", "order", "newname.com", "--nameservers", "ns1.example.net,", "--yes"}, `--nameservers: nameserver 2, "", is not a host name: it is empty`},
		{[]string{"domain", "order", "newname.com", "--nameservers", "ns1 example.net,ns2.example.net", "--yes"}, `--nameservers: nameserver 1, "ns1 example.net", is not a host name`},
		{[]string{"cert", "order", "0", "--csr", "nothere.csr", "--dry-run"}, `certificate product "0": an id is a whole number from 1`},
		{[]string{"cert", "order", "26", "--csr", "nothere.csr", "--years", "0", "--dry-run"}, "--years 0: from 1 to 10"},
		{[]string{"service", "upgrade", "302", "--set", "Disk=-5", "--dry-run"}, "--set Disk=-5: Disk takes a quantity"},
		{[]string{"service", "upgrade", "302", "--package", "-1", "--dry-run"}, "--package -1: a package id from 1"},
		{[]string{"service", "upgrade", "302", "--cycle", "fortnightly", "--dry-run"}, `--cycle "fortnightly": use one of`},
		{[]string{"contact", "create", "--email", " "}, "--email is required"},
		{[]string{"contact", "create", "--email", "x@example.com", "--type", "x"}, `--type "x": use one of`},
		{[]string{"contact", "create", "--email", "x@example.com", "--country", "USA"}, `--country "USA": a two-letter country code`},
		{[]string{"contact", "update", "49"}, "nothing to change"},
		{[]string{"contact", "update", "49", "--email", ""}, "--email cannot be empty"},
	} {
		before := changes()
		ta := newTestApp(t)
		ta.useFake(srv, "basic")
		code := ta.exec(t, tc.args...)
		stderr := ta.stderr.String()
		assert.Equal(t, exitUsage, code, "%v: %s", tc.args, stderr)
		assert.Contains(t, stderr, tc.want, "%v", tc.args)
		assert.NotRegexp(t, sdkWording, stderr, "%v: no SDK wording", tc.args)
		assert.Equal(t, before, changes(), "%v: nothing changed", tc.args)
	}
}
