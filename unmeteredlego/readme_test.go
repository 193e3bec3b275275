package unmeteredlego

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestREADMELegoSnippetsCompile type-checks the README's Go blocks that use this package
// against it and lego, as the root module's test does for the SDK's blocks (it leaves these
// out: lego is not its dependency). Each block becomes a function of a scratch package inside
// this module, with the names the prose leaves to the reader declared: ctx and legoClient.
func TestREADMELegoSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	t.Parallel()
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	var src strings.Builder
	src.WriteString(`package readmesnippets

import (
	"context"
	"log"

	"github.com/go-acme/lego/v5/certificate"
	"github.com/go-acme/lego/v5/lego"

	"github.com/unmetered/unmetered-go/unmeteredlego"
)

var (
	_ = log.Println
	_ certificate.ObtainRequest
	_ unmeteredlego.Config
)
`)
	n := 0
	for _, part := range strings.Split(string(readme), "```go\n")[1:] {
		block, _, ok := strings.Cut(part, "```")
		require.True(t, ok, "an unterminated Go block in README.md")
		if !strings.Contains(block, "unmeteredlego.") {
			continue
		}
		fmt.Fprintf(&src, "\nfunc snippet%d(ctx context.Context, legoClient *lego.Client) {\n%s}\n", n, block)
		n++
	}
	require.Positive(t, n, "README's unmeteredlego blocks were found")

	dir, err := os.MkdirTemp(".", ".readme-snippets-") // inside the module, so its go.mod applies
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "snippets.go"), []byte(src.String()), 0o600))
	// A snippet may leave a variable unused (it shows one call, not a program): that is the one
	// compile error ignored.
	args := []string{"build", "-gcflags=-e", "-o", os.DevNull}
	if raceEnabled {
		args = append(args, "-race") // as the test binary was built: lego is compiled already
	}
	out, _ := exec.Command("go", append(args, "./"+filepath.Base(dir))...).CombinedOutput()
	var problems []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") && !strings.Contains(line, "declared and not used") {
			problems = append(problems, line)
		}
	}
	require.Empty(t, problems, "README.md's unmeteredlego blocks do not compile:\n%s", src.String())
}
