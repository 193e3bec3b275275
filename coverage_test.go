package unmetered

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// The suite must exercise every endpoint of the API at least once. coveringTransport notes each
// request that a test's mock server answered; TestMain compares the notes with
// testdata/endpoints.tsv after a full run (not when -run, -bench or -fuzz selects a subset).

var exercised sync.Map // "METHOD /pattern" → true

type coveringTransport struct{ next http.RoundTripper }

func (t coveringTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err == nil {
		exercised.Store(req.Method+" "+strings.TrimPrefix(req.URL.EscapedPath(), "/api"), true)
	}
	return resp, err
}

// endpointPattern maps a concrete path to the endpoints.tsv pattern it instantiates, preferring
// the pattern with the most literal segments (/domain/order over /domain/@id).
func endpointPattern(patterns []string, method, path string) (string, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	best, bestLiterals := "", -1
	for _, p := range patterns {
		pm, pp, _ := strings.Cut(p, " ")
		psegs := strings.Split(strings.Trim(pp, "/"), "/")
		if pm != method || len(psegs) != len(segs) {
			continue
		}
		literals, ok := 0, true
		for i, ps := range psegs {
			switch {
			case strings.HasPrefix(ps, "@"):
			case ps == segs[i]:
				literals++
			default:
				ok = false
			}
		}
		if ok && literals > bestLiterals {
			best, bestLiterals = p, literals
		}
	}
	return best, bestLiterals >= 0
}

func uncoveredEndpoints() ([]string, error) {
	b, err := os.ReadFile("testdata/endpoints.tsv")
	if err != nil {
		return nil, err
	}
	var patterns []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		cols := strings.Split(line, "\t")
		patterns = append(patterns, cols[1]+" "+cols[2])
	}
	covered := map[string]bool{}
	exercised.Range(func(k, _ any) bool {
		method, path, _ := strings.Cut(k.(string), " ")
		if p, ok := endpointPattern(patterns, method, path); ok {
			covered[p] = true
		}
		return true
	})
	var missing []string
	for _, p := range patterns {
		if !covered[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	return missing, nil
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 {
		// No test may leave a goroutine behind: not a request, a retry wait, a token refresh or
		// a streamed body. Tests close their servers and idle connections themselves, so no
		// goroutine is ignored here.
		// goleak.Find waits about half a second for goroutines to end; on a loaded machine a
		// closing connection can take longer, so look again for a few seconds: a real leak stays.
		err := goleak.Find()
		for deadline := time.Now().Add(5 * time.Second); err != nil && time.Now().Before(deadline); err = goleak.Find() {
			time.Sleep(50 * time.Millisecond)
		}
		if err != nil {
			fmt.Println("goroutine leak:", err)
			code = 1
		}
	}
	full := flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.bench").Value.String() == "" &&
		flag.Lookup("test.fuzz").Value.String() == "" && flag.Lookup("test.skip").Value.String() == ""
	if code == 0 && full {
		missing, err := uncoveredEndpoints()
		if err != nil {
			fmt.Println("endpoint coverage:", err)
			code = 1
		} else if len(missing) > 0 {
			fmt.Printf("endpoint coverage: no test exercises these %d endpoints:\n  %s\n", len(missing), strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

func TestEndpointPattern(t *testing.T) {
	t.Parallel()
	patterns := []string{"GET /domain/@id", "GET /domain/order", "GET /domain/order/@id/form", "PUT /domain/@id/ns"}
	for path, want := range map[string]string{
		"/domain/7": "GET /domain/@id", "/domain/order": "GET /domain/order", "/domain/order/6/form": "GET /domain/order/@id/form",
	} {
		got, ok := endpointPattern(patterns, "GET", path)
		if !ok || got != want {
			t.Errorf("%s: got %q, want %q", path, got, want)
		}
	}
	if _, ok := endpointPattern(patterns, "GET", "/domain/7/ns"); ok {
		t.Error("GET /domain/7/ns matched a PUT pattern")
	}
}
