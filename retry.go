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

// The retry policy: which endpoints may be sent again, which failed attempts are, and how long
// to wait first.

// replayClass says whether an endpoint may be sent again once a request to it may have reached
// the server.
type replayClass uint8

const (
	// sendOnce: a replay could do the work twice (create, pay, order, reply, cancel, add, or
	// address something by a position that shifts). Such a request is sent again only when it
	// certainly did not reach the server: the connection could not be made (dial or DNS
	// failure), or the server refused it with 429 without acting. It is the zero value, so a
	// request nobody classified is never replayed.
	sendOnce replayClass = iota
	// replaySafe: reads and idempotent writes, where sending the request again is harmless.
	// They are also retried after failures that may have reached the server: a connection lost
	// after sending, a timeout, 502, 503 and 504. A DELETE replayed after such a failure and
	// answered 404 succeeds: the failed attempt may have deleted it (deletedByEarlierAttempt).
	replaySafe
)

func (c replayClass) String() string {
	if c == replaySafe {
		return "replay-safe"
	}
	return "send-once"
}

// endpointClasses is the replay class of every endpoint of the API, keyed by "METHOD template"
// as newRoute and staticRoute name them and endpoints.tsv lists them. TestEndpointClasses keeps
// it equal to endpoints.tsv both ways. A request takes its class from here through its route's
// template (see classOf); a call may override it only where the code says why (doReadOnly).
//
// POSTs that set a value (a service's label, its reverse DNS) would be harmless to replay, but
// the API does not promise that a repeated POST is idempotent: like POST /logout they are
// send-once, as every POST is except the read-only five (login, token, revoke, domain lookup,
// quote).
var endpointClasses = map[string]replayClass{
	// Clientarea
	"POST /login":                     replaySafe, // changes nothing
	"POST /logout":                    sendOnce,   // ends the session
	"POST /token":                     replaySafe, // a replay at worst issues another pair
	"POST /revoke":                    replaySafe, // revoking twice revokes once
	"GET /details":                    replaySafe,
	"PUT /details":                    replaySafe,
	"GET /logs":                       replaySafe,
	"GET /affiliates/summary":         replaySafe,
	"GET /affiliates/campaigns":       replaySafe,
	"GET /affiliates/commissions":     replaySafe,
	"GET /affiliates/payouts":         replaySafe,
	"GET /affiliates/vouchers":        replaySafe,
	"GET /affiliates/commissionplans": replaySafe,
	"GET /contact":                    replaySafe,
	"POST /contact":                   sendOnce, // creates a contact
	"GET /contact/privileges":         replaySafe,
	"GET /contact/@id":                replaySafe,
	"PUT /contact/@id":                replaySafe,
	"GET /notifications":              replaySafe,
	"GET /notifications/new":          replaySafe,
	"PUT /notifications/@id/ack":      replaySafe,
	"GET /statuses":                   replaySafe,
	"PUT /statuses/@id":               replaySafe,

	// Billing
	"GET /balance":             replaySafe,
	"GET /invoice":             replaySafe,
	"GET /invoice/@id":         replaySafe,
	"POST /invoice/@id/credit": sendOnce, // pays
	"GET /payment":             replaySafe,
	"GET /payment/fees":        replaySafe,

	// Support
	"GET /tickets":                 replaySafe,
	"GET /tickets/@number":         replaySafe,
	"GET /ticket/attachment/@file": replaySafe,
	"POST /tickets":                sendOnce, // opens a ticket
	"POST /tickets/@number":        sendOnce, // posts a reply
	"PUT /tickets/@number/open":    replaySafe,
	"PUT /tickets/@number/close":   replaySafe,
	"GET /ticket/departments":      replaySafe,

	// Domains
	"GET /domain":                    replaySafe,
	"GET /domain/@id":                replaySafe,
	"GET /domain/name/@name":         replaySafe,
	"GET /domain/@id/ns":             replaySafe,
	"PUT /domain/@id/ns":             replaySafe,
	"POST /domain/@id/reg":           sendOnce, // registers a glue record at the registry
	"GET /domain/@id/dns":            replaySafe,
	"POST /domain/@id/dns":           sendOnce, // adds a record
	"PUT /domain/@id/dns/@index":     sendOnce, // another writer's delete moves the next record into the index: a replay overwrites it
	"DELETE /domain/@id/dns/@index":  sendOnce, // the next record moves into the index: a replay deletes it
	"GET /domain/@id/dns/types":      replaySafe,
	"GET /domain/@id/epp":            replaySafe,
	"GET /domain/@id/sync":           replaySafe,
	"GET /domain/@id/reglock":        replaySafe,
	"PUT /domain/@id/reglock":        replaySafe,
	"PUT /domain/@id/idprotection":   replaySafe,
	"GET /domain/@id/contact":        replaySafe,
	"PUT /domain/@id/contact":        replaySafe,
	"GET /domain/@id/emforwarding":   replaySafe,
	"PUT /domain/@id/emforwarding":   replaySafe,
	"PUT /domain/@id/forwarding":     replaySafe,
	"GET /domain/@id/autorenew":      replaySafe,
	"PUT /domain/@id/autorenew":      replaySafe,
	"GET /domain/@id/dnssec/flags":   replaySafe,
	"GET /domain/@id/dnssec":         replaySafe,
	"PUT /domain/@id/dnssec":         sendOnce, // adds a key: a replay adds a second one
	"DELETE /domain/@id/dnssec/@key": replaySafe,
	"POST /domain/lookup":            replaySafe, // a read
	"GET /domain/order":              replaySafe,
	"GET /domain/order/@id/form":     replaySafe,
	"POST /domain/order":             sendOnce, // orders
	"POST /domain/@id/renew":         sendOnce, // orders a renewal

	// SSL Certificates
	"GET /certificate":                            replaySafe,
	"GET /certificate/@id":                        replaySafe,
	"GET /certificate/@id/crt":                    replaySafe,
	"GET /certificate/order":                      replaySafe,
	"GET /certificate/order/@product_id/software": replaySafe,
	"POST /certificate/order":                     sendOnce, // orders

	// Services
	"GET /service":                      replaySafe,
	"GET /service/@id":                  replaySafe,
	"GET /service/@id/methods":          replaySafe,
	"GET /service/@id/upgrade":          replaySafe,
	"POST /service/@id/upgrade":         sendOnce, // orders an upgrade (the estimate, send false, overrides this per call)
	"POST /service/@id/cancel":          sendOnce, // files a cancellation request
	"GET /service/@id/label":            replaySafe,
	"POST /service/@id/label":           sendOnce, // sets a value: see above
	"GET /service/@id/ip":               replaySafe,
	"GET /service/@id/rdns":             replaySafe,
	"POST /service/@id/rdns":            sendOnce, // sets a value: see above
	"GET /service/@id/bandwidth-graphs": replaySafe,
	"GET /service/@id/bandwidth":        replaySafe,

	// Cart
	"GET /category":                      replaySafe,
	"GET /category/@category_id/product": replaySafe,
	"GET /order/@product_id":             replaySafe,
	"POST /order/@product_id":            sendOnce,   // orders
	"POST /order":                        sendOnce,   // orders
	"POST /quote":                        replaySafe, // a read

	// DNS
	"GET /dns":                                                    replaySafe,
	"POST /service/@service_id/dns":                               sendOnce, // creates a zone
	"GET /service/@service_id/dns":                                replaySafe,
	"GET /service/@service_id/dns/@zone_id":                       replaySafe,
	"DELETE /service/@service_id/dns/@zone_id":                    replaySafe,
	"POST /service/@service_id/dns/@zone_id/records":              sendOnce, // adds a record
	"PUT /service/@service_id/dns/@zone_id/records/@record_id":    replaySafe,
	"DELETE /service/@service_id/dns/@zone_id/records/@record_id": replaySafe,
}

