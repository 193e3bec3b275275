package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// maxInput bounds what a command reads from a file or stdin (--data, --body-file, a zone file):
// a runaway pipe fails with a clear error instead of filling memory.
const maxInput = 16 << 20

// parseID parses the positional argument s as the id of what (e.g. "invoice"): a whole number
// from 1. Anything else is a usage error: nothing is sent.
func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id < 1 {
		return 0, usageErrorf("%s %q: an id is a whole number from 1", what, s)
	}
	return id, nil
}

// dnsNameProblem says, for people, what makes name no DNS name (a final dot aside), or ""
// when nothing does: it is empty, has white space or control characters, has an empty label
// (two dots in a row, a dot first), a label over 63 bytes, or is over 253 bytes. These are
// the SDK's checks of a name (unmetered.DNSService.ZoneFor, PlanZone), made first so that its
// wording, which names its methods, never reaches a user.
func dnsNameProblem(name string) string {
	n := strings.TrimSuffix(name, ".")
	switch {
	case n == "":
		return "it is empty"
	case strings.IndexFunc(n, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return "it has white space or a control character in it"
	case len(n) > 253:
		return fmt.Sprintf("it is %d bytes long, and a DNS name is at most 253", len(n))
	}
	for _, label := range strings.Split(n, ".") {
		if label == "" {
			return "it has an empty label (two dots in a row, or a dot first)"
		}
		if len(label) > 63 {
			return fmt.Sprintf("its label %q... is %d bytes long, and a label is at most 63", label[:16], len(label))
		}
	}
	return ""
}

// flagError words a flag's parse error for people: pflag's "invalid argument "x" for "--ttl"
// flag: strconv.ParseInt: parsing "x": invalid syntax" becomes `--ttl "x": expected a whole
// number`. Other flag errors (an unknown flag, a missing value) are plain already.
func flagError(err error) error {
	var inv *pflag.InvalidValueError
	if !errors.As(err, &inv) {
		return err
	}
	f := inv.GetFlag()
	return fmt.Errorf("--%s %q: expected %s", f.Name, inv.GetValue(), flagExpects(f.Value.Type(), errors.Is(err, strconv.ErrRange)))
}

// Cobra's errors for a required flag left out and for its flag groups (MarkFlagRequired,
// MarkFlagsRequiredTogether, MarkFlagsOneRequired, MarkFlagsMutuallyExclusive), which
// flagGroupError words for people. TestFlagGroupError holds them to cobra's wording.
var (
	cobraRequired         = regexp.MustCompile(`^required flag\(s\) "(.+)" not set$`)
	cobraRequiredTogether = regexp.MustCompile(`^if any flags in the group \[(.+)\] are set they must all be set; missing \[(.+)\]$`)
	cobraOneRequired      = regexp.MustCompile(`^at least one of the flags in the group \[(.+)\] is required$`)
	cobraExclusive        = regexp.MustCompile(`^if any flags in the group \[(.+)\] are set none of the others can be; \[(.+)\] were all set$`)
)

// flagGroupError words cobra's error for a required flag left out, or for flags that go
// together, one at least or one at a time, for people, naming the flags as they are typed:
// `required flag(s) "csr" not set` becomes "--csr is required", "at least one of the flags in
// the group [body body-file] is required" "give --body or --body-file". Other errors stay as
// they are.
func flagGroupError(err error) error {
	msg := err.Error()
	if m := cobraRequired.FindStringSubmatch(msg); m != nil {
		names := strings.Split(m[1], `", "`)
		verb := "is"
		if len(names) > 1 {
			verb = "are"
		}
		return fmt.Errorf("%s %s required", flagList(names, "and"), verb)
	}
	if m := cobraRequiredTogether.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s go together: give %s too", flagList(strings.Fields(m[1]), "and"), flagList(strings.Fields(m[2]), "and"))
	}
	if m := cobraOneRequired.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("give %s", flagList(strings.Fields(m[1]), "or"))
	}
	if m := cobraExclusive.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s cannot go together: give one of them", flagList(strings.Fields(m[2]), "and"))
	}
	return err
}

