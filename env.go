package unmetered

import (
	"fmt"
	"os"
	"strings"
)

// The environment variables WithEnv reads.
const (
	// EnvBaseURL optionally overrides the API root (default DefaultBaseURL).
	EnvBaseURL = "UNMETERED_BASE_URL"
	// EnvUsername is the client-area login (an email address). Required.
	EnvUsername = "UNMETERED_USERNAME"
	// EnvPassword is the client-area password. Required.
	EnvPassword = "UNMETERED_PASSWORD"
	// EnvAuth selects the authentication: "basic" (the default: Basic auth on every request) or
	// "jwt" (a JWT session, as WithLogin).
	EnvAuth = "UNMETERED_AUTH"
)

// WithEnv configures the client from the environment, the way scripts and cron jobs run:
// UNMETERED_USERNAME and UNMETERED_PASSWORD (required), UNMETERED_AUTH ("basic", the default, or
// "jwt") and UNMETERED_BASE_URL (optional). A missing or empty required variable, or an unknown
// UNMETERED_AUTH, makes NewClient return an error wrapping ErrInvalidArgument that names the
// variable; nothing is sent. It sets authentication, so it cannot be combined with WithBasicAuth,
// WithLogin or WithTokenSource; a WithBaseURL given after it takes precedence.
func WithEnv() Option {
	return WithEnvFrom(os.LookupEnv)
}

// WithEnvFrom is WithEnv reading the variables through lookup instead of the process
// environment (WithEnv is WithEnvFrom(os.LookupEnv)): for tests, or for settings kept elsewhere
// under the same names. A nil lookup is an error wrapping ErrInvalidArgument.
func WithEnvFrom(lookup func(name string) (string, bool)) Option {
	return func(c *config) error {
		if lookup == nil {
			return fmt.Errorf("%w: WithEnvFrom needs a lookup function", ErrInvalidArgument)
		}
		get := func(name string) string {
			v, _ := lookup(name)
			return strings.TrimSpace(v)
		}
		if base := get(EnvBaseURL); base != "" {
			if err := WithBaseURL(base)(c); err != nil {
				return fmt.Errorf("%s: %w", EnvBaseURL, err)
			}
		}
		user := get(EnvUsername)
		pass, _ := lookup(EnvPassword) // a password's spaces are its own
		var missing []string
		if user == "" {
			missing = append(missing, EnvUsername)
		}
		if pass == "" {
			missing = append(missing, EnvPassword)
		}
		if len(missing) > 0 {
			return fmt.Errorf("%w: WithEnv: %s not set; export your client-area login there", ErrInvalidArgument, strings.Join(missing, " and "))
		}
		switch mode := strings.ToLower(get(EnvAuth)); mode {
		case "", "basic":
			return WithBasicAuth(user, pass)(c)
		case "jwt":
			return WithLogin(user, pass)(c)
		default:
			return fmt.Errorf("%w: WithEnv: %s is %q; use \"basic\" or \"jwt\"", ErrInvalidArgument, EnvAuth, mode)
		}
	}
}