// classOf returns the replay class of the endpoint "method template". An endpoint missing from
// endpointClasses is send-once: it is never replayed by mistake.
func classOf(method, template string) replayClass {
	return endpointClasses[method+" "+template]
}

type requestKey struct{}

// requestOf returns the request a context was made for by send, or nil.
func requestOf(ctx context.Context) *request {
	r, _ := ctx.Value(requestKey{}).(*request)
	return r
}

// checkRetry decides whether a failed attempt is sent again, and records on the request whether
// the attempt may have reached the server (request.reached, which MaybeApplied reports). A
// replay-safe request is retried after transient failures; a send-once request only when no
// attempt may have reached the server and this one failed to connect or was answered 429.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	r := requestOf(ctx)
	if r == nil {
		r = &request{} // not sent by send: retry nothing that may have reached the server
	}
	if err != nil && (resp != nil || !neverSent(err) && !certificateError(err)) {
		r.reached = true // sent and lost, or answered and then lost (a redirect, the body)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		if err == nil && resp != nil {
			r.reached = r.reached || statusMayHaveApplied(resp.StatusCode)
		}
		return false, ctxErr
	}
	retry := r.retryable(resp, err)
	if retry && err == nil {
		// This response will not be decoded: record what it says about the server now.
		r.reached = r.reached || statusMayHaveApplied(resp.StatusCode)
	}
	if retry && r.reached {
		r.replayed = true
	}
	return retry, nil
}

