// Package unmeteredcaddy is the Caddy module dns.providers.unmetered: Caddy solves ACME DNS-01
// challenges (wildcard certificates, hosts not reachable from the internet) through the DNS of
// an Unmetered account. It wraps unmetereddns.Provider, the SDK's libdns provider, and adds
// what Caddy needs: registration, Caddyfile parsing and placeholder replacement.
//
// Build it into Caddy with xcaddy:
//
//	xcaddy build --with github.com/unmetered/unmetered-go/unmeteredcaddy
//
// and name it where Caddy takes a DNS provider, in a site's tls directive or in the global
// acme_dns and dns options:
//
//	tls {
//		dns unmetered {
//			username {env.UNMETERED_USERNAME}
//			password {env.UNMETERED_PASSWORD}
//		}
//	}
//
// The JSON configuration is the provider's fields: {"name": "unmetered", "username": ...,
// "password": ..., "auth": ..., "base_url": ...}; see Provider.
package unmeteredcaddy

import (
	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/libdns/libdns"
	"github.com/unmetered/unmetered-go/unmetereddns"
)

// ModuleID is the ID Caddy knows the module by: the provider name "unmetered" in the
// dns.providers namespace.
const ModuleID = "dns.providers.unmetered"

// The interfaces Caddy and certmagic use.
var (
	_ caddy.Module          = (*Provider)(nil)
	_ caddy.Provisioner     = (*Provider)(nil)
	_ caddy.Validator       = (*Provider)(nil)
	_ caddyfile.Unmarshaler = (*Provider)(nil)

	_ libdns.RecordGetter   = (*Provider)(nil)
	_ libdns.RecordAppender = (*Provider)(nil)
	_ libdns.RecordSetter   = (*Provider)(nil)
	_ libdns.RecordDeleter  = (*Provider)(nil)
	_ libdns.ZoneLister     = (*Provider)(nil)
)

func init() {
	caddy.RegisterModule(new(Provider))
}

// Provider is the Caddy module dns.providers.unmetered. It embeds *unmetereddns.Provider, whose
// fields are its JSON configuration and whose methods (the libdns interfaces) do the work:
//
//	{
//		"name": "unmetered",
//		"username": "{env.UNMETERED_USERNAME}",
//		"password": "{env.UNMETERED_PASSWORD}",
//		"auth": "jwt",
//		"base_url": "https://unmetered.management/api"
//	}
//
// username and password are required; auth ("basic", the default, or "jwt": one login, then
// bearer tokens) and base_url (the portal's API by default) are optional. Each field may hold
// Caddy's global placeholders ({env.NAME}, {file./path}), replaced when Caddy provisions the
// module; a literal brace in a value is written \{ or \}.
type Provider struct {
	*unmetereddns.Provider
}

// CaddyModule returns the module's ID and constructor (caddy.Module).
func (*Provider) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{
		ID:  ModuleID,
		New: func() caddy.Module { return &Provider{Provider: new(unmetereddns.Provider)} },
	}
}

// provider returns the embedded provider, made if a Provider was built without
// CaddyModule's constructor, so that no method panics on a zero Provider.
func (p *Provider) provider() *unmetereddns.Provider {
	if p.Provider == nil {
		p.Provider = new(unmetereddns.Provider)
	}
	return p.Provider
}
