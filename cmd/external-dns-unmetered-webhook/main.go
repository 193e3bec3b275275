// Command external-dns-unmetered-webhook is an external-dns webhook provider for the DNS zones
// of an Unmetered account: external-dns (Kubernetes) runs with --provider=webhook and this
// program beside it, as a sidecar in the same pod, and keeps the account's records in step
// with the cluster's Services and Ingresses.
//
// It speaks the webhook protocol, version 1 (media type
// application/external.dns.webhook+json;version=1), on WEBHOOK_LISTEN (default
// localhost:8888, where external-dns looks), and answers the kubelet's probes on /healthz and
// /readyz on HEALTH_LISTEN (default :8080). DOMAIN_FILTER (comma-separated domains) limits the
// zones it reads and writes; EXCLUDE_DOMAIN_FILTER leaves some out. The account's credentials
// come from UNMETERED_USERNAME and UNMETERED_PASSWORD, with UNMETERED_AUTH (basic, the
// default, or jwt) and UNMETERED_BASE_URL, as the SDK's WithEnv reads them. LOG_LEVEL and
// LOG_FORMAT (text or json) shape its logs, which go to standard error. Every variable has a
// flag of the same meaning (-h lists them).
//
// Records are changed through the SDK's zone planner, so that an unchanged record is never
// written again and external-dns's TXT ownership records read back exactly as written. It
// stops on SIGTERM or an interrupt once the requests in flight are answered.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	// shutdownTimeout is how long a stop waits for the requests in flight: less than the 30
	// s Kubernetes grants a pod by default.
	shutdownTimeout = 25 * time.Second
	// maxHeaderBytes bounds a request's header.
	maxHeaderBytes = 64 << 10
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.LookupEnv, os.Stderr)
	stop()
	os.Exit(code)
}

// run configures the webhook and serves until ctx ends. It returns the exit code: 0 after a
// stop, 2 for a bad configuration, 1 when it cannot serve.
func run(ctx context.Context, args []string, lookup func(string) (string, bool), stderr io.Writer) int {
	a, err := load(args, lookup, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "external-dns-unmetered-webhook: %v\n", err)
		return 2
	}
	wl, err := net.Listen("tcp", a.cfg.webhookListen)
	if err != nil {
		a.log.Error("cannot listen for the webhook API", "error", err)
		return 1
	}
	hl, err := net.Listen("tcp", a.cfg.healthListen)
	if err != nil {
		_ = wl.Close()
		a.log.Error("cannot listen for the health checks", "error", err)
		return 1
	}
	if err := a.serve(ctx, wl, hl); err != nil {
		a.log.Error("stopped", "error", err)
		return 1
	}
	return 0
}

// serve serves the webhook API on wl and the health checks on hl until ctx ends or a server
// fails, then shuts both down, waiting at most shutdownTimeout for the requests in flight.
// /readyz answers 200 while the webhook API is served and 503 once it is stopping.
func (a *app) serve(ctx context.Context, wl, hl net.Listener) error {
	var ready atomic.Bool
	health := http.NewServeMux()
	health.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	health.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "stopping\n")
			return
		}
		_, _ = io.WriteString(w, "ok\n")
	})
	hook, probes := a.server(a.hook), a.server(health)
	errc := make(chan error, 2)
	go func() { errc <- hook.Serve(wl) }()
	go func() { errc <- probes.Serve(hl) }()
	ready.Store(true)
	a.log.Info("serving", "webhook", wl.Addr().String(), "health", hl.Addr().String(),
		"domain_filter", a.cfg.filter.include, "exclude_domain_filter", a.cfg.filter.exclude)

	var failed error
	select {
	case <-ctx.Done():
		a.log.Info("stopping: waiting for the requests in flight", "timeout", shutdownTimeout)
	case failed = <-errc:
	}
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	return errors.Join(failed, hook.Shutdown(sctx), probes.Shutdown(sctx))
}

// server is an HTTP server for h with bounded reads, writes and headers.
func (a *app) server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      applyTimeout + time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
}
