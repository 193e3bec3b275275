package unmetered

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// route is the target of one request: the endpoint as the API reference names it (a method and
// a path template such as "/domain/@id/dns/@index") and the path with its parameters filled in.
// Every service method builds its route with newRoute, so that parameters are checked and
// escaped one way everywhere and the template names the endpoint for the retry policy.
type route struct {
	method   string
	template string // the reference's path, e.g. "/domain/@id/renew"
	path     string // escaped, below the base URL, with an optional "?query"
}

// newRoute fills the @parameters of template from args, in order. An int64 argument is an id:
// it must be 1 or more, except for an @index parameter (a position), which may be 0. A string
// argument is sent as exactly one escaped path segment (see pathSegment) and may not be empty.
// Any other argument, or a count that does not match the template, is an error wrapping
// ErrInvalidArgument, as is an invalid id; nothing is sent then.
func newRoute(method, template string, args ...any) (route, error) {
	var b strings.Builder
	b.Grow(len(template) + 8)
	rest, n := template, 0
	for {
		i := strings.IndexByte(rest, '@')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		rest = rest[i:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			j = len(rest)
		}
		param := rest[:j]
		rest = rest[j:]
		if n >= len(args) {
			return route{}, fmt.Errorf("%w: %s %s: no value for %s", ErrInvalidArgument, method, template, param)
		}
		seg, err := routeSegment(param, args[n])
		if err != nil {
			return route{}, fmt.Errorf("%w: %s %s: %s", ErrInvalidArgument, method, template, err.Error())
		}
		b.WriteString(seg)
		n++
	}
	if n != len(args) {
		return route{}, fmt.Errorf("%w: %s %s: %d values for %d parameters", ErrInvalidArgument, method, template, len(args), n)
	}
	return route{method: method, template: template, path: b.String()}, nil
}

// routeSegment renders one @parameter's value as a path segment.
func routeSegment(param string, arg any) (string, error) {
	switch v := arg.(type) {
	case int64:
		if v < 0 || v == 0 && param != "@index" {
			if param == "@index" {
				return "", fmt.Errorf("%s must not be negative, not %d", param, v)
			}
			return "", fmt.Errorf("%s must be a positive id, not %d", param, v)
		}
		return strconv.FormatInt(v, 10), nil
	case string:
		if v == "" {
			return "", fmt.Errorf("%s must not be empty", param)
		}
		return pathSegment(v), nil
	default:
		return "", fmt.Errorf("%s needs an int64 id or a string, not %T", param, arg)
	}
}

// withQuery returns r with q as its query string; an empty q leaves r as it is.
func (r route) withQuery(q url.Values) route {
	if len(q) > 0 {
		r.path += "?" + q.Encode()
	}
	return r
}

// String is "METHOD /path" without the query, as errors show a request.
func (r route) String() string { return r.method + " " + routePath(r.path) }

// pathSegment escapes s as exactly one path segment. It also escapes the dot segments "." and
// "..", which url.PathEscape leaves alone and servers would resolve, so that no caller-supplied
// value can change which route a request goes to.
func pathSegment(s string) string {
	if s == "." || s == ".." {
		return strings.Repeat("%2E", len(s))
	}
	return url.PathEscape(s)
}

// routePath is the route without its query, as shown in errors and logs.
func routePath(route string) string {
	if i := strings.IndexByte(route, '?'); i >= 0 {
		return route[:i]
	}
	return route
}

// staticRoute is the route of an endpoint whose path has no parameters, such as GET /details.
func staticRoute(method, path string) route {
	return route{method: method, template: path, path: path}
}

// endpointTemplates is endpointClasses' keys split for matching: method and path segments.
var endpointTemplates = func() [][]string {
	out := make([][]string, 0, len(endpointClasses))
	for key := range endpointClasses {
		method, template, _ := strings.Cut(key, " ")
		out = append(out, append([]string{method}, strings.Split(template[1:], "/")...))
	}
	return out
}()

// endpointOf returns the template of the API endpoint that method and path (escaped, without
// query) address, e.g. "/domain/@id/renew" for POST /domain/47/renew. A @parameter matches
// any one segment; literal segments are compared unescaped and ignoring case, as a lenient
// server would. Where several templates match, the one with a literal at the first place they
// differ wins (/domain/order over /domain/@id), as the server routes it.
func endpointOf(method, path string) (string, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, s := range segs {
		if u, err := url.PathUnescape(s); err == nil {
			segs[i] = u
		}
	}
	var best []string
	for _, t := range endpointTemplates {
		if t[0] != method || len(t)-1 != len(segs) || !segmentsMatch(t[1:], segs) {
			continue
		}
		if best == nil || moreLiteral(t[1:], best[1:]) {
			best = t
		}
	}
	if best == nil {
		return "", false
	}
	return "/" + strings.Join(best[1:], "/"), true
}

func segmentsMatch(template, segs []string) bool {
	for i, t := range template {
		if !strings.HasPrefix(t, "@") && !strings.EqualFold(t, segs[i]) {
			return false
		}
	}
	return true
}

// moreLiteral reports whether template a has a literal segment where b has a parameter, at the
// first place they differ in kind.
func moreLiteral(a, b []string) bool {
	for i := range a {
		if la, lb := !strings.HasPrefix(a[i], "@"), !strings.HasPrefix(b[i], "@"); la != lb {
			return la
		}
	}
	return false
}
