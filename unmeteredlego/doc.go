// Package unmeteredlego is a DNS-01 challenge provider for lego v5
// (github.com/go-acme/lego/v5): lego, and programs built on it, get certificates (wildcards
// too) for names in an Unmetered account's DNS-service zones.
//
// It follows lego's provider conventions: NewDNSProvider reads the environment,
// NewDNSProviderConfig takes a *Config (start from NewDefaultConfig), and the *DNSProvider
// has Present, CleanUp and Timeout (challenge.ProviderTimeout). Register it with a lego
// client:
//
//	provider, err := unmeteredlego.NewDNSProvider()
//	if err != nil {
//		return err
//	}
//	err = legoClient.Challenge.SetDNS01Provider(provider)
//
// # Environment
//
//	UNMETERED_USERNAME, UNMETERED_PASSWORD  the client-area login (required)
//	UNMETERED_AUTH                          "basic" (the default) or "jwt" (one login, then tokens)
//	UNMETERED_BASE_URL                      the API root (default unmetered.DefaultBaseURL)
//	UNMETERED_TTL                           the challenge record's TTL, seconds (default 120)
//	UNMETERED_PROPAGATION_TIMEOUT           how long lego waits for the record to show, seconds (default 60)
//	UNMETERED_POLLING_INTERVAL              how often lego looks, seconds (default 2)
//	UNMETERED_HTTP_TIMEOUT                  each API request's time limit, seconds (default 30)
//
// As with every lego provider, each variable may instead name a file that holds the value:
// UNMETERED_PASSWORD_FILE=/run/secrets/unmetered (lego's env.GetOrFile; the variable itself
// wins when both are set).
//
// # Zones and records
//
// The zone of a challenge is found among the account's DNS-service zones (GET /dns): the one
// whose name is the longest suffix of the challenge's name (unmetered.DNSService.ZoneFor),
// never by SOA lookups, which split-horizon DNS and unpublished zones break. The name is lego's
// (dns01.GetChallengeInfo): _acme-challenge.<domain>, or where a CNAME there points, so a
// challenge can be delegated to another zone of the account.
//
// Present adds the challenge's TXT value at that name unless the name already holds it, and
// CleanUp removes exactly that value (unmetered.DNSService.EditZone with Add, then Remove):
// other TXT records at the name are never touched, so several challenges for one name at once
// (a wildcard and its apex share _acme-challenge) never disturb each other.
//
// One DNSProvider keeps one *unmetered.Client for its life: with UNMETERED_AUTH=jwt a
// long-running process (Traefik, a lego daemon) logs in once and then refreshes its session,
// well inside the portal's limit of logins.
//
// # Without a custom build
//
// The released lego and Traefik reach Unmetered through lego's exec provider and the
// command-line tool: EXEC_PATH=$(which unmetered) runs "unmetered acme present FQDN VALUE" and
// "unmetered acme cleanup FQDN VALUE" (see the repository's README).
package unmeteredlego
