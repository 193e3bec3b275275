package unmetered

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Version is the SDK's version; it is part of the default User-Agent.
const Version = "0.1.0"

// DefaultBaseURL is the API root of the Unmetered client portal.
const DefaultBaseURL = "https://unmetered.management/api"

// Defaults applied by NewClient when the matching option is not given.
const (
	DefaultRetryMax     = 3
	DefaultRetryWaitMin = 500 * time.Millisecond
	DefaultRetryWaitMax = 15 * time.Second
	// DefaultMaxResponseSize is how many bytes of a JSON response a client reads at most
	// (32 MiB: a DNS zone of about 200,000 records); WithMaxResponseSize changes it.
	DefaultMaxResponseSize = 32 << 20
)

// Client talks to the Unmetered client-portal API. Create one with NewClient and share it:
// it is safe for concurrent use, and it reuses connections and (in JWT mode) its session.
//
// Printed with any fmt verb or logged with slog, a Client shows its base URL and how it
// authenticates, never a credential.
type Client struct {
	baseURL   string
	userAgent string
	logger    *slog.Logger
	rc        *retryablehttp.Client
	auth      authorizer
	authKind  string // how the client authenticates, for printing: see authKinds
	secrets   *secrets
	pacer     *pacer // its account's (see accountPacer); nil when pacing is off (WithRateLimit(0, 0))
	maxBody   int64  // WithMaxResponseSize

	// Auth covers the session endpoints: login, logout, token refresh and revocation.
	Auth *AuthService
	// Account covers the "Clientarea" endpoints: profile, logs, affiliates, contacts,
	// notifications and statuses.
	Account *AccountService
	// Services covers the "Services" endpoints: services, upgrades, cancellation, labels, IP
	// addresses, reverse DNS and bandwidth.
	Services *ServicesService
	// Domains covers domain registrations: nameservers, registrar settings, contacts, forwarding,
	// DNSSEC, registrar-hosted DNS records, and buying and renewing domains.
	Domains *DomainsService
	// Cart covers product categories, products, orders and order quotes.
	Cart *CartService
	// DNS covers the DNS zones of the account's DNS services and their records.
	DNS *DNSService
	// Billing covers the account balance, invoices, applying credit and payment methods.
	Billing *BillingService
	// Support covers support tickets, their replies and attachments, and ticket departments.
	Support *SupportService
	// Certificates covers SSL certificates: listing, details, download, products and ordering.
	Certificates *CertificatesService
}

// service is the common shape of every API section's service: a handle on the client.
type service struct {
	client *Client
}

// NewClient returns a client configured by opts. Without WithBaseURL it talks to DefaultBaseURL;
// without an authentication option it sends no Authorization header (only POST /login and
// POST /token work then). It returns an error wrapping ErrInvalidArgument for any invalid option.
func NewClient(opts ...Option) (*Client, error) {
	cfg := config{
		baseURL:   DefaultBaseURL,
		retryMax:  DefaultRetryMax,
		waitMin:   DefaultRetryWaitMin,
		waitMax:   DefaultRetryWaitMax,
		userAgent: "unmetered-go/" + Version,
		maxBody:   DefaultMaxResponseSize,

		stallTimeout: DefaultStallTimeout,
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, fmt.Errorf("%w: nil Option", ErrInvalidArgument)
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.httpClient == nil {
		cfg.httpClient = &http.Client{Transport: defaultTransport()}
	}
	// A copy, so the caller's client is left as it was: its redirect policy still decides,
	// after credentials are taken off any redirect that leaves the API's origin.
	hc := *cfg.httpClient
	hc.CheckRedirect = redirectPolicy(cfg.baseURL, cfg.httpClient.CheckRedirect)
	if hc.Transport == nil { // what http.Client uses then, made explicit for the layers on it
		hc.Transport = http.DefaultTransport
	}
	if cfg.stallTimeout > 0 { // next to the connection, under pacing and redirects
		hc.Transport = &stallTransport{next: hc.Transport, timeout: cfg.stallTimeout, clock: realStallClock{}}
	}
	logger := cfg.logger
	if logger == nil {
		logger = slog.New(discardHandler{})
	}
	var pc *pacer
	retryWait := backoff
	if !cfg.rateSet || cfg.rateN > 0 {
		// Every attempt, redirect hops included, passes the pacer of the client's account.
		pc = accountPacer(&cfg)
		base, _ := url.Parse(cfg.baseURL) // validated by parseBaseURL
		pt := &pacedTransport{next: hc.Transport, pacer: pc, logger: logger, maxWait: cfg.waitMax, basePath: base.Path}
		hc.Transport = pt
		retryWait = func(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
			return pt.retryWait(backoff(min, max, attempt, resp), resp)
		}
	}

	c := &Client{
		baseURL:   cfg.baseURL,
		userAgent: cfg.userAgent,
		logger:    logger,
		authKind:  authKinds[cfg.authName],
		secrets:   newSecrets(cfg.secrets...),
		pacer:     pc,
		maxBody:   cfg.maxBody,
	}
	if cfg.auth != nil {
		c.auth = &heldAuth{&cfg.auth}
	}
	c.rc = &retryablehttp.Client{
		HTTPClient:   &hc,
		RetryMax:     cfg.retryMax,
		RetryWaitMin: cfg.waitMin,
		RetryWaitMax: cfg.waitMax,
		CheckRetry:   checkRetry,
		Backoff:      retryWait,
		// Keep the last response so its body becomes the error's message.
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: c.beforeAttempt,
		// Logger stays nil: retryablehttp itself never writes anywhere; the client logs through slog.
	}
	if cfg.jwt != nil {
		cfg.jwt.client = c
		c.secrets.owner = cfg.jwt
	}
	c.Auth = &AuthService{client: c, session: cfg.jwt}
	c.Account = &AccountService{client: c}
	c.Services = &ServicesService{client: c}
	c.Domains = &DomainsService{client: c}
	c.Cart = &CartService{client: c}
	c.DNS = &DNSService{client: c}
	c.Billing = &BillingService{client: c}
	c.Support = &SupportService{client: c}
	c.Certificates = &CertificatesService{client: c}
	return c, nil
}

func defaultTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = 60 * time.Second
	t.MaxIdleConnsPerHost = 16
	return t
}

