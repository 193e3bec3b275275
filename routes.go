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