// deletedByEarlierAttempt reports whether resp, the final answer to r, is a 404 to a DELETE
// replayed after an attempt that may have reached the server (a connection lost after sending,
// a timeout, 502, 503, 504). Then either that attempt deleted the object, or the object was
// never there; either way it is gone now, which is what the caller asked for, so the request
// path reports success rather than an ErrNotFound for an object the call itself deleted. Only replay-safe
// DELETEs are replayed after such an attempt (a send-once DELETE, DELETE
// /domain/@id/dns/@index, never is), and a 404 to the first attempt, or to a replay after
// attempts that certainly did not reach the server (a failed connection, a 429), is still
// ErrNotFound. A 404 to the GET that follows a redirect of the DELETE is not the DELETE's.
func deletedByEarlierAttempt(r *request, resp *http.Response) bool {
	answered := r.method // the method of the request resp answers
	if r.redirectedAs != "" {
		answered = r.redirectedAs
	}
	return r.method == http.MethodDelete && answered == http.MethodDelete && r.replayed &&
		resp.StatusCode == http.StatusNotFound
}

// retryable reports whether the attempt that ended with resp or err may be sent again.
func (r *request) retryable(resp *http.Response, err error) bool {
	if err != nil {
		if isRateLimitRefusal(err) {
			return false // the same limit would refuse it again before the caller's deadline
		}
		if r.class == replaySafe {
			return neverSent(err) || retryableTransportError(err)
		}
		return !r.reached && neverSent(err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return r.class == replaySafe || !r.reached
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return r.class == replaySafe
	}
	return false
}

// neverSent reports whether err happened before any byte of the request could reach the server:
// the connection could not be made (a dial or DNS failure), or the context ended while the
// pacer held the request back.
func neverSent(err error) bool {
	if isNotSent(err) { // the pacer's wait ended with the context
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr)
}

// statusMayHaveApplied reports whether a response with this status leaves open that the server
// acted on the request. A 4xx (429 included) is a refusal: the server did not act. A 2xx that is
// an error carries the portal's own report of failure ({"error": [...]}, "success": false); the
// request path marks a 2xx it could not read as possibly applied itself. 3xx and every 5xx may
// come after the work was done: 500 is the application failing while it handled the request,
// possibly after writing; 502 and 504 are a proxy losing the answer of an upstream that got the
// request; and 503, though it usually means "not handled", is also what proxies such as Envoy
// answer when the upstream connection breaks after the request was forwarded, so it cannot be
// told from a lost answer.
func statusMayHaveApplied(status int) bool {
	return status < 200 || status >= 300 && (status < 400 || status >= 500)
}

// certificateError reports whether err is the server's certificate failing verification: the
// TLS handshake failed, so nothing of the request was sent.
func certificateError(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	return errors.As(err, &certErr) || errors.As(err, &unknownAuthority) || errors.As(err, &hostErr)
}

// retryableTransportError excludes failures that another attempt cannot fix: certificate
// problems, a redirect the client refused or too many redirects, malformed requests, a response
// the client refused (an *Error from bufferBody: a body over the limit).
func retryableTransportError(err error) bool {
	var apiErr *Error
	if errors.As(err, &apiErr) || errors.Is(err, errRedirectRefused) || certificateError(err) {
		return false
	}
	msg := err.Error()
	return !strings.Contains(msg, "stopped after") && !strings.Contains(msg, "unsupported protocol scheme") &&
		!strings.Contains(msg, "invalid header")
}

// MaybeApplied reports whether the request that failed with err may have reached the server and
// been acted on: the order placed, the invoice paid, the ticket opened, although the call
// returned an error. Check it before doing a send-once call again (the methods whose
// documentation says they are sent once), or you may do the work twice: when it is true, look
// first (list the tickets, read the invoice) and act on what you find.
//
// It is false when the request certainly had no effect: err is nil; the SDK refused the call
// before sending (ErrInvalidArgument); the connection could not be made (connection refused, a
// DNS failure, the server's certificate rejected); the server answered that it did not act (a
// 4xx status, 429 included, or the portal's {"error": [...]} with a 2xx status).
//
// It is true when the request may have reached the server: the connection broke after sending,
// an attempt timed out or the context ended while the server had the request, the answer was a
// redirect whose follow-up failed, a 5xx status (500: the application failed while handling
// it; 502 and 504: a proxy lost the answer; 503: proxies also answer it when the upstream breaks
// after the request was forwarded), or a 2xx answer the client could not read. It stays true if
// any earlier attempt of the call may have reached the server. An error it does not recognise
// (one wrapped by your own code from elsewhere, say) counts as true.
//
// For a replay-safe request (a read, an idempotent change) the SDK has already retried what
// could be retried; MaybeApplied then only says whether the server may have seen it.
//
// For an *ApplyError (DNSService.ApplyPlan, EditZone: many requests) it is true exactly when
// a change may have been applied without that being confirmed (Report.MaybeApplied is not
// empty): the changes its report lists as applied or failed are known.
func MaybeApplied(err error) bool {
	if err == nil {
		return false
	}
	var applyErr *ApplyError
	if errors.As(err, &applyErr) && applyErr.Report != nil {
		return len(applyErr.Report.MaybeApplied) > 0
	}
	var oe *outcomeError
	if errors.As(err, &oe) {
		return oe.maybeApplied
	}
	if errors.Is(err, ErrInvalidArgument) {
		return false
	}
	var apiErr *Error
	if errors.As(err, &apiErr) {
		return statusMayHaveApplied(apiErr.StatusCode)
	}
	return true
}

// outcomeError is an error of the request path together with its verdict for MaybeApplied. It
// is transparent otherwise: its text is err's, and errors.Is and errors.As see through it.
type outcomeError struct {
	err          error
	maybeApplied bool
}

func (e *outcomeError) Error() string { return e.err.Error() }
func (e *outcomeError) Unwrap() error { return e.err }

// failed returns err, a failure of r, with its verdict for MaybeApplied: applied when this
// failure leaves open that the server acted, or when an earlier attempt may have reached it.
// The verdict is r's even when err holds another call's (a login that failed while r was being
// authorised): MaybeApplied reads the outermost.
func (r *request) failed(err error, applied bool) error {
	return &outcomeError{err: err, maybeApplied: applied || r.reached}
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
