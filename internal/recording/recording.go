// Package recording reads the real server's recorded traffic (testdata/recorded), for the tests
// that replay it against the SDK's pacer and against the fake portal: one reading of the
// file's format for both.
package recording

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// RateLimit2023 is the recorded rate-limit session of 2023 (a HostBill DNS API's traffic), its
// path below the repository's root.
const RateLimit2023 = "testdata/recorded/ratelimit-2023.tsv"

// Answer is one answer of a recorded session.
type Answer struct {
	Method, Route string // Route as recorded, with @service_id, @zone_id and @record_id
	Status        int
	// Announced says that the answer carried the X-RateLimit-* headers, whose values are Limit,
	// Remaining and Reset (a whole number of seconds from the answer).
	Announced               bool
	Limit, Remaining, Reset int
	Date                    time.Time // the Date header
}

// Login reports whether the answer is to POST /login.
func (a Answer) Login() bool { return a.Method == http.MethodPost && a.Route == "/login" }

// Read reads the session in the file at path, in the file's order (that of the Date headers):
// tab-separated lines of case, method, route, status, limit, remaining, reset and date, the
// three headers all empty or all integers; lines starting with "#" and the header line are
// skipped. A line of another form is an error naming it.
func Read(path string) ([]Answer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Answer
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "case\t") {
			continue
		}
		a, err := parse(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

// parse reads one answer's line.
func parse(line string) (Answer, error) {
	cols := strings.Split(line, "\t")
	if len(cols) != 8 {
		return Answer{}, fmt.Errorf("%d columns, not 8: %q", len(cols), line)
	}
	a := Answer{Method: cols[1], Route: cols[2]} // cols[0] names the recorded client's test case
	var err error
	if a.Status, err = strconv.Atoi(cols[3]); err != nil {
		return Answer{}, fmt.Errorf("status: %w", err)
	}
	if a.Date, err = http.ParseTime(cols[7]); err != nil {
		return Answer{}, fmt.Errorf("date: %w", err)
	}
	headers := cols[4:7]
	if strings.Join(headers, "") == "" {
		return a, nil
	}
	a.Announced = true
	for i, v := range []*int{&a.Limit, &a.Remaining, &a.Reset} {
		if *v, err = strconv.Atoi(headers[i]); err != nil {
			return Answer{}, fmt.Errorf("rate-limit headers %q: %w", headers, err)
		}
	}
	return a, nil
}
