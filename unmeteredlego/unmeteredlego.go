package unmeteredlego

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-acme/lego/v5/challenge"
	"github.com/go-acme/lego/v5/challenge/dns01"
	"github.com/go-acme/lego/v5/platform/env"

	"github.com/unmetered/unmetered-go"
)

// The environment variables NewDNSProvider and NewDefaultConfig read. Each may also be given
// as a file: NAME_FILE holds the path of a file whose content is the value.
const (
	// EnvUsername is the client-area login (an email address). Required.
	EnvUsername = unmetered.EnvUsername
	// EnvPassword is the client-area password. Required.
	EnvPassword = unmetered.EnvPassword
	// EnvAuth is "basic" (the default) or "jwt"; see Config.Auth.
	EnvAuth = unmetered.EnvAuth
	// EnvBaseURL is the API root; the default is unmetered.DefaultBaseURL.
	EnvBaseURL = unmetered.EnvBaseURL

	// EnvTTL is the challenge record's TTL in seconds (default DefaultTTL).
	EnvTTL = "UNMETERED_TTL"
	// EnvPropagationTimeout is how long lego waits for the record to be seen, in seconds
	// (default DefaultPropagationTimeout).
	EnvPropagationTimeout = "UNMETERED_PROPAGATION_TIMEOUT"
	// EnvPollingInterval is how often lego looks for the record while it waits, in seconds
	// (default DefaultPollingInterval).
	EnvPollingInterval = "UNMETERED_POLLING_INTERVAL"
	// EnvHTTPTimeout is the time limit of each API request, in seconds (default
	// DefaultHTTPTimeout).
	EnvHTTPTimeout = "UNMETERED_HTTP_TIMEOUT"
)

// The defaults of NewDefaultConfig: lego's own (dns01), as its other providers use them.
const (
	DefaultTTL                = dns01.DefaultTTL
	DefaultPropagationTimeout = dns01.DefaultPropagationTimeout
	DefaultPollingInterval    = dns01.DefaultPollingInterval
	DefaultHTTPTimeout        = 30 * time.Second
)

// The values of Config.Auth.
const (
	AuthBasic = "basic"
	AuthJWT   = "jwt"
)

var _ challenge.ProviderTimeout = (*DNSProvider)(nil)

// Config configures a DNSProvider. Start from NewDefaultConfig, which fills in the defaults
// and what the environment says, then set the credentials.
type Config struct {
	// Username and Password are the client-area login. Both are required.
	Username string
	Password string
	// Auth is "basic" (or empty: HTTP Basic auth on every request) or "jwt" (a JWT session:
	// one login, then bearer tokens, refreshed as they expire; for long-running processes).
	// Case does not matter.
	Auth string
	// BaseURL is the API root; empty means unmetered.DefaultBaseURL. It must be https, except
	// for a loopback address (a test server).
	BaseURL string

	// TTL is the challenge record's TTL in seconds; 0 leaves it to the server.
	TTL int
	// PropagationTimeout and PollingInterval are what Timeout returns: how long lego waits
	// for the record to be seen, and how often it looks.
	PropagationTimeout time.Duration
	PollingInterval    time.Duration
	// HTTPClient sends the API requests (its Transport and Timeout are kept); nil means the
	// SDK's default client.
	HTTPClient *http.Client
}

// NewDefaultConfig returns a Config with the defaults, overridden by UNMETERED_TTL,
// UNMETERED_PROPAGATION_TIMEOUT, UNMETERED_POLLING_INTERVAL and UNMETERED_HTTP_TIMEOUT where
// they are set (in seconds; a value that is not a whole number of seconds is ignored, as lego
// does). It reads no credentials: NewDNSProvider does.
func NewDefaultConfig() *Config {
	return &Config{
		TTL:                env.GetOrDefaultInt(EnvTTL, DefaultTTL),
		PropagationTimeout: env.GetOrDefaultSecond(EnvPropagationTimeout, DefaultPropagationTimeout),
		PollingInterval:    env.GetOrDefaultSecond(EnvPollingInterval, DefaultPollingInterval),
		HTTPClient: &http.Client{
			Timeout: env.GetOrDefaultSecond(EnvHTTPTimeout, DefaultHTTPTimeout),
		},
	}
}

// DNSProvider solves DNS-01 challenges in an Unmetered account's DNS-service zones. It is
// safe for concurrent use, and keeps one *unmetered.Client (one session, with Auth "jwt")
// for its life.
type DNSProvider struct {
	config *Config
	client *unmetered.Client
}

// NewDNSProvider returns a DNSProvider configured from the environment: UNMETERED_USERNAME and
// UNMETERED_PASSWORD (required), UNMETERED_AUTH and UNMETERED_BASE_URL, and what
// NewDefaultConfig reads. Each may be given as a file with NAME_FILE. A missing credential is
// an error that names its variable.
func NewDNSProvider() (*DNSProvider, error) {
	values, err := env.Get(EnvUsername, EnvPassword)
	if err != nil {
		return nil, fmt.Errorf("unmetered: %w", err)
	}
	config := NewDefaultConfig()
	config.Username = values[EnvUsername]
	config.Password = values[EnvPassword]
	config.Auth = env.GetOrFile(EnvAuth)
	config.BaseURL = env.GetOrFile(EnvBaseURL)
	return NewDNSProviderConfig(config)
}

