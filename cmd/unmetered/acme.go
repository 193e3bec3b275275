package main

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

const acmeLong = `ACME DNS-01 challenge records, for lego's "exec" DNS provider, which the released lego and
Traefik run as PROGRAM present FQDN VALUE and PROGRAM cleanup FQDN VALUE: set
EXEC_PATH to this program and the UNMETERED_* variables (see "unmetered --help") in their
environment.

"present" adds the TXT record VALUE at FQDN in the account's DNS zone that holds FQDN (of
your zones, the longest suffix of the name; no DNS lookups). "cleanup" removes exactly that
value. Other records at the name are never touched, so the challenges of a wildcard and its
apex, which share one name, do not disturb each other. Both are idempotent: presenting a
value that is there, or cleaning up one that is not, changes nothing and succeeds.

With EXEC_MODE=RAW lego runs PROGRAM present|cleanup -- DOMAIN TOKEN KEY_AUTH instead: the
name is then _acme-challenge.DOMAIN and the value is computed from KEY_AUTH as lego computes
it (RFC 8555, section 8.4). Unlike lego's default mode, RAW does not follow a CNAME at that
name: prefer the default mode to delegate challenges with a CNAME.

The record's TTL is --ttl, else UNMETERED_TTL, else 120 seconds (lego's default). Flags go
before FQDN: what follows it is taken as it is, since a VALUE may begin with "-".`

// envTTL is the variable that sets the challenge record's TTL when --ttl is not given: lego's
// exec provider passes no flags, and unmeteredlego reads the same variable.
const envTTL = "UNMETERED_TTL"

// defaultACMETTL is the TTL of a challenge record without --ttl or UNMETERED_TTL: lego's
// default (dns01.DefaultTTL).
const defaultACMETTL = 120

// acmeResult is what "acme present|cleanup" did.
type acmeResult struct {
	Zone string `json:"zone"`
	// Name is the record's name relative to the zone ("@" for the apex); FQDN as given.
	Name  string `json:"name"`
	FQDN  string `json:"fqdn"`
	Value string `json:"value"`
	TTL   int64  `json:"ttl,omitempty"`
	// Result is "added", "already present", "removed" or "not present".
	Result string `json:"result"`
	// Records is how many records were created or deleted.
	Records int `json:"records"`
}

func newACMECmd(a *app) *cobra.Command {
	cmd := group(a, "acme", "ACME DNS-01 challenge records (lego's and Traefik's exec provider)")
	cmd.Long = acmeLong
	cmd.AddCommand(newACMEPresentCmd(a), newACMECleanupCmd(a))
	return cmd
}

func newACMEPresentCmd(a *app) *cobra.Command {
	var ttl int64
	cmd := &cobra.Command{
		Use:   "present FQDN VALUE",
		Short: "Add an ACME challenge's TXT record (lego exec: present FQDN VALUE)",
		Long: `Add the TXT record VALUE at FQDN, unless FQDN already holds that value. See "unmetered acme
--help". The record is sent once: exit code 3 means it may have been added although the answer
was lost, and running the command again is then safe.`,
		Example: `  unmetered acme present _acme-challenge.example.com. "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
  unmetered acme present -- example.com TOKEN KEY_AUTH   # EXEC_MODE=RAW
  EXEC_PATH=$(command -v unmetered) lego run --dns exec -d example.com -d '*.example.com'`,
		Args: challengeArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, args []string) error {
			ch, err := parseChallenge(args)
			if err != nil {
				return err
			}
			if ttl, err = a.acmeTTL(cmd, ttl); err != nil {
				return err
			}
			zone, name, err := c.DNS.ZoneFor(ctx, ch.fqdn)
			if err != nil {
				return err
			}
			rep, err := c.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{Add: []unmetered.RecordRequest{
				{Name: name, Type: unmetered.RecordTypeTXT, TTL: ttl, Content: ch.value},
			}}, unmetered.ApplyOptions{})
			if err != nil {
				return sentChange(err)
			}
			res := acmeResult{Zone: zone.Name, Name: name, FQDN: ch.fqdn, Value: ch.value, TTL: ttl, Result: "already present", Records: len(rep.Applied)}
			if res.Records > 0 {
				res.Result = "added"
			}
			return a.printACMEResult(res)
		}),
	}
	cmd.Flags().Int64Var(&ttl, "ttl", 0, "the record's TTL in seconds (default: UNMETERED_TTL, else 120)")
	// lego passes VALUE as it is, and a challenge value may begin with "-": the arguments
	// after the first are never flags.
	cmd.Flags().SetInterspersed(false)
	return cmd
}

func newACMECleanupCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cleanup FQDN VALUE",
		Short: "Remove an ACME challenge's TXT record (lego exec: cleanup FQDN VALUE)",
		Long: `Remove the TXT records of value VALUE at FQDN: exactly that value, never another record. See
"unmetered acme --help". A value that is not there is no error. It asks no confirmation: it
removes only what "present" added, and lego runs it without a terminal.`,
		Example: `  unmetered acme cleanup _acme-challenge.example.com. "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
  unmetered acme cleanup -- example.com TOKEN KEY_AUTH   # EXEC_MODE=RAW`,
		Args: challengeArgs,
		RunE: a.runWith(func(ctx context.Context, c *unmetered.Client, _ *cobra.Command, args []string) error {
			ch, err := parseChallenge(args)
			if err != nil {
				return err
			}
			zone, name, err := c.DNS.ZoneFor(ctx, ch.fqdn)
			if err != nil {
				return err
			}
			rep, err := c.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{Remove: []unmetered.RecordFilter{
				{Name: name, Type: unmetered.RecordTypeTXT, Content: ch.value},
			}}, unmetered.ApplyOptions{})
			if err != nil {
				return sentChange(err)
			}
			// A record another writer removed meanwhile (Gone) is removed all the same.
			res := acmeResult{Zone: zone.Name, Name: name, FQDN: ch.fqdn, Value: ch.value, Result: "not present", Records: len(rep.Applied) + len(rep.Gone)}
			if res.Records > 0 {
				res.Result = "removed"
			}
			return a.printACMEResult(res)
		}),
	}
	cmd.Flags().SetInterspersed(false) // as for present: VALUE may begin with "-"
	return cmd
}

// challengeArgs accepts the arguments of lego's exec provider: FQDN VALUE, or, with
// EXEC_MODE=RAW, -- DOMAIN TOKEN KEY_AUTH. Flags parsing stops at FQDN (a VALUE may begin
// with "-"), so flags written after it arrive here as arguments and are refused.
func challengeArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 2 || len(args) == 3 && cmd.ArgsLenAtDash() == 0 {
		return nil
	}
	return &usageError{err: fmt.Errorf("%s takes FQDN VALUE, or -- DOMAIN TOKEN KEY_AUTH (lego's EXEC_MODE=RAW), not %d argument(s); flags go before FQDN", cmd.CommandPath(), len(args)), badCommandLine: true}
}

// challenge is the name and value of a DNS-01 challenge record.
type challenge struct {
	fqdn, value string
}

// parseChallenge reads FQDN VALUE (lego's exec provider) or DOMAIN TOKEN KEY_AUTH (its
// EXEC_MODE=RAW, after "--"). Nothing is sent.
func parseChallenge(args []string) (challenge, error) {
	if len(args) == 2 {
		fqdn, value := strings.TrimSpace(args[0]), args[1]
		if problem := dnsNameProblem(fqdn); problem != "" {
			return challenge{}, usageErrorf("FQDN %q is not a DNS name: %s; give the challenge record's name, like _acme-challenge.example.com.", args[0], problem)
		}
		if value == "" {
			return challenge{}, usageErrorf("VALUE is empty: give the challenge's TXT value")
		}
		return challenge{fqdn: fqdn, value: value}, nil
	}
	// EXEC_MODE=RAW: the identifier (a wildcard's is its base domain; "*." is dropped all the
	// same), the token, and the key authorization, which is TOKEN.THUMBPRINT.
	domain := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(args[0]), "*."), ".")
	token, keyAuth := args[1], args[2]
	if problem := dnsNameProblem(domain); problem != "" {
		return challenge{}, usageErrorf("DOMAIN %q is not a domain name: %s; give the domain the certificate is for, like example.com", args[0], problem)
	}
	fqdn := "_acme-challenge." + domain + "."
	if problem := dnsNameProblem(fqdn); problem != "" {
		return challenge{}, usageErrorf("DOMAIN %q: its challenge record's name %s is not a DNS name: %s", args[0], fqdn, problem)
	}
	if token == "" || !strings.HasPrefix(keyAuth, token+".") || len(keyAuth) == len(token)+1 {
		return challenge{}, usageErrorf("KEY_AUTH is not TOKEN.THUMBPRINT for this TOKEN: expected DOMAIN TOKEN KEY_AUTH, as lego's EXEC_MODE=RAW passes them")
	}
	return challenge{fqdn: fqdn, value: challengeValue(keyAuth)}, nil
}

// challengeValue is the TXT value of the DNS-01 challenge whose key authorization is keyAuth:
// the base64url encoding, without padding, of its SHA-256 digest (RFC 8555, section 8.4).
func challengeValue(keyAuth string) string {
	sum := sha256.Sum256([]byte(keyAuth))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// maxTTL is the largest TTL DNS allows (RFC 2181 section 8).
const maxTTL = 1<<31 - 1

// acmeTTL is the TTL of the challenge record: --ttl when given, else UNMETERED_TTL, else 120.
func (a *app) acmeTTL(cmd *cobra.Command, flag int64) (int64, error) {
	if cmd.Flags().Changed("ttl") {
		if flag < 0 || flag > maxTTL {
			return 0, usageErrorf("--ttl %d: a TTL is a number of seconds from 0 (the server's default) to %d", flag, maxTTL)
		}
		return flag, nil
	}
	v, ok := a.lookupEnv(envTTL)
	if !ok || strings.TrimSpace(v) == "" {
		return defaultACMETTL, nil
	}
	ttl, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || ttl < 0 || ttl > maxTTL {
		return 0, usageErrorf("%s is %q: a TTL is a whole number of seconds from 0 (the server's default) to %d", envTTL, v, maxTTL)
	}
	return ttl, nil
}

// printACMEResult prints what present or cleanup did: one line, which lego logs, or in the
// structured formats (-o json, -o yaml, --jq) the acmeResult.
func (a *app) printACMEResult(res acmeResult) error {
	if a.structured() {
		return a.writeData(res)
	}
	_, err := fmt.Fprintf(a.out, "%s: %s TXT %q in zone %s\n", res.Result, res.Name, res.Value, res.Zone)
	return err
}
