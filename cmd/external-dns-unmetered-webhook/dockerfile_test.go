package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// instruction is one instruction of a Dockerfile: its keyword, upper case, and its arguments.
type instruction struct {
	keyword, args string
}

// dockerfile reads this directory's Dockerfile as instructions (comments and blank lines
// left out; it has no continued lines) and returns those of its last stage, the image.
func dockerfile(t *testing.T) (all, final []instruction) {
	t.Helper()
	b, err := os.ReadFile("Dockerfile")
	require.NoError(t, err)
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		require.False(t, strings.HasSuffix(line, `\`), "a continued line: read it as one instruction: %s", line)
		keyword, args, _ := strings.Cut(line, " ")
		in := instruction{strings.ToUpper(keyword), strings.TrimSpace(args)}
		all = append(all, in)
		if in.keyword == "FROM" {
			final = nil
		}
		final = append(final, in)
	}
	require.NotEmpty(t, final)
	return all, final
}

// TestDockerfileRunsAsANumericNonRootUser: the image's user is a number. Kubernetes verifies
// runAsNonRoot (README's Helm values set it, as restricted Pod Security does) only for a
// numeric user: with a name such as distroless's "nonroot" the kubelet refuses to start the
// container ("image has non-numeric user (nonroot), cannot verify user is non-root").
func TestDockerfileRunsAsANumericNonRootUser(t *testing.T) {
	t.Parallel()
	_, final := dockerfile(t)
	assert.True(t, strings.HasPrefix(final[0].args, "gcr.io/distroless/"), "the image is distroless: %s", final[0].args)
	user := ""
	for _, in := range final {
		if in.keyword == "USER" {
			user = in.args
		}
	}
	require.NotEmpty(t, user, "the image names its user")
	m := regexp.MustCompile(`^(\d+)(?::(\d+))?$`).FindStringSubmatch(user)
	require.NotNil(t, m, "USER %s is not a numeric uid[:gid]", user)
	for _, id := range m[1:] {
		if id != "" {
			n, err := strconv.Atoi(id)
			require.NoError(t, err)
			assert.NotZero(t, n, "USER %s: not root", user)
		}
	}
}

// TestDockerfileBuildsFromTheRootModule: the build stage's Go is the root module's go line,
// and what it copies from the build context (the repository's root) is there.
func TestDockerfileBuildsFromTheRootModule(t *testing.T) {
	t.Parallel()
	all, _ := dockerfile(t)
	root := filepath.Join("..", "..")
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	goLine := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(gomod)
	require.NotNil(t, goLine, "go.mod has a go line")

	goVersion := ""
	for _, in := range all {
		switch {
		case in.keyword == "ARG" && strings.HasPrefix(in.args, "GO_VERSION="):
			goVersion = strings.TrimPrefix(in.args, "GO_VERSION=")
		case in.keyword == "COPY" && !strings.HasPrefix(in.args, "--from="):
			f := strings.Fields(in.args)
			require.GreaterOrEqual(t, len(f), 2, "COPY %s", in.args)
			for _, src := range f[:len(f)-1] {
				matches, err := filepath.Glob(filepath.Join(root, src))
				require.NoError(t, err)
				assert.NotEmpty(t, matches, "COPY %s: the build context has no %s", in.args, src)
			}
		}
	}
	assert.Equal(t, string(goLine[1]), goVersion, "ARG GO_VERSION is go.mod's go line")
}
