package unmetered

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readmeFreeVars are the names README's Go blocks use without declaring them.
var readmeFreeVars = []struct{ name, typ string }{
	{"ctx", "context.Context"}, {"password", "string"}, {"token", "string"}, {"invoiceID", "int64"},
	{"client", "*unmetered.Client"}, {"srv", "*unmeteredtest.Server"},
}

// TestREADMEGoSnippetsCompile type-checks every Go block of README.md against the SDK as it is,
// so that an example cannot go on showing a signature the code no longer has. Each block becomes
// a function of a scratch package (a block that is itself a declaration stays one), with the
// names the prose leaves to the reader declared: ctx, password, token, invoiceID, client. The
// blocks of other modules are left out: certmagic is not a dependency of this module, and the
// unmeteredlego blocks are compiled by that module's own test (unmeteredlego/readme_test.go).
func TestREADMEGoSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	var blocks []string
	for _, part := range strings.Split(string(readme), "```go\n")[1:] {
		block, _, ok := strings.Cut(part, "```")
		require.True(t, ok, "an unterminated Go block in README.md")
		if !strings.Contains(block, "certmagic.") && !strings.Contains(block, "unmeteredlego.") {
			blocks = append(blocks, block)
		}
	}
	require.GreaterOrEqual(t, len(blocks), 8, "README's Go blocks were found")

	var src strings.Builder
	src.WriteString(`package readmesnippets

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/unmetered/unmetered-go"
	"github.com/unmetered/unmetered-go/unmetereddns"
	"github.com/unmetered/unmetered-go/unmeteredtest"
)

var (
	_ = context.Background
	_ = errors.Is
	_ = fmt.Println
	_ = log.Println
	_ = http.MethodGet
	_ = os.Getenv
	_ testing.TB
	_ = httpmock.NewMockTransport
	_ unmetered.Option
	_ unmetereddns.Provider
	_ = unmeteredtest.NewServer
)
`)
	for i, b := range blocks {
		if strings.HasPrefix(b, "func ") {
			src.WriteString("\n" + b)
			continue
		}
		fmt.Fprintf(&src, "\nfunc snippet%d() {\n", i)
		for _, v := range readmeFreeVars {
			// Declared unless the block declares it itself.
			declares := regexp.MustCompile(`(?m)^\s*(\w+, )*` + v.name + `(, \w+)* :=`)
			if !declares.MatchString(b) {
				fmt.Fprintf(&src, "\tvar %s %s\n\t_ = %s\n", v.name, v.typ, v.name)
			}
		}
		src.WriteString(b + "}\n")
	}
	dir, err := os.MkdirTemp(".", ".readme-snippets-") // inside the module, so its go.mod applies
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "snippets.go"), []byte(src.String()), 0o600))
	// A snippet may leave a variable unused (it shows one call, not a program): that is the one
	// compile error ignored.
	out, _ := exec.Command("go", "build", "-gcflags=-e", "-o", os.DevNull, "./"+filepath.Base(dir)).CombinedOutput()
	var problems []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") && !strings.Contains(line, "declared and not used") {
			problems = append(problems, line)
		}
	}
	require.Empty(t, problems, "README.md's Go blocks do not compile against the SDK:\n%s", src.String())
}
