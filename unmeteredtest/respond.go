package unmeteredtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// obj is a JSON object as the handlers build it.
type obj = map[string]any

// handler serves one route. It runs with the server's state locked (c.st) and returns the reply.
type handler func(c *call) reply

// call is one authenticated request as a handler sees it.
type call struct {
	srv     *Server
	r       *http.Request
	params  map[string]string // placeholder values by name, e.g. "id" for "@id"
	in      input             // the request's parameters: JSON or form body, then the query
	st      *state            // set while the state is locked
	session *session          // the session of a bearer token, nil for Basic auth
	// authFailure is the 401 the credentials earned, for a public route that reads them.
	authFailure *reply
}

// reply is a handler's answer: a JSON body, or raw bytes for a download.
type reply struct {
	status int
	body   any
	raw    []byte
	ctype  string
	header map[string]string
}

func ok(body any) reply { return reply{status: http.StatusOK, body: body} }

// errorReply is the portal's failure envelope: {"error": ["message", ...]}.
func errorReply(status int, msgs ...string) reply {
	return reply{status: status, body: obj{"error": msgs}}
}

// invalid is a 400 with the given messages.
func invalid(msgs ...string) reply { return errorReply(http.StatusBadRequest, msgs...) }

// notFound is a 404 naming what was not found.
func notFound(what string) reply { return errorReply(http.StatusNotFound, what+" not found") }

// info is a success with an "info" list; items are strings or lists like ["key", "arg"].
func info(items ...any) reply { return ok(obj{"info": items}) }

// statusTrue is the {"status": true} of the session and ticket state endpoints.
func statusTrue() reply { return ok(obj{"status": true}) }

// encode turns a JSON body into bytes, so the reply no longer refers to the state.
func (rp reply) encode() reply {
	if rp.raw != nil || rp.body == nil {
		return rp
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // product descriptions carry HTML; keep it readable
	if err := enc.Encode(rp.body); err != nil {
		return errorReply(http.StatusInternalServerError, "unmeteredtest: cannot encode the reply: "+err.Error()).encode()
	}
	rp.raw, rp.body, rp.ctype = bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil, "application/json"
	return rp
}

// writeReply sends the reply and returns its status.
func writeReply(w http.ResponseWriter, rp reply) int {
	rp = rp.encode()
	for k, v := range rp.header {
		w.Header().Set(k, v)
	}
	if rp.ctype != "" {
		w.Header().Set("Content-Type", rp.ctype)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rp.raw)))
	w.WriteHeader(rp.status)
	_, _ = w.Write(rp.raw)
	return rp.status
}

// maxBody bounds the request bodies the server reads.
const maxBody = 1 << 20

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err == nil && len(b) > maxBody {
		err = errors.New("request body too large")
	}
	return b, err
}

// input is a request's parameters. JSON bodies keep their types (numbers as json.Number);
// form bodies and the query give strings, "key[]" lists and "key[sub]" objects. Values in the
// body win over the query.
type input map[string]any

func parseInput(r *http.Request, body []byte) (input, error) {
	in := input{}
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ctype == "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, errors.New("The form body cannot be parsed") //lint:ignore ST1005 the portal's own message, sent as is
		}
		addForm(in, vals)
	case len(bytes.TrimSpace(body)) > 0:
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil || dec.More() {
			return nil, errors.New("The request body is not valid JSON") //lint:ignore ST1005 the portal's own message, sent as is
		}
		m, isObj := v.(map[string]any)
		if !isObj && v != nil {
			return nil, errors.New("The request body must be a JSON object") //lint:ignore ST1005 the portal's own message, sent as is
		}
		for k, x := range m {
			in[k] = x
		}
	}
	query := input{}
	addForm(query, r.URL.Query())
	for k, v := range query {
		if _, set := in[k]; !set {
			in[k] = v
		}
	}
	return in, nil
}

// addForm adds form values PHP-style: "a[]" collects a list, "a[b]" an object.
func addForm(in input, vals url.Values) {
	for key, vs := range vals {
		name, sub, bracket := strings.Cut(key, "[")
		switch {
		case !bracket:
			in[key] = vs[len(vs)-1]
		case sub == "]":
			list, _ := in[name].([]any)
			for _, v := range vs {
				list = append(list, v)
			}
			in[name] = list
		default:
			m, _ := in[name].(map[string]any)
			if m == nil {
				m = map[string]any{}
			}
			m[strings.TrimSuffix(sub, "]")] = vs[len(vs)-1]
			in[name] = m
		}
	}
}

func (in input) has(key string) bool {
	v, set := in[key]
	return set && v != nil
}