// NewDNSProviderConfig returns a DNSProvider for config, and builds its client; the provider
// keeps a copy of config, so later changes to it have no effect. Nothing is
// sent: a configuration error (no credentials, an unknown Auth, a base URL that is not https,
// a negative TTL) is an error wrapping unmetered.ErrInvalidArgument that names the field and
// its variable.
func NewDNSProviderConfig(config *Config) (*DNSProvider, error) {
	if config == nil {
		return nil, fmt.Errorf("%w: the configuration of the DNS provider is nil", unmetered.ErrInvalidArgument)
	}
	var missing []string
	if config.Username == "" {
		missing = append(missing, "Username ("+EnvUsername+")")
	}
	if config.Password == "" {
		missing = append(missing, "Password ("+EnvPassword+")")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: credentials missing: %s", unmetered.ErrInvalidArgument, strings.Join(missing, " and "))
	}
	if config.TTL < 0 {
		return nil, fmt.Errorf("%w: TTL (%s) is %d: give seconds, or 0 for the server's default", unmetered.ErrInvalidArgument, EnvTTL, config.TTL)
	}
	opts := []unmetered.Option{unmetered.WithUserAgent("unmeteredlego unmetered-go/" + unmetered.Version)}
	switch auth := strings.ToLower(strings.TrimSpace(config.Auth)); auth {
	case "", AuthBasic:
		opts = append(opts, unmetered.WithBasicAuth(config.Username, config.Password))
	case AuthJWT:
		opts = append(opts, unmetered.WithLogin(config.Username, config.Password))
	default:
		return nil, fmt.Errorf("%w: Auth (%s) is %q: use %q (the default) or %q", unmetered.ErrInvalidArgument, EnvAuth, config.Auth, AuthBasic, AuthJWT)
	}
	if config.HTTPClient != nil {
		opts = append(opts, unmetered.WithHTTPClient(config.HTTPClient))
	}
	doing := "creating the client"
	if strings.TrimSpace(config.BaseURL) != "" {
		// The credentials and the HTTP client were checked above: only the URL can be refused.
		opts = append(opts, unmetered.WithBaseURL(config.BaseURL))
		doing = "BaseURL (" + EnvBaseURL + ")"
	}
	client, err := unmetered.NewClient(opts...)
	if err != nil {
		return nil, wrap(doing, err)
	}
	cfg := *config // a copy: changing config afterwards cannot race with a challenge
	return &DNSProvider{config: &cfg, client: client}, nil
}

// Present adds the TXT record that answers the challenge for domain (lego's name and value,
// see dns01.GetChallengeInfo) to the account's zone that holds the name. A record of that
// value already there is left as it is; other records at the name are never touched.
func (d *DNSProvider) Present(ctx context.Context, domain, _, keyAuth string) error {
	info := dns01.GetChallengeInfo(ctx, domain, keyAuth)
	zone, name, err := d.zoneFor(ctx, info)
	if err != nil {
		return wrap("present "+info.EffectiveFQDN, err)
	}
	_, err = d.client.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{Add: []unmetered.RecordRequest{
		{Name: name, Type: unmetered.RecordTypeTXT, TTL: int64(d.config.TTL), Content: info.Value},
	}}, unmetered.ApplyOptions{})
	if err != nil {
		return wrap("present "+info.EffectiveFQDN, err)
	}
	return nil
}

// CleanUp removes the TXT record Present added for domain: exactly that value, so that other
// challenges at the same name (a wildcard and its apex share one) are not disturbed. A record
// already gone is no error.
func (d *DNSProvider) CleanUp(ctx context.Context, domain, _, keyAuth string) error {
	info := dns01.GetChallengeInfo(ctx, domain, keyAuth)
	zone, name, err := d.zoneFor(ctx, info)
	if err != nil {
		return wrap("clean up "+info.EffectiveFQDN, err)
	}
	_, err = d.client.DNS.EditZone(ctx, zone, unmetered.ZoneEdit{Remove: []unmetered.RecordFilter{
		{Name: name, Type: unmetered.RecordTypeTXT, Content: info.Value},
	}}, unmetered.ApplyOptions{})
	if err != nil {
		return wrap("clean up "+info.EffectiveFQDN, err)
	}
	return nil
}

// Timeout returns how long lego waits for the record to be seen and how often it looks:
// Config.PropagationTimeout and Config.PollingInterval.
func (d *DNSProvider) Timeout() (timeout, interval time.Duration) {
	return d.config.PropagationTimeout, d.config.PollingInterval
}

// zoneFor finds the account's zone of the challenge's name, and the name relative to it.
func (d *DNSProvider) zoneFor(ctx context.Context, info dns01.ChallengeInfo) (*unmetered.Zone, string, error) {
	zone, name, err := d.client.DNS.ZoneFor(ctx, info.EffectiveFQDN)
	if err != nil && errors.Is(err, unmetered.ErrNotFound) && info.EffectiveFQDN != info.FQDN {
		// Say where the name came from: a CNAME the user may not remember.
		err = fmt.Errorf("%w (%s is a CNAME to it)", err, info.FQDN)
	}
	return zone, name, err
}

// providerError is the provider's error: "unmetered: ", what it was doing, then the cause
// without the "unmetered: " the SDK's errors begin with, so that the prefix appears once,
// as lego's providers name themselves once. errors.Is and errors.As see the cause.
type providerError struct {
	doing string
	err   error
}

func wrap(doing string, err error) error { return &providerError{doing: doing, err: err} }

func (e *providerError) Error() string {
	return "unmetered: " + e.doing + ": " + strings.TrimPrefix(e.err.Error(), "unmetered: ")
}

func (e *providerError) Unwrap() error { return e.err }
