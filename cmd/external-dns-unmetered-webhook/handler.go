package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The webhook's HTTP API, protocol version 1, as external-dns's webhook provider calls it:
//
//	GET  /                 negotiation: Accept names the media type; the answer is the domain filter
//	GET  /records          the zones' records as endpoints
//	POST /records          apply a change set; 204 once every change is applied
//	POST /adjustendpoints  the endpoints external-dns wants, adjusted to what /records will list
//
// Every answer, errors included, has Content-Type mediaType. A request whose body is not of
// that media type is refused with 415, one whose Accept does not admit it with 406.

const (
	// defaultMaxBody is the largest request body read: external-dns's own default limit (32
	// MiB, some 60,000 records).
	defaultMaxBody = 32 << 20
	// applyTimeout bounds applying one change set. The apply does not stop when external-dns
	// gives up waiting (its default timeout is 15 s): a change set half applied would only be
	// planned again, and every change applied now is one the next loop need not send.
	applyTimeout = 5 * time.Minute
	// readTimeout bounds answering a read (GET /records) or an adjustment.
	readTimeout = 2 * time.Minute
)

// webhook serves the protocol for a provider.
type webhook struct {
	p       *provider
	log     *slog.Logger
	maxBody int64 // the largest request body read, in bytes
}

// ServeHTTP routes a request by its exact path and method.
func (h *webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", mediaType)
	var allow []string
	switch r.URL.Path {
	case "/":
		allow = []string{http.MethodGet}
	case "/records":
		allow = []string{http.MethodGet, http.MethodPost}
	case "/adjustendpoints":
		allow = []string{http.MethodPost}
	default:
		h.fail(w, r, http.StatusNotFound, "no such path: the webhook serves /, /records and /adjustendpoints")
		return
	}
	if !slices.Contains(allow, r.Method) {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		h.fail(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed here; use "+strings.Join(allow, " or "))
		return
	}
	if !acceptable(r.Header.Values("Accept")) {
		h.fail(w, r, http.StatusNotAcceptable, "the webhook answers only "+mediaType+", which Accept does not admit")
		return
	}
	if r.Method == http.MethodPost && !isMediaType(r.Header.Get("Content-Type")) {
		h.fail(w, r, http.StatusUnsupportedMediaType, "the request body must be "+mediaType)
		return
	}
	switch {
	case r.URL.Path == "/":
		h.reply(w, r, http.StatusOK, h.p.filter.negotiation())
	case r.URL.Path == "/records" && r.Method == http.MethodGet:
		h.records(w, r)
	case r.URL.Path == "/records":
		h.applyChanges(w, r)
	default:
		h.adjust(w, r)
	}
}

func (h *webhook) records(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readTimeout)
	defer cancel()
	eps, err := h.p.records(ctx)
	if err != nil {
		h.fail(w, r, http.StatusInternalServerError, "listing the records: "+err.Error())
		return
	}
	h.reply(w, r, http.StatusOK, eps)
}

func (h *webhook) applyChanges(w http.ResponseWriter, r *http.Request) {
	var ch Changes
	if !h.decode(w, r, &ch) {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), applyTimeout)
	defer cancel()
	if err := h.p.applyChanges(ctx, &ch); err != nil {
		// A 5xx: external-dns counts it as a soft error and plans again in its next loop,
		// from the zones as they are then.
		h.fail(w, r, http.StatusInternalServerError, "applying the changes: "+err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *webhook) adjust(w http.ResponseWriter, r *http.Request) {
	var eps []*Endpoint
	if !h.decode(w, r, &eps) {
		return
	}
	h.reply(w, r, http.StatusOK, h.p.adjust(eps))
}

// decode reads the JSON body into v, at most h.maxBody bytes; on failure it answers 413 or 400
// and returns false.
func (h *webhook) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.maxBody)).Decode(v)
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return true
	case errors.As(err, &tooLarge):
		h.fail(w, r, http.StatusRequestEntityTooLarge, "the request body is over "+strconv.FormatInt(h.maxBody, 10)+" bytes")
	default:
		h.fail(w, r, http.StatusBadRequest, "the request body is not the JSON expected: "+err.Error())
	}
	return false
}

// reply answers status with v as JSON.
func (h *webhook) reply(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // cannot happen: the webhook's own types marshal
		h.fail(w, r, http.StatusInternalServerError, "encoding the answer: "+err.Error())
		return
	}
	w.WriteHeader(status)
	if _, err := w.Write(append(b, '\n')); err != nil {
		h.log.Debug("writing the answer", "path", r.URL.Path, "error", err)
	}
}

// fail answers status with {"error": msg} and logs it: server errors as errors, the client's
// as warnings.
func (h *webhook) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	level := slog.LevelWarn
	if status >= 500 {
		level = slog.LevelError
	}
	h.log.Log(r.Context(), level, "request failed", "method", r.Method, "path", r.URL.Path, "status", status, "error", msg)
	b, _ := json.Marshal(errorBody{Error: msg})
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// isMediaType reports whether a Content-Type is the protocol's media type, version 1 (other
// parameters, such as a charset, are allowed).
func isMediaType(contentType string) bool {
	t, params, err := mime.ParseMediaType(contentType)
	return err == nil && t == "application/external.dns.webhook+json" && params["version"] == "1"
}

// acceptable reports whether Accept headers admit the protocol's media type: no header, the
// type with version 1 or no version, "application/*" or "*/*", unless with q=0.
func acceptable(headers []string) bool {
	if len(headers) == 0 {
		return true
	}
	for _, h := range headers {
		for item := range strings.SplitSeq(h, ",") {
			if strings.TrimSpace(item) == "" {
				continue
			}
			t, params, err := mime.ParseMediaType(item)
			if err != nil {
				continue
			}
			if q, ok := params["q"]; ok {
				if v, err := strconv.ParseFloat(q, 64); err != nil || v <= 0 {
					continue
				}
			}
			switch t {
			case "*/*", "application/*":
				return true
			case "application/external.dns.webhook+json":
				if v, ok := params["version"]; !ok || v == "1" {
					return true
				}
			}
		}
	}
	return false
}
