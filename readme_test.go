package unmetered

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeRow matches a row of README's endpoint table: | `GET /domain/@id` | `Domains.Get` |
var readmeRow = regexp.MustCompile("^\\| `(GET|POST|PUT|DELETE) (/[^`]*)` \\| (.+) \\|$")

// readmeEndpoints returns README's endpoint table as "METHOD /path" → SDK method names.
func readmeEndpoints(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open("README.md")
	require.NoError(t, err)
	defer f.Close()
	rows := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := readmeRow.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		key := m[1] + " " + m[2]
		require.NotContains(t, rows, key, "README lists %s twice", key)
		for _, name := range strings.Split(m[3], ",") {
			rows[key] = append(rows[key], strings.Trim(strings.TrimSpace(name), "`"))
		}
	}
	require.NoError(t, sc.Err())
	return rows
}

// apiEndpoints returns testdata/endpoints.tsv (a copy of the API's endpoint list) as "METHOD /path".
func apiEndpoints(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("testdata/endpoints.tsv")
	require.NoError(t, err)
	out := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		cols := strings.Split(line, "\t")
		require.Len(t, cols, 3, line)
		out[cols[1]+" "+cols[2]] = true
	}
	require.Len(t, out, 102)
	return out
}

// TestREADMEEndpointTable keeps README honest: it lists exactly the API's 102 endpoints, each with
// SDK methods that exist on the client.
func TestREADMEEndpointTable(t *testing.T) {
	t.Parallel()
	rows := readmeEndpoints(t)
	api := apiEndpoints(t)
	c, err := NewClient()
	require.NoError(t, err)
	cv := reflect.ValueOf(c).Elem()
	for endpoint := range api {
		assert.Contains(t, rows, endpoint, "README's endpoint table lacks %s", endpoint)
	}
	for endpoint, methods := range rows {
		assert.True(t, api[endpoint], "README lists %s, which is not an API endpoint", endpoint)
		for _, name := range methods {
			svc, method, ok := strings.Cut(name, ".")
			require.True(t, ok, "%s: %q is not Service.Method", endpoint, name)
			field := cv.FieldByName(svc)
			if !assert.True(t, field.IsValid(), "%s: the client has no service %s", endpoint, svc) {
				continue
			}
			assert.True(t, field.MethodByName(method).IsValid(), "%s: %s has no method %s", endpoint, svc, method)
		}
	}
}

// README.md's "Retries" section, rendered from the fault matrix (faults_test.go) and from
// endpointClasses.

const (
	retriesBegin = "<!-- retries:begin -->"
	retriesEnd   = "<!-- retries:end -->"
)

// retriesTable renders the README's retry table from the faults' expectations, one row per
// README row label in the order of the faults, followed by the list of send-once endpoints.
func retriesTable(t *testing.T, fs []fault) string {
	t.Helper()
	type row struct {
		label, replaySafe, sendOnce, applied, doc string
		statuses                                  []string
	}
	var rows []*row
	byLabel := map[string]*row{}
	for _, f := range fs {
		if f.row == "" {
			continue
		}
		replaySafe, sendOnce := "not retried", "not retried"
		if f.replaySafe.tries > 1 {
			replaySafe = "retried"
		}
		switch {
		case f.sendOnce.tries > 1:
			sendOnce = "retried"
		case f.replaySafe.tries > 1:
			sendOnce = "**never retried**"
		}
		if f.waits != nil {
			replaySafe += ", waiting `Retry-After`"
			sendOnce += ", waiting `Retry-After`"
		}
		applied := "false"
		if f.applied {
			applied = "**true**"
		}
		r := &row{label: f.row, replaySafe: replaySafe, sendOnce: sendOnce, applied: applied, doc: f.err.doc}
		if prev, ok := byLabel[f.row]; ok {
			if prev.replaySafe != r.replaySafe || prev.sendOnce != r.sendOnce || prev.applied != r.applied || prev.doc != r.doc {
				t.Fatalf("faults sharing the README row %q expect different things: %+v and %+v", f.row, *prev, *r)
			}
			r = prev
		} else {
			byLabel[f.row] = r
			rows = append(rows, r)
		}
		if f.err.status != 0 {
			r.statuses = append(r.statuses, fmt.Sprint(f.err.status))
		}
	}
	var b strings.Builder
	b.WriteString("| failure | replay-safe endpoints | send-once endpoints | `MaybeApplied(err)` | the caller gets |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, r := range rows {
		doc := r.doc
		if len(r.statuses) > 0 {
			doc = "`*Error` " + strings.Join(r.statuses, ", ") + " " + doc
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.label, r.replaySafe, r.sendOnce, r.applied, doc)
	}
	b.WriteString("\nThe send-once endpoints, whose replay could do the work twice:\n\n")
	methods := readmeEndpoints(t)
	for _, endpoint := range orderedEndpoints(t) {
		if endpointClasses[endpoint] == sendOnce {
			var names []string
			for _, m := range methods[endpoint] {
				if m != "Services.UpgradeEstimate" { // replay-safe by a per-call override: it orders nothing
					names = append(names, m)
				}
			}
			fmt.Fprintf(&b, "- `%s`: `%s`\n", endpoint, strings.Join(names, "`, `"))
		}
	}
	b.WriteString("\nEvery other endpoint is replay-safe: the reads, the idempotent PUTs and DELETEs, and the POSTs that\n" +
		"change nothing (`/login`, `/token`, `/revoke`, `/domain/lookup`, `/quote`; `Services.UpgradeEstimate`\n" +
		"overrides its endpoint's class for its call).\n")
	return b.String()
}

// orderedEndpoints returns the endpoints of testdata/endpoints.tsv in its order.
func orderedEndpoints(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/endpoints.tsv")
	require.NoError(t, err)
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		cols := strings.Split(line, "\t")
		out = append(out, cols[1]+" "+cols[2])
	}
	return out
}

func TestREADMERetriesTable(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(readme), retriesBegin+"\n")
	require.True(t, ok, "README.md has no %s marker", retriesBegin)
	got, _, ok := strings.Cut(rest, retriesEnd)
	require.True(t, ok, "README.md has no %s marker", retriesEnd)
	if want := retriesTable(t, faults()); got != want {
		t.Errorf("README.md's Retries section does not match the fault matrix (faults_test.go) and endpointClasses.\n"+
			"Paste this between %s and %s:\n\n%s", retriesBegin, retriesEnd, want)
	}
}
