package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

func newLogoutCmd(a *app) *cobra.Command {
	var forget bool
	cmd := &cobra.Command{
		Use:   "logout",
		Short: "End the JWT session and forget its tokens",
		Long: `End the JWT session of a profile (or of the UNMETERED_* credentials) on the portal and delete
its cached tokens. With --forget, also delete the profile, password included (from the system
keyring too), as "unmetered profile delete" does.

A Basic-auth profile has no session to end; logout --forget deletes it.`,
		Example: "  unmetered logout\n  unmetered logout --profile work --forget",
		Args:    cobra.NoArgs,
		RunE: a.run(func(ctx context.Context, _ *cobra.Command, _ []string) error {
			return a.logout(ctx, forget)
		}),
	}
	cmd.Flags().BoolVar(&forget, "forget", false, "also delete the profile and its saved password")
	return cmd
}

// logoutResult is what "unmetered logout -o json" prints.
type logoutResult struct {
	Source         string `json:"source"`
	Revoked        bool   `json:"revoked"`
	ProfileDeleted bool   `json:"profile_deleted"`
}

func (a *app) logout(ctx context.Context, forget bool) error {
	cr, err := a.resolveSource() // the password is not needed: POST /revoke takes the token
	if err != nil {
		return err
	}
	if forget && cr.fromEnv() {
		return usageErrorf("--forget deletes a saved profile, and the credentials come from the UNMETERED_* environment; name the profile with --profile")
	}
	var res logoutResult
	res.Source = cr.source()
	if cr.auth == authJWT {
		if res.Revoked, err = a.revokeSession(ctx, cr); err != nil {
			return err
		}
	}
	if forget {
		if _, err := a.removeProfile(ctx, cr.profile, false); err != nil {
			return err
		}
		res.ProfileDeleted = true
	}
	if a.structured() {
		return a.writeData(res)
	}
	switch {
	case res.Revoked && res.ProfileDeleted:
		fmt.Fprintf(a.out, "Logged out of %s: session ended, tokens and profile deleted\n", cr.source())
	case res.Revoked:
		fmt.Fprintf(a.out, "Logged out of %s: session ended, tokens deleted\n", cr.source())
	case res.ProfileDeleted:
		fmt.Fprintf(a.out, "Deleted %s\n", cr.source())
	default:
		fmt.Fprintf(a.out, "No session to end for %s\n", cr.source())
	}
	return nil
}

// revokeSession revokes the cached session's refresh token (POST /revoke, which needs no other
// credentials) and deletes the cache. A token the portal already refuses (expired, revoked) is
// as good as revoked. When the portal cannot be reached the cache is kept, so that logout can be
// run again: deleting it would leave a live session nobody can end. revoked reports whether
// there was a session.
func (a *app) revokeSession(ctx context.Context, cr *credentials) (revoked bool, err error) {
	path, err := a.tokenFile(cr.cacheKey)
	if err != nil {
		return false, err
	}
	cache := newTokenCache(path, cr, a.log(), a.now)
	refresh := cache.cached().Refresh
	if refresh == "" {
		return false, cache.forget()
	}
	client, err := a.newClient(cr.baseURL, nil)
	if err != nil {
		return false, err
	}
	if err := client.Auth.Revoke(ctx, refresh); err != nil && !errors.Is(err, unmetered.ErrUnauthorized) {
		return false, fmt.Errorf("the session was not ended, its tokens are kept; run logout again: %w", err)
	}
	return true, cache.forget()
}
