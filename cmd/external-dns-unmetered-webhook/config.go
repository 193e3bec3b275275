package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"

	unmetered "github.com/unmetered/unmetered-go"
)

// The environment variables the webhook reads, besides the SDK's UNMETERED_* (see
// unmetered.WithEnv). Each has a flag of the same meaning, which takes precedence.
const (
	envWebhookListen       = "WEBHOOK_LISTEN"
	envHealthListen        = "HEALTH_LISTEN"
	envDomainFilter        = "DOMAIN_FILTER"
	envExcludeDomainFilter = "EXCLUDE_DOMAIN_FILTER"
	envLogLevel            = "LOG_LEVEL"
	envLogFormat           = "LOG_FORMAT"
)

// userAgent names the webhook to the portal.
const userAgent = "external-dns-unmetered-webhook (unmetered-go/" + unmetered.Version + ")"

// config is the webhook's configuration.
type config struct {
	webhookListen string // the protocol's address; keep it on localhost in a sidecar
	healthListen  string // /healthz and /readyz
	filter        domainFilter
	logLevel      slog.Level
	logJSON       bool
}

// setting is one configuration value: its variable, flag, default and parser.
type setting struct {
	env, flag, def, usage string
	parse                 func(string) error
}

// parseConfig reads the configuration from args (flags) and the environment (lookup), flags
// first. A bad value is an error naming the variable or flag it came from; -h and -help
// print the usage to stderr and return flag.ErrHelp.
func parseConfig(args []string, lookup func(string) (string, bool), stderr io.Writer) (*config, error) {
	cfg := &config{}
	settings := []setting{
		{envWebhookListen, "webhook-listen", "localhost:8888", "address of the webhook API, which external-dns calls (keep it on localhost)",
			func(v string) (err error) { cfg.webhookListen, err = listenAddress(v); return err }},
		{envHealthListen, "health-listen", ":8080", "address of /healthz and /readyz, for the kubelet's probes",
			func(v string) (err error) { cfg.healthListen, err = listenAddress(v); return err }},
		{envDomainFilter, "domain-filter", "", "comma-separated domains to manage (example.com: it and the names below it; .example.com: only those below it); empty: every zone of the account",
			func(v string) (err error) { cfg.filter.include, err = parseDomainList(v); return err }},
		{envExcludeDomainFilter, "exclude-domain-filter", "", "comma-separated domains never to manage, in DOMAIN_FILTER's form",
			func(v string) (err error) { cfg.filter.exclude, err = parseDomainList(v); return err }},
		{envLogLevel, "log-level", "info", "debug, info, warn or error",
			func(v string) (err error) { cfg.logLevel, err = logLevel(v); return err }},
		{envLogFormat, "log-format", "text", "text or json",
			func(v string) error {
				switch strings.ToLower(v) {
				case "text", "json":
					cfg.logJSON = strings.EqualFold(v, "json")
					return nil
				}
				return fmt.Errorf("%q is neither text nor json", v)
			}},
	}

	fs := flag.NewFlagSet("external-dns-unmetered-webhook", flag.ContinueOnError)
	fs.SetOutput(stderr)
	flags := map[string]*string{}
	for _, s := range settings {
		flags[s.flag] = fs.String(s.flag, s.def, s.usage+" (env "+s.env+")")
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: external-dns-unmetered-webhook [flags]\n\n"+
			"An external-dns webhook provider (protocol v1) for the DNS zones of an Unmetered account.\n"+
			"Credentials come from the environment: %s and %s (required),\n"+
			"%s (basic, the default, or jwt) and %s (optional).\n"+
			"Each flag can also be set by the environment variable named with it; the flag wins.\n\n",
			unmetered.EnvUsername, unmetered.EnvPassword, unmetered.EnvAuth, unmetered.EnvBaseURL)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q: the webhook takes flags only", fs.Args())
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })

	for _, s := range settings {
		value, from := s.def, "the default of "+s.env
		if v, ok := lookup(s.env); ok && strings.TrimSpace(v) != "" {
			value, from = strings.TrimSpace(v), s.env
		}
		if given[s.flag] {
			value, from = strings.TrimSpace(*flags[s.flag]), "--"+s.flag
		}
		if err := s.parse(value); err != nil {
			return nil, fmt.Errorf("%s: %w", from, err)
		}
	}
	if sameAddress(cfg.webhookListen, cfg.healthListen) {
		return nil, fmt.Errorf("%s and %s are both %q: the webhook API and the health checks need a port each", envWebhookListen, envHealthListen, cfg.webhookListen)
	}
	return cfg, nil
}

// listenAddress checks a listen address: host:port, the host optional, the port a number.
func listenAddress(v string) (string, error) {
	_, port, err := net.SplitHostPort(v)
	if err == nil {
		if n, perr := strconv.Atoi(port); perr != nil || n < 0 || n > 65535 {
			err = errors.New("bad port")
		}
	}
	if err != nil {
		return "", fmt.Errorf("%q is not an address to listen on: give host:port or :port, e.g. localhost:8888 or :8080", v)
	}
	return v, nil
}

// sameAddress reports whether two listen addresses are certainly one: the same port on the
// same host, or on every interface. Port 0 is any free port, never a clash.
func sameAddress(a, b string) bool {
	ha, pa, _ := net.SplitHostPort(a)
	hb, pb, _ := net.SplitHostPort(b)
	if pa != pb || pa == "0" {
		return false
	}
	return ha == hb || ha == "" || hb == ""
}

// logLevel reads LOG_LEVEL.
func logLevel(v string) (slog.Level, error) {
	switch strings.ToLower(v) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("%q is not a log level: use debug, info, warn or error", v)
}

// logger is the webhook's logger, writing to w.
func (c *config) logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.logLevel}
	if c.logJSON {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// app is the configured webhook: its configuration, logger and protocol handler.
type app struct {
	cfg  *config
	log  *slog.Logger
	hook *webhook
}

// load configures the webhook from args and the environment: the configuration, a logger
// writing to stderr, and an SDK client from the UNMETERED_* variables. Nothing is sent yet.
func load(args []string, lookup func(string) (string, bool), stderr io.Writer) (*app, error) {
	cfg, err := parseConfig(args, lookup, stderr)
	if err != nil {
		return nil, err
	}
	log := cfg.logger(stderr)
	client, err := unmetered.NewClient(unmetered.WithEnvFrom(lookup), unmetered.WithUserAgent(userAgent), unmetered.WithLogger(log))
	if err != nil {
		return nil, err
	}
	p := &provider{dns: client.DNS, filter: cfg.filter, log: log}
	return &app{cfg: cfg, log: log, hook: &webhook{p: p, log: log, maxBody: defaultMaxBody}}, nil
}