// flagList spells flag names as they are typed, joined for a sentence: "--a", "--a and --b",
// "--a, --b or --c".
func flagList(names []string, conj string) string {
	for i, n := range names {
		names[i] = "--" + n
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// flagExpects says what a flag of pflag's type typ takes. outOfRange: the value was a number
// too large for it.
func flagExpects(typ string, outOfRange bool) string {
	switch typ {
	case "bool":
		return "true or false (the flag alone is true)"
	case "int", "int8", "int16", "int32", "int64":
		if outOfRange {
			return fmt.Sprintf("a whole number, at most %d", maxOf(typ))
		}
		return "a whole number"
	case "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number from 0"
	case "float32", "float64":
		return "a number"
	case "duration":
		return "a duration with its unit, like 90s, 5m or 1h30m"
	case "ip":
		return "an IP address"
	case "stringSlice", "stringArray":
		return "a comma-separated list"
	}
	return "a value of type " + typ
}

// maxOf is the largest value of the signed integer type typ.
func maxOf(typ string) int64 {
	switch typ {
	case "int8":
		return math.MaxInt8
	case "int16":
		return math.MaxInt16
	case "int32":
		return math.MaxInt32
	case "int":
		return math.MaxInt
	}
	return math.MaxInt64
}

// parseEnum returns the value of valid that s names, ignoring case, so that
// "--status unpaid" means unmetered.InvoiceUnpaid. Anything else is a usage error listing the
// valid values. flag names the flag for the message.
func parseEnum[T ~string](flag, s string, valid []T) (T, error) {
	for _, v := range valid {
		if strings.EqualFold(strings.TrimSpace(s), string(v)) {
			return v, nil
		}
	}
	return "", usageErrorf("%s %q: use one of %s", flag, s, enumList(valid))
}

// parseOnOff parses the on|off argument of a switch (autorenew, lock); what names the switch
// for the message.
func parseOnOff(what, s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	return false, usageErrorf("%s %q: use on or off", what, s)
}

// onOff spells a switch's state.
func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// addYesFlag adds --yes (-y), which confirms a destructive or paying command in advance.
func addYesFlag(cmd *cobra.Command, yes *bool) {
	cmd.Flags().BoolVarP(yes, "yes", "y", false, "confirm without asking (required when stdin is not a terminal)")
}

// refuseUnconfirmed refuses a destructive or paying command run without --yes where nobody
// can be asked (stdin is not a terminal), before anything is sent, not even a read: exit code
// 2 then always means that nothing was sent. On a terminal it returns nil and the command asks
// with confirm once it can say what the action costs.
func (a *app) refuseUnconfirmed(yes bool, action string) error {
	if yes || a.inTTY {
		return nil
	}
	return usageErrorf("%s: pass --yes to confirm (stdin is not a terminal to ask on); nothing was sent", action)
}

// readInput reads the text an argument names: "-" is stdin, "@PATH" (when at is true) or PATH
// (when at is false) a file. It reads at most maxInput bytes.
func (a *app) readInput(flag, arg string, at bool) ([]byte, error) {
	var r io.Reader
	switch {
	case arg == "-":
		r = a.in
	case at && !strings.HasPrefix(arg, "@"):
		return []byte(arg), nil
	default:
		path := arg
		if at {
			path = arg[1:]
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, usageErrorf("%s: %v", flag, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, usageErrorf("%s: reading: %v", flag, err)
	}
	if len(b) > maxInput {
		return nil, usageErrorf("%s: more than %d MiB", flag, maxInput>>20)
	}
	return b, nil
}

// writeDownload writes the content of r to path, through a temporary file in the same
// directory renamed over path once complete, so that a failed download never leaves half a
// file under the name. It returns the number of bytes written.
func writeDownload(path string, r io.Reader) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*")
	if err != nil {
		return 0, err
	}
	tmp := f.Name()
	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return n, err
	}
	return n, nil
}

// download is what a download command prints with --file: where the file went.
type download struct {
	Path        string `json:"path"`
	Bytes       int64  `json:"bytes"`
	Name        string `json:"name,omitempty"`
	ContentType string `json:"content_type,omitempty"`
}

// writeOrStream sends a download to stdout, or with a file path to that file and then says so
// (a line, or with -o json, yaml or --jq a download object). Those without a file are a usage
// error: the download itself is not JSON.
func (a *app) writeOrStream(path string, r io.Reader, d download) error {
	if path == "" || path == "-" {
		_, err := io.Copy(a.out, r)
		return err
	}
	n, err := writeDownload(path, r)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	d.Path, d.Bytes = path, n
	if a.structured() {
		return a.writeData(d)
	}
	_, err = fmt.Fprintf(a.out, "Wrote %d bytes to %s\n", n, path)
	return err
}

// checkDownloadOutput refuses -o json, -o yaml and --jq for a download sent to stdout, before
// anything is sent.
func (a *app) checkDownloadOutput(path string) error {
	if a.structured() && (path == "" || path == "-") {
		what := "-o " + a.output
		if a.jq != nil {
			what = "--jq"
		}
		return usageErrorf("%s describes a download written with --file; without --file the file itself goes to stdout", what)
	}
	return nil
}

// enumList spells the valid values of an enum flag for its help.
func enumList[T ~string](valid []T) string {
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = string(v)
	}
	return strings.Join(names, ", ")
}

// enumCompletion completes an enum flag's values in the shell.
func enumCompletion[T ~string](valid []T) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = string(v)
	}
	return cobra.FixedCompletions(names, cobra.ShellCompDirectiveNoFileComp)
}

// filter returns the items keep accepts, in order.
func filter[T any](items []T, keep func(T) bool) []T {
	out := items[:0:0]
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}
