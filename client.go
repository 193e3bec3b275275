package unmetered

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
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
)

// Client talks to the Unmetered client-portal API. Create one with NewClient and share it:
// it is safe for concurrent use, and it reuses connections and (in JWT mode) its session.
type Client struct {
	baseURL   string
	userAgent string
	logger    *slog.Logger
	rc        *retryablehttp.Client
	auth      authorizer
	secrets   *secrets
	pacer     *pacer // nil when pacing is off (WithRateLimit(0, 0))

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
	logger := cfg.logger
	if logger == nil {
		logger = slog.New(discardHandler{})
	}
	var pc *pacer
	if !cfg.rateSet || cfg.rateN > 0 {
		// Every attempt, redirect hops included, passes the client's one pacer.
		pc = newPacer(logger, cfg.waitMax, cfg.rateN, cfg.ratePer)
		next := hc.Transport
		if next == nil {
			next = http.DefaultTransport
		}
		hc.Transport = &pacedTransport{next: next, pacer: pc}
	}

	c := &Client{
		baseURL:   cfg.baseURL,
		userAgent: cfg.userAgent,
		logger:    logger,
		auth:      cfg.auth,
		secrets:   newSecrets(cfg.secrets...),
		pacer:     pc,
	}
	c.rc = &retryablehttp.Client{
		HTTPClient:   &hc,
		RetryMax:     cfg.retryMax,
		RetryWaitMin: cfg.waitMin,
		RetryWaitMax: cfg.waitMax,
		CheckRetry:   checkRetry,
		Backoff:      backoff,
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