// str returns a parameter as text: a string as is, a number as its digits, a flag as "1" or "0".
func (in input) str(key string) string { return scalarString(in[key]) }

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "1"
		}
		return "0"
	}
	return ""
}

// num reads an integer parameter sent as a number or a string. ok is false when the parameter
// is present but not an integer.
func (in input) num(key string) (n int64, present, ok bool) {
	if !in.has(key) {
		return 0, false, true
	}
	n, err := strconv.ParseInt(strings.TrimSpace(in.str(key)), 10, 64)
	return n, true, err == nil
}

// flag reads a boolean parameter sent as true/false, 1/0, "1"/"0", "true"/"false", "yes"/"no"
// or "on"/"off".
func (in input) flag(key string) (v, present, ok bool) {
	if !in.has(key) {
		return false, false, true
	}
	switch strings.ToLower(strings.TrimSpace(in.str(key))) {
	case "1", "true", "yes", "on":
		return true, true, true
	case "0", "false", "no", "off", "":
		return false, true, true
	}
	return false, true, false
}

// strs reads a list of scalars: a JSON array, a form "key[]" list, a number-keyed object (in
// key order) or a single string. ok is false for anything else.
func (in input) strs(key string) (list []string, ok bool) {
	switch x := in[key].(type) {
	case nil:
		return nil, true
	case string:
		return []string{x}, true
	case []any:
		for _, v := range x {
			s := scalarString(v)
			if s == "" && v != "" {
				return nil, false
			}
			list = append(list, s)
		}
		return list, true
	case map[string]any:
		keys := make([]int, 0, len(x))
		for k := range x {
			n, err := strconv.Atoi(k)
			if err != nil {
				return nil, false
			}
			keys = append(keys, n)
		}
		sort.Ints(keys)
		sub := input{}
		arr := make([]any, len(keys))
		for i, k := range keys {
			arr[i] = x[strconv.Itoa(k)]
		}
		sub[key] = arr
		return sub.strs(key)
	}
	return nil, false
}

// object reads an object parameter.
func (in input) object(key string) (map[string]any, bool) {
	m, isObj := in[key].(map[string]any)
	return m, isObj
}

// parseID reads an id from a path segment or a parameter: a positive decimal integer.
func parseID(s string) (int64, bool) {
	if s == "" || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

// idString renders an id the way the portal usually does: as a JSON string.
func idString(id int64) string { return strconv.FormatInt(id, 10) }

// money is an amount in cents; it renders as the portal's "19.65".
type money int64

func (m money) String() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Sprintf("%s%d.%02d", sign, m/100, m%100)
}

// num renders the amount as a JSON number with the same digits, as some responses send money.
func (m money) num() json.Number { return json.Number(m.String()) }

// parseMoney reads "19.65", "19.6", "19" or 19.65 as cents; more than two decimals is refused.
func parseMoney(s string) (money, bool) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || strings.HasPrefix(whole, "-") || strings.HasPrefix(whole, "+") {
		return 0, false
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 1e12 {
		return 0, false
	}
	frac += strings.Repeat("0", 2-len(frac))
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, false
	}
	return money(w*100 + f), true
}

// Layouts of the portal's dates and times.
const (
	dateLayout = "2006-01-02"
	timeLayout = "2006-01-02 15:04:05"
)

// renderEach renders the elements of list as a JSON list (never null), leaving out those for
// which render returns nil.
func renderEach[T any](list []T, render func(T) obj) []obj {
	out := make([]obj, 0, len(list))
	for _, v := range list {
		if o := render(v); o != nil {
			out = append(out, o)
		}
	}
	return out
}

// keyed is a stored object with an id.
type keyed interface{ id() int64 }

// first returns the first element of list that match accepts.
func first[T any](list []T, match func(T) bool) (T, bool) {
	for _, v := range list {
		if match(v) {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// find returns the object with the id from list.
func find[T keyed](list []T, id int64) (T, bool) {
	return first(list, func(v T) bool { return v.id() == id })
}

// with wraps a handler of one object addressed by the path placeholder param: it parses the
// id, finds the object in the state's list, and answers 404 naming what when either fails.
func with[T keyed](param, what string, list func(*state) []T, h func(*call, T) reply) handler {
	return func(c *call) reply {
		if id, ok := parseID(c.params[param]); ok {
			if v, found := find(list(c.st), id); found {
				return h(c, v)
			}
		}
		return notFound(what)
	}
}

// remove returns list without the object with the id.
func remove[T keyed](list []T, id int64) []T {
	out := list[:0:0]
	for _, v := range list {
		if v.id() != id {
			out = append(out, v)
		}
	}
	return out
}
