package unmetered

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// Client.Do: raw calls for routes the SDK does not type, through the same request path.

// DoOption adjusts one Client.Do call. Get one from Idempotent or SendOnce.
type DoOption func(*request)

// Idempotent tells Client.Do that sending the request again is harmless: it changes nothing (a
// POST that only reads or estimates), or repeating it leaves the same result. The request is then
// retried after any transient failure, like a GET, even when its endpoint is send-once.
func Idempotent() DoOption { return func(r *request) { r.class = replaySafe } }

// SendOnce tells Client.Do that the request must not be repeated once it may have reached the
// server (a PUT or DELETE whose repetition would do the work twice). It is then sent again only
// when it certainly did not reach the server; check MaybeApplied when it fails.
func SendOnce() DoOption { return func(r *request) { r.class = sendOnce } }

// Do sends a request to a route the SDK has no method for (a module route that Services.Methods
// lists, say) and decodes the JSON answer into out. It goes through the same path as the typed
// methods: authentication, retries, errors (*Error, the sentinels, MaybeApplied) and redaction.
//
// method is GET, POST, PUT or DELETE (in any case). path is below the base URL, starts with "/"
// and may carry a query: "/service/301/vpsdetails?refresh=1". It is sent exactly as given, so it
// must already be escaped (url.PathEscape each segment, url.Values.Encode the query). Do refuses
// a path that could leave the base URL, is not validly escaped, or escapes route structure,
// before sending anything and with an error wrapping ErrInvalidArgument: a scheme or host, an
// empty segment ("//", a trailing "/"), a "." or ".." segment (escaped or not), a backslash
// (escaped or not), an encoded slash (%2F), any of these that decoding a segment again would
// make (%252F, %255C, %252E%252E), a fragment, a space or another character that needs
// escaping.
//
// Encoded slashes are refused, not sent: some servers and proxies decode %2F before routing and
// some do not, so "/domain/47/dns%2F3" may reach DELETE /domain/@id/dns/@index (send-once) or an
// unknown route (replay-safe), and no one reading of it is safe to retry by; a proxy that
// normalises the path in front of an application that decodes it again does the same with
// "dns%252F3". With these refused, the segments Do classifies are the ones any server routes. No route
// of the API takes a "/" inside a segment; the typed methods escape one where a value holds it.
//
// body, when not nil, is sent as JSON (a json.RawMessage as it is). out may be nil (the answer
// must still be JSON), a pointer to decode the answer into, or a *json.RawMessage to keep the
// answer's JSON as it came.
//
// Retries follow the endpoint. A path of an endpoint of the API reference (POST /domain/47/renew
// is POST /domain/@id/renew) is retried as that endpoint is; see the README's Retries table. Of
// other paths, a POST is send-once and GET, PUT and DELETE are replay-safe. Idempotent and
// SendOnce override this for one call.
func (c *Client) Do(ctx context.Context, method, path string, body, out any, opts ...DoOption) error {
	verb := strings.ToUpper(method)
	switch verb {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete:
	default:
		return fmt.Errorf("%w: Do: method %q is not GET, POST, PUT or DELETE", ErrInvalidArgument, method)
	}
	if err := c.checkRawPath(path); err != nil {
		return fmt.Errorf("%w: Do: %s %q: %s", ErrInvalidArgument, verb, routePath(path), err.Error())
	}
	if out != nil {
		if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
			return fmt.Errorf("%w: Do: out must be nil or a non-nil pointer, not %T", ErrInvalidArgument, out)
		}
	}
	r := &request{method: verb, route: path, body: body}
	if template, ok := endpointOf(verb, routePath(path)); ok {
		r.template, r.class = template, classOf(verb, template)
	} else if verb != http.MethodPost {
		r.class = replaySafe
	}
	for _, opt := range opts {
		if opt == nil {
			return fmt.Errorf("%w: Do: nil DoOption", ErrInvalidArgument)
		}
		opt(r)
	}
	return c.call(ctx, r, out)
}

// checkRawPath checks a path given to Do: escaped, below the base URL, addressing one route.
func (c *Client) checkRawPath(raw string) error {
	p, query, _ := strings.Cut(raw, "?")
	if !strings.HasPrefix(p, "/") {
		return errors.New(`the path must start with "/" and be relative to the base URL`)
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" {
			return errors.New(`the path has an empty segment ("//" or a trailing "/")`)
		}
		if !validEscaped(seg, "") {
			return fmt.Errorf("segment %q is not validly escaped (use url.PathEscape)", seg)
		}
		if err := checkDecodedSegment(seg); err != nil {
			return err
		}
	}
	if !validEscaped(query, "/?") {
		return errors.New("the query is not validly escaped (use url.Values.Encode); a fragment is not allowed")
	}
	// Belt and braces: the URL the request goes to is below the base URL.
	base, _ := url.Parse(c.baseURL)
	u, err := url.Parse(c.baseURL + raw)
	if err != nil || origin(u) != origin(base) || !strings.HasPrefix(u.EscapedPath(), base.EscapedPath()+"/") {
		return errors.New("the path leaves the base URL")
	}
	return nil
}

// maxSegmentDecodes is how many times checkDecodedSegment decodes a segment: once for the
// server, and as many more as a chain of proxies and an application may each decode it again.
const maxSegmentDecodes = 4

// checkDecodedSegment refuses a validly escaped path segment that holds, once decoded, a
// backslash, a slash or a dot segment, and one that holds them after it is decoded again: some
// servers and proxies decode %2F (and %5C) before routing and some do not, and a chain of a
// proxy that normalises the path and an application that decodes it again routes
// "dns%252F3" as "dns/3". Either way the request would go to another route than the one Do
// classifies (and retries) it as.
func checkDecodedSegment(seg string) error {
	decoded, twice := seg, ""
	for i := 0; i < maxSegmentDecodes; i++ {
		next, err := url.PathUnescape(decoded)
		if i > 0 && (err != nil || next == decoded) {
			break // nothing more to decode (an invalid escape decodes no further)
		}
		if decoded = next; i > 0 {
			twice = " once decoded again"
		}
		switch {
		case strings.ContainsRune(decoded, '\\'):
			return fmt.Errorf("segment %q holds a backslash%s, which some servers read as \"/\"", seg, twice)
		case decoded == "." || decoded == "..":
			return fmt.Errorf("segment %q is a dot segment%s", seg, twice)
		case strings.ContainsRune(decoded, '/'):
			return fmt.Errorf("segment %q holds an encoded slash (%%2F)%s, which some servers route as \"/\"", seg, twice)
		}
	}
	return nil
}

// validEscaped reports whether s consists of RFC 3986 path characters (unreserved, sub-delims,
// ":" and "@"), valid %XX escapes, and the characters in extra.
func validEscaped(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9',
			strings.IndexByte("-._~!$&'()*+,;=:@", b) >= 0, strings.IndexByte(extra, b) >= 0:
		case b == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}
