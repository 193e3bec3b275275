package unmetereddns

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"weak"

	"github.com/unmetered/unmetered-go"
)

// Providers with the same configuration share one client, and so one JWT session and one
// count of the account's rate limits: Caddy builds a provider for each policy that names it,
// and each would otherwise log in on its own (and, for the portal, spend one of its 25 logins
// per window). The cache holds its clients weakly: a client lives as long as a provider uses
// it.

// clientKey is a provider configuration: its authentication, base URL (normalised), username,
// and its password only as a keyed hash, so that no password is kept in the cache's keys.
type clientKey struct {
	auth, baseURL, username string
	password                [sha256.Size]byte
}

var clients = struct {
	mu  sync.Mutex
	m   map[clientKey]weak.Pointer[unmetered.Client]
	key []byte // the process's own key for the password hashes
}{m: map[clientKey]weak.Pointer[unmetered.Client]{}, key: []byte(rand.Text())} // rand.Text: 128 random bits

// keyOf returns the cache key of a configuration: auth is "basic" or "jwt".
func keyOf(auth, baseURL, username, password string) clientKey {
	mac := hmac.New(sha256.New, clients.key)
	mac.Write([]byte(password))
	// The username as given: the client logs in with the first provider's spelling, so two
	// spellings share a client only where they are one (their rate limit is shared anyway).
	k := clientKey{auth: auth, baseURL: normalizeBaseURL(baseURL), username: username}
	copy(k.password[:], mac.Sum(nil))
	return k
}

// sharedClient returns the client of the configuration key names, building it with build if
// no provider has it. A build error is returned and nothing is cached.
func sharedClient(key clientKey, build func() (*unmetered.Client, error)) (*unmetered.Client, error) {
	clients.mu.Lock()
	defer clients.mu.Unlock()
	if c := clients.m[key].Value(); c != nil {
		return c, nil
	}
	c, err := build()
	if err != nil {
		return nil, err
	}
	clients.m[key] = weak.Make(c)
	runtime.AddCleanup(c, dropClient, key)
	return c, nil
}

// dropClient removes key's entry once its client is gone, unless another has taken its place.
func dropClient(key clientKey) {
	clients.mu.Lock()
	defer clients.mu.Unlock()
	if wp, ok := clients.m[key]; ok && wp.Value() == nil {
		delete(clients.m, key)
	}
}

// normalizeBaseURL makes the spellings of one base URL one key: the default for "", scheme and
// host in lower case, the scheme's default port dropped, without a trailing slash. A URL that
// does not parse is kept as it is (building its client fails, and nothing is cached).
func normalizeBaseURL(base string) string {
	base = strings.TrimSpace(base)
	if base == "" {
		base = unmetered.DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if u.Port() == map[string]string{"https": "443", "http": "80"}[u.Scheme] {
		u.Host = strings.TrimSuffix(u.Host, ":"+u.Port())
	}
	return strings.TrimRight(u.String(), "/")
}
