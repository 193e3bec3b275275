package unmetered

import (
	"bufio"
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
