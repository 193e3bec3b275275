package unmetered

import (
	"fmt"
	"os"
	"strings"

	"github.com/unmetered/unmetered-go/internal/secretfile"
)

// The environment variables WithEnv reads.
const (
	// EnvBaseURL optionally overrides the API root (default DefaultBaseURL).
	EnvBaseURL = "UNMETERED_BASE_URL"
	// EnvUsername is the client-area login (an email address). Required.
	EnvUsername = "UNMETERED_USERNAME"
	// EnvPassword is the client-area password. Required, unless EnvPasswordFile is set.
	EnvPassword = "UNMETERED_PASSWORD"
	// EnvPasswordFile names a file holding the password instead (the "*_FILE" convention of
	// containers: Docker and Kubernetes secrets are files). The line endings at the file's end
	// are trimmed; spaces are kept. Setting both EnvPassword and EnvPasswordFile is an error.
	EnvPasswordFile = "UNMETERED_PASSWORD_FILE"
	// EnvAuth selects the authentication: "basic" (the default: Basic auth on every request) or
	// "jwt" (a JWT session, as WithLogin).
	EnvAuth = "UNMETERED_AUTH"
)

// WithEnv configures the client from the environment, the way scripts and cron jobs run:
// UNMETERED_USERNAME and UNMETERED_PASSWORD (required), UNMETERED_AUTH ("basic", the default, or
// "jwt") and UNMETERED_BASE_URL (optional). In a container, UNMETERED_PASSWORD_FILE may name a
// file holding the password instead (a Docker or Kubernetes secret): the file is read by
// NewClient, the line endings at its end trimmed; its permissions are not checked, since such
// secrets are readable by everyone inside their container by design.
//
// A missing or empty required variable, both UNMETERED_PASSWORD and UNMETERED_PASSWORD_FILE
// set, a password file that cannot be read or is empty, or an unknown UNMETERED_AUTH makes
// NewClient return an error wrapping ErrInvalidArgument that names the variable (never the
// password); nothing is sent. It sets authentication, so it cannot be combined with
// WithBasicAuth, WithLogin or WithTokenSource; a WithBaseURL given after it takes precedence.
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
		pass, err := EnvPasswordFrom(lookup)
		if err != nil {
			return fmt.Errorf("%w: WithEnv: %w", ErrInvalidArgument, err)
		}
		var missing []string
		if user == "" {
			missing = append(missing, EnvUsername)
		}
		if pass == "" {
			missing = append(missing, EnvPassword)
		}
		if len(missing) > 0 {
			hint := ""
			if pass == "" {
				hint = " (or the password in a file named by " + EnvPasswordFile + ")"
			}
			return fmt.Errorf("%w: WithEnv: %s not set; export your client-area login there%s", ErrInvalidArgument, strings.Join(missing, " and "), hint)
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

// EnvPasswordFrom returns the password the environment gives through lookup, as WithEnvFrom
// reads it: UNMETERED_PASSWORD as it is (its spaces are its own), or the content of the file
// UNMETERED_PASSWORD_FILE names, without the line endings at its end. It returns "" and no
// error when neither is set. Both set, or a file that cannot be read or holds no password, is
// an error naming the variables and the file, never the password. Programs that read the
// other UNMETERED_* variables themselves (the unmetered command, for its token cache) use it
// to read the password by the same rule.
func EnvPasswordFrom(lookup func(name string) (string, bool)) (string, error) {
	pass, _ := lookup(EnvPassword)
	file, _ := lookup(EnvPasswordFile)
	file = strings.TrimSpace(file)
	switch {
	case file == "":
		return pass, nil
	case pass != "":
		return "", fmt.Errorf("%s and %s are both set; unset one", EnvPassword, EnvPasswordFile)
	}
	pass, err := secretfile.Read(file)
	if err != nil {
		return "", fmt.Errorf("%s: %w", EnvPasswordFile, err)
	}
	return pass, nil
}
