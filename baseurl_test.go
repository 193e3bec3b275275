package unmetered

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBaseURLErrorsHideUserinfo: a base URL that carries credentials and cannot be parsed (a
// space in the host, a password with "#" or "/" in it, no scheme, a "//" that is the
// password's and not the authority's) is not echoed with them, by
// WithBaseURL or by WithEnv's UNMETERED_BASE_URL; what is left still says which URL it was.
func TestBaseURLErrorsHideUserinfo(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"https://joe:s3cr3t-pw@exa mple.com/api",
		"https://joe:s3cr3t-pw@example.com:port/api",
		"https://joe:s3cr3t#pw@example.com/api",
		"https://joe:s3cr3t/pw@example.com/api",
		"https://joe:s3cr3t?pw@example.com/api",
		"https://joe:s3cr3t@pw@example.com/api",
		"joe:s3cr3t-pw@example.com/api",
		"joe:s3cr3t//pw@example.com/api", // no scheme: this "//" is the password's
		" https://joe:s3cr3t-pw@exa mple.com/api",
		"//joe:s3cr3t-pw@example.com/api",
		"ftp://joe:s3cr3t-pw@exa mple.com/api",
		"https://s3cr3t-token@example.com/api?x=1",
		"https://joe:s3cr3t-pw@example.com/api#x",
		"http://joe:s3cr3t-pw@portal.example.com/api",
		"https://joe:s3cr3t%zz@example.com/api",
	} {
		for name, opt := range map[string]Option{
			"WithBaseURL": WithBaseURL(raw),
			"WithEnv":     WithEnvFrom(envLookup(map[string]string{EnvBaseURL: raw, EnvUsername: "joe@example.com", EnvPassword: "pw"})),
		} {
			_, err := NewClient(opt)
			require.ErrorIs(t, err, ErrInvalidArgument, "%s %q", name, raw)
			assert.NotContains(t, err.Error(), "s3cr3t", "%s %q", name, raw)
			assert.NotContains(t, err.Error(), "joe:", "%s %q", name, raw)
			assert.Contains(t, err.Error(), "mple.com", "%s %q: the error still names the URL", name, raw)
		}
	}
}
