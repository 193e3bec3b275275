package unmeteredcaddy

import (
	"strings"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
)

// UnmarshalCaddyfile reads the provider's configuration from the Caddyfile tokens that follow
// "dns" (caddyfile.Unmarshaler), in a block, inline, or both:
//
//	unmetered {
//		username <username>
//		password <password>
//		auth     basic|jwt
//		base_url <url>
//	}
//
//	unmetered <username> <password>
//
//	unmetered <username> <password> {
//		auth jwt
//	}
//
// Each subdirective takes one value and may be given once (the inline username and password
// count); username and password are required, auth and base_url optional (see Provider). Values
// are kept as written: placeholders such as {env.UNMETERED_PASSWORD} are replaced by
// Provision, when Caddy loads the configuration. An error gives the Caddyfile's line and
// never a username or password.
func (p *Provider) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	dp := p.provider()
	d.Next() // the provider's name, "unmetered"
	name := d.Val()

	var inline []string
	for d.NextArg() {
		if len(inline) == 2 {
			return d.Errf("%s takes a username and a password inline, or neither; found a third argument", name)
		}
		inline = append(inline, d.Val())
	}
	set := map[string]bool{}
	switch len(inline) {
	case 1:
		return d.Errf("%s takes a username and a password inline, or neither; found only one argument (put the password after it, or both in the block)", name)
	case 2:
		if inline[0] == "" || inline[1] == "" {
			return d.Errf("%s: the inline username or password is empty", name)
		}
		dp.Username, dp.Password = inline[0], inline[1]
		set["username"], set["password"] = true, true
	}

	for nesting := d.Nesting(); d.NextBlock(nesting); {
		sub := d.Val()
		var field *string
		switch sub {
		case "username":
			field = &dp.Username
		case "password":
			field = &dp.Password
		case "auth":
			field = &dp.Auth
		case "base_url":
			field = &dp.BaseURL
		default:
			return d.Errf("unrecognized subdirective %q of %s; it takes username, password, auth and base_url", sub, name)
		}
		if set[sub] {
			if len(inline) == 2 && (sub == "username" || sub == "password") {
				return d.Errf("%s is given twice: inline after %s and in the block", sub, name)
			}
			return d.Errf("%s is given twice", sub)
		}
		set[sub] = true
		if !d.NextArg() {
			return d.Errf("%s needs a value (an unset {$VAR} in the Caddyfile leaves none)", sub)
		}
		if *field = d.Val(); *field == "" {
			return d.Errf("%s is empty", sub)
		}
		if d.NextArg() {
			return d.Errf("%s takes one value; found more (quote a value that has spaces)", sub)
		}
		if d.NextBlock(d.Nesting()) {
			d.Prev() // back to the brace, for the error's line
			return d.Errf("%s takes a value, not a block", sub)
		}
	}

	for _, sub := range []string{"username", "password"} {
		if !set[sub] {
			return d.Errf("%s needs a %s: add \"%s {env.UNMETERED_%s}\" to its block, or give the username and the password inline",
				name, sub, sub, strings.ToUpper(sub))
		}
	}
	return nil
}
