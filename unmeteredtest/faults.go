package unmeteredtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// Fault describes how the next requests to a route fail, for testing how code copes with an
// unreliable portal. Give it to Server.Fail.
//
// A fault strikes before the portal acts, like a failing proxy in front of it, unless
// AfterAction is set: then the portal acts first (the ticket is opened, the invoice paid) and
// only its answer is lost, so a test can check how its code copes with "it happened, but you
// were not told".
type Fault struct {
	// Times is how many requests fail; 0 means one.
	Times int
	// Status is the HTTP status to answer, e.g. 503 or 429. With Status 0 the answer is 200
	// when Body is set, and otherwise the route's normal answer after Delay (a slow request).
	Status int
	// RetryAfter, when positive, is sent as a Retry-After header in whole seconds (rounded up).
	RetryAfter time.Duration
	// Delay holds the answer back this long, or until the client gives up or the server closes.
	// A request that only waits is then served even if its client has gone: like a real
	// server, the fake may act on a request whose answer nobody reads.
	Delay time.Duration
	// Body is sent as the response body instead of the portal's {"error": [...]}: use it for
	// malformed JSON or an HTML error page. It is sent as text/html unless it starts with "{"
	// or "[".
	Body string
	// DropConnection closes the connection without any response, after Delay.
	DropConnection bool
	// AfterAction makes the fault strike after the portal has handled the request and changed
	// its state: the answer is then replaced by Status (or Body), or the connection is dropped
	// (DropConnection), after Delay. A Delay alone holds the real answer back: a timeout when
	// the client gives up first, with the change already made.
	AfterAction bool
	// OnStrike, when set, is called each time the fault strikes: after Delay, just before the
	// answer goes out or the connection is dropped (with AfterAction, after the portal has
	// acted). It runs on the request's own goroutine with no lock of the server held, so it may
	// send the server requests of its own (through another client): that is how a test makes
	// another writer's change land between a request that acted and its lost answer, e.g. a
	// record deleted before the client can learn that its update went through. The request's
	// answer waits until OnStrike returns. A fault that only delays (no Status, Body or
	// DropConnection) calls it too, before the late answer. SDK clients of one account share
	// its pacer, which sends a kind of request alone until the first answer to it: when the
	// faulted request is the first, a request OnStrike sends through a client of the same
	// account waits for it (a few seconds at most); let that client have an answer first.
	OnStrike func()
}

// Fail makes the next f.Times requests to the route fail as f describes. method is "GET",
// "POST", "PUT" or "DELETE"; route is an endpoint as endpoints.tsv and the API reference spell
// it, e.g. "/domain/@id" (a placeholder matches any id; its name does not matter). Faults for
// one route are used in the order they were added. Faults strike before authentication, like a
// failing proxy in front of the portal, unless f.AfterAction is set: then the portal handles the
// request first and only its answer is lost. Fail panics if the route does not exist.
func (s *Server) Fail(method, route string, f Fault) {
	if f.Times < 0 || f.Status < 0 || f.Delay < 0 || f.RetryAfter < 0 {
		panic(fmt.Sprintf("unmeteredtest: Fail(%s, %s): negative values in %+v", method, route, f))
	}
	if f.Times == 0 {
		f.Times = 1
	}
	key := mustRoute(method, route)
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.faults[key] = append(s.faults[key], &f)
}

// Count returns how many requests the route has received, including those a Fault answered or
// that failed authentication. method and route are as for Fail; Count panics if the route does
// not exist, so a typo cannot pass for "never called".
func (s *Server) Count(method, route string) int {
	key := mustRoute(method, route)
	s.fmu.Lock()
	defer s.fmu.Unlock()
	return s.counts[key]
}

// Request is one request the server received, as Requests reports it.
type Request struct {
	Method string
	// Route is the endpoint it matched as endpoints.tsv spells it ("/domain/@id"), or "" when
	// it matched none.
	Route string
	// Path is the escaped request path, e.g. "/api/domain/47".
	Path  string
	Query url.Values
	// Auth is the scheme of the Authorization header ("Basic", "Bearer"), never its value.
	Auth string
	// Body is the request body with the account password and any JWT replaced by "[REDACTED]".
	Body []byte
	// Status is the status answered; 0 for a dropped connection.
	Status int
}

// Requests returns the last requests received (at most the server's request log size, see
// WithRequestLog), oldest first, in the order their answers completed.
func (s *Server) Requests() []Request {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	out := make([]Request, 0, len(s.reqs))
	out = append(out, s.reqs[s.next:]...)
	return append(out, s.reqs[:s.next]...)
}

