package unmeteredtest

import (
	"net/url"
	"sort"
	"strings"
)

// apiPrefix is where the API lives below the server's root.
const apiPrefix = "/api"

// route is one endpoint: a method and a pattern as endpoints.tsv spells it ("/domain/@id/ns"),
// where a segment starting with "@" matches any one non-empty path segment.
type route struct {
	method  string
	pattern string
	h       handler
	public  bool // served without authentication (login, token refresh, revoke)
	segs    []string
}

// key identifies the route for faults and counts: the method and the pattern with every
// placeholder reduced to "@", so "/service/@id/dns" and "/service/@service_id/dns" are one route.
func (rt *route) key() string { return routeKey(rt.method, rt.segs) }

func routeKey(method string, segs []string) string {
	norm := make([]string, len(segs))
	for i, seg := range segs {
		if strings.HasPrefix(seg, "@") {
			seg = "@"
		}
		norm[i] = seg
	}
	return strings.ToUpper(method) + " /" + strings.Join(norm, "/")
}

// splitPattern splits "/domain/@id/ns" into its segments.
func splitPattern(p string) []string {
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

// routeTable is the server's endpoints, built once from the section tables.
var routeTable = func() []*route {
	var all []*route
	for _, section := range [][]*route{
		authRoutes, accountRoutes, billingRoutes, supportRoutes, domainRoutes,
		certificateRoutes, serviceRoutes, cartRoutes, dnsRoutes,
	} {
		for _, rt := range section {
			rt.segs = splitPattern(rt.pattern)
			all = append(all, rt)
		}
	}
	return all
}()

// routeKeys is the set of route keys, to check the routes given to Fail and Count.
var routeKeys = func() map[string]bool {
	keys := map[string]bool{}
	for _, rt := range routeTable {
		keys[rt.key()] = true
	}
	return keys
}()

// match finds the route for a request. The path is split on "/" in its escaped form and each
// segment unescaped on its own, so an escaped "/" inside a domain name stays in its segment.
// Among the routes whose pattern fits, a literal segment beats a placeholder at the first place
// they differ ("/domain/order" over "/domain/@id"). When patterns fit but none has the method,
// match returns the methods of the most specific of them (for a 405's Allow header); when
// nothing fits, all results are empty.
func match(method, escapedPath string) (best *route, params map[string]string, allowed []string) {
	rest, ok := strings.CutPrefix(escapedPath, apiPrefix+"/")
	if !ok {
		return nil, nil, nil
	}
	raw := strings.Split(rest, "/")
	segs := make([]string, len(raw))
	for i, r := range raw {
		s, err := url.PathUnescape(r)
		if err != nil || s == "" {
			return nil, nil, nil
		}
		segs[i] = s
	}
	var bestOther *route
	for _, rt := range routeTable {
		if !fits(rt.segs, segs) {
			continue
		}
		if rt.method != method {
			if bestOther == nil || moreSpecific(rt, bestOther) {
				bestOther = rt
			}
			continue
		}
		if best == nil || moreSpecific(rt, best) {
			best = rt
		}
	}
	if best == nil {
		if bestOther == nil {
			return nil, nil, nil
		}
		return nil, nil, methodsFor(bestOther.segs)
	}
	params = map[string]string{}
	for i, p := range best.segs {
		if strings.HasPrefix(p, "@") {
			params[p[1:]] = segs[i]
		}
	}
	return best, params, nil
}

func fits(pattern, segs []string) bool {
	if len(pattern) != len(segs) {
		return false
	}
	for i, p := range pattern {
		if !strings.HasPrefix(p, "@") && p != segs[i] {
			return false
		}
	}
	return true
}

// moreSpecific reports whether a has a literal where b has a placeholder at the first place
// their patterns differ in kind.
func moreSpecific(a, b *route) bool {
	for i := range a.segs {
		la, lb := !strings.HasPrefix(a.segs[i], "@"), !strings.HasPrefix(b.segs[i], "@")
		if la != lb {
			return la
		}
	}
	return false
}

// methodsFor lists the methods of the routes with exactly this pattern shape.
func methodsFor(segs []string) []string {
	key := routeKey("", segs)
	var out []string
	for _, rt := range routeTable {
		if routeKey("", rt.segs) == key {
			out = append(out, rt.method)
		}
	}
	sort.Strings(out)
	return out
}