// discardHandler is a slog.Handler that drops everything, for a client without WithLogger.
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }

// Printing: a Client, a Client value and the services hanging off it print their base URL and
// authentication kind, never a credential.
//
// fmt calls no method of a value it reaches through an unexported field (a Client inside a
// caller's struct, or the *Client inside a service), and prints it field by field instead; given
// a verb that does not suit a pointer (%s, %d, %x), it prints that pointer's target too. So no
// credential is kept within one pointer of the Client or of a service: the authorizer sits two
// pointers away (heldAuth), and the session's tokens behind the secrets' own pointers.

// heldAuth keeps a client's authorizer two pointers away from the Client (see above).
type heldAuth struct{ a *authorizer }

func (h *heldAuth) authorize(ctx context.Context, hdr http.Header) (string, error) {
	return (*h.a).authorize(ctx, hdr)
}

func (h *heldAuth) unauthorized(ctx context.Context, rejected string) bool {
	return (*h.a).unauthorized(ctx, rejected)
}

// authKinds name each authentication option for printing a client.
var authKinds = map[string]string{
	"":                "none",
	"WithBasicAuth":   "basic",
	"WithLogin":       "login",
	"WithTokenSource": "token source",
}

// String describes the client without its credentials, e.g.
// "unmetered.Client{BaseURL: https://unmetered.management/api, Auth: basic}".
func (c Client) String() string {
	return "unmetered.Client{BaseURL: " + c.baseURL + ", Auth: " + c.authName() + "}"
}

// Format prints the client as String does for every verb (%v, %+v, %s, ...), quoted for %q,
// and in Go syntax for %#v, never with a credential.
func (c Client) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		fmt.Fprintf(f, "unmetered.Client{BaseURL:%q, Auth:%q}", c.baseURL, c.authName())
	case verb == 'q':
		fmt.Fprint(f, strconv.Quote(c.String()))
	default:
		fmt.Fprint(f, c.String())
	}
}

// LogValue gives slog the client's base URL and authentication kind, never a credential.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("base_url", c.baseURL), slog.String("auth", c.authName()))
}

func (c Client) authName() string {
	if c.authKind == "" {
		return "none"
	}
	return c.authKind
}

// formatService prints a service as "unmetered.NAME{Client: ...}", the client as Client.Format
// prints it.
func formatService(f fmt.State, verb rune, name string, c *Client) {
	var client Client
	if c != nil {
		client = *c
	}
	if verb == 'v' && f.Flag('#') {
		fmt.Fprintf(f, "unmetered.%s{Client:%#v}", name, client)
		return
	}
	text := "unmetered." + name + "{Client: " + client.String() + "}"
	if verb == 'q' {
		text = strconv.Quote(text)
	}
	fmt.Fprint(f, text)
}

// Format prints the service as "unmetered.AuthService{Client: ...}", without credentials.
func (s AuthService) Format(f fmt.State, verb rune) { formatService(f, verb, "AuthService", s.client) }

// Format prints the service as "unmetered.AccountService{Client: ...}", without credentials.
func (s AccountService) Format(f fmt.State, verb rune) {
	formatService(f, verb, "AccountService", s.client)
}

// Format prints the service as "unmetered.ServicesService{Client: ...}", without credentials.
func (s ServicesService) Format(f fmt.State, verb rune) {
	formatService(f, verb, "ServicesService", s.client)
}

// Format prints the service as "unmetered.DomainsService{Client: ...}", without credentials.
func (s DomainsService) Format(f fmt.State, verb rune) {
	formatService(f, verb, "DomainsService", s.client)
}

// Format prints the service as "unmetered.CartService{Client: ...}", without credentials.
func (s CartService) Format(f fmt.State, verb rune) { formatService(f, verb, "CartService", s.client) }

// Format prints the service as "unmetered.DNSService{Client: ...}", without credentials.
func (s DNSService) Format(f fmt.State, verb rune) { formatService(f, verb, "DNSService", s.client) }

// Format prints the service as "unmetered.BillingService{Client: ...}", without credentials.
func (s BillingService) Format(f fmt.State, verb rune) {
	formatService(f, verb, "BillingService", s.client)
}

// Format prints the service as "unmetered.SupportService{Client: ...}", without credentials.
func (s SupportService) Format(f fmt.State, verb rune) {
	formatService(f, verb, "SupportService", s.client)
}

// Format prints the service as "unmetered.CertificatesService{Client: ...}", without credentials.
func (s CertificatesService) Format(f fmt.State, verb rune) {
	formatService(f, verb, "CertificatesService", s.client)
}