func mustRoute(method, route string) string {
	key := routeKey(method, splitPattern(route))
	if !routeKeys[key] {
		panic(fmt.Sprintf("unmeteredtest: no route %s %s; give the method and path as endpoints.tsv does, e.g. GET /domain/@id", method, route))
	}
	return key
}

// tally counts a request to the route that no fault or handler answers (one past the rate
// limit).
func (s *Server) tally(key string) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.counts[key]++
}

// take counts a request to the route and returns the fault it should suffer, if any.
func (s *Server) take(key string) *Fault {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.counts[key]++
	queue := s.faults[key]
	if len(queue) == 0 {
		return nil
	}
	f := queue[0]
	f.Times--
	if f.Times == 0 {
		s.faults[key] = queue[1:]
	}
	copied := *f
	return &copied
}

// record adds r to the request log, a ring of the last cfg.logSize requests: s.reqs grows to
// that size, then s.next is where the oldest entry is overwritten.
// It then hands a copy of r to the WithRequestHook function, outside the lock.
func (s *Server) record(r Request) {
	s.fmu.Lock()
	if len(s.reqs) < s.cfg.logSize {
		s.reqs = append(s.reqs, r)
	} else {
		s.reqs[s.next] = r
		s.next = (s.next + 1) % len(s.reqs)
	}
	s.fmu.Unlock()
	if s.cfg.onRequest != nil {
		s.cfg.onRequest(r.clone())
	}
}

// clone returns a copy of r that shares no memory with it.
func (r Request) clone() Request {
	r.Body = bytes.Clone(r.Body)
	if r.Query != nil {
		q := make(url.Values, len(r.Query))
		for k, v := range r.Query {
			q[k] = slices.Clone(v)
		}
		r.Query = q
	}
	return r
}

// applyFault answers a request as f says, before the portal acts on it. served is false when
// the request should go on to its handler (a fault that only delays).
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f *Fault) (status int, served bool) {
	s.delay(r, f.Delay)
	strike(f)
	return s.failAnswer(w, f)
}

// applyFaultAfter answers a request the portal has acted on (its answer is rp) as f says.
func (s *Server) applyFaultAfter(w http.ResponseWriter, r *http.Request, f *Fault, rp reply) int {
	s.delay(r, f.Delay)
	strike(f)
	if status, served := s.failAnswer(w, f); served {
		return status
	}
	return writeReply(w, rp) // a fault that only delays: the real answer, late
}

// strike calls f's OnStrike, if any.
func strike(f *Fault) {
	if f.OnStrike != nil {
		f.OnStrike()
	}
}

// delay waits d, or until the client gives up or the server closes.
func (s *Server) delay(r *http.Request, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.done:
	}
}

// failAnswer answers with f's status or body, or drops the connection; served is false when f
// does neither (it only delays).
func (s *Server) failAnswer(w http.ResponseWriter, f *Fault) (status int, served bool) {
	if f.DropConnection {
		if hj, isHijacker := w.(http.Hijacker); isHijacker {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return 0, true
			}
		}
		panic(http.ErrAbortHandler) // the server drops the connection without a response
	}
	if f.Status == 0 && f.Body == "" {
		return 0, false
	}
	rp := errorReply(f.Status, "Injected fault: "+strconv.Itoa(f.Status)+" "+http.StatusText(f.Status))
	if rp.status == 0 {
		rp.status = http.StatusOK
	}
	if f.Body != "" {
		rp.raw, rp.ctype = []byte(f.Body), "text/html; charset=utf-8"
		if b := bytes.TrimSpace(rp.raw); len(b) > 0 && (b[0] == '{' || b[0] == '[') {
			rp.ctype = "application/json"
		}
	}
	if f.RetryAfter > 0 {
		rp.header = map[string]string{"Retry-After": strconv.FormatInt(ceilDiv(f.RetryAfter, time.Second), 10)}
	}
	return writeReply(w, rp), true
}

var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)

// redact hides the account password (raw, form-encoded or JSON-escaped) and JWTs in a recorded
// body.
func (s *Server) redact(body []byte) []byte {
	if len(body) == 0 {
		return nil
	}
	out := append([]byte(nil), body...)
	escaped, _ := json.Marshal(s.cfg.password)
	for _, secret := range []string{s.cfg.password, url.QueryEscape(s.cfg.password), string(escaped[1 : len(escaped)-1])} {
		out = bytes.ReplaceAll(out, []byte(secret), []byte("[REDACTED]"))
	}
	return jwtPattern.ReplaceAll(out, []byte("[REDACTED]"))
}
