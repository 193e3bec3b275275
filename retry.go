package unmetered

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"
)

// The retry policy: which failed attempts are sent again, and how long to wait first.

type replayableKey struct{}

// checkRetry decides whether a failed attempt is sent again. It never repeats a request that
// is not replayable once it may have reached the server: such a request is retried only after a
// dial failure (no connection was made) or a 429 (the server refused it without acting).
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	replayable, _ := ctx.Value(replayableKey{}).(bool)
	if err != nil {
		if neverSent(err) {
			return true, nil
		}
		return replayable && retryableTransportError(err), nil
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true, nil
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return replayable, nil
	}
	return false, nil
}

// neverSent reports whether err happened before any byte of the request could reach the server.
func neverSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// retryableTransportError excludes failures that another attempt cannot fix: certificate
// problems, redirect loops, malformed requests, a response the client refused (an *Error from
// bufferBody: a body over the limit).
func retryableTransportError(err error) bool {
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return false
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuthority) || errors.As(err, &hostErr) {
		return false
	}
	msg := err.Error()
	return !strings.Contains(msg, "stopped after") && !strings.Contains(msg, "unsupported protocol scheme") &&
		!strings.Contains(msg, "invalid header")
}

func jitter(d time.Duration) time.Duration {
	return time.Duration(rand.Int64N(int64(d) + 1))
}

// backoff waits the server's Retry-After when it gives one (capped at max), otherwise an
// exponential delay from min, doubled per attempt, capped at max, with jitter in its upper half.
func backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header, time.Now()); ok {
			if d > max {
				d = max
			}
			return d
		}
	}
	d := min
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max || d <= 0 && min > 0 {
		d = max
	}
	if half := d / 2; half > 0 {
		d = half + jitter(half)
	}
	return d
}

// retryAfter parses a Retry-After header given as seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := parseNonNegativeInt(v); err == nil {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d, true
		}
		return 0, true
	}
	return 0, false
}

func parseNonNegativeInt(s string) (int64, error) {
	var n int64
	if s == "" || len(s) > 9 {
		return 0, errors.New("not a small non-negative integer")
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, errors.New("not a small non-negative integer")
		}
		n = n*10 + int64(r-'0')
	}
	return n, nil
}
