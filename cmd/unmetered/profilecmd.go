package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

const profileLong = `Profiles are saved logins ("unmetered login --profile NAME"). A command uses, the first that
applies:
  1. --profile NAME
  2. UNMETERED_PROFILE=NAME, or the UNMETERED_* credentials (UNMETERED_USERNAME, ...); both set
     is an error (exit 2): which account a command acts on never depends on which variable a
     shell happened to export
  3. the profile chosen with "unmetered profile use NAME"
  4. the profile "default"

Profiles live in <config dir>/unmetered/profiles (UNMETERED_CONFIG_DIR replaces
<config dir>/unmetered), their passwords in the system keyring or, where there is none, in the
profile's file (mode 0600).`

func newProfileCmd(a *app) *cobra.Command {
	cmd := group(a, "profile", "Saved logins: list them, choose the default, delete one")
	cmd.Long = profileLong
	cmd.AddCommand(newProfileListCmd(a), newProfileUseCmd(a), newProfileDeleteCmd(a))
	return cmd
}

// profileRow is a row of "profile list".
type profileRow struct {
	Name     string `json:"name"`
	Current  bool   `json:"current"`
	Auth     string `json:"auth,omitempty"`
	Username string `json:"username,omitempty"`
	BaseURL  string `json:"base_url,omitempty"`
	// PasswordStore is "keyring" or "file"; Path is the profile's file. OlderVersion marks a
	// profile written before the keyring was used: its password is in its file until the next
	// "unmetered login" moves it.
	PasswordStore string `json:"password_store,omitempty"`
	OlderVersion  bool   `json:"older_version,omitempty"`
	Path          string `json:"path"`
	// Problem says what is wrong with a profile that cannot be used (damaged, incomplete).
	Problem string `json:"problem,omitempty"`
}

// passwordWhere spells where a profile row's password is, for the table.
func (r profileRow) passwordWhere() string {
	switch {
	case r.Problem != "":
		return "(damaged)"
	case r.PasswordStore == storeKeyring:
		return "system keyring"
	case r.OlderVersion:
		return "profile file (older version; 'unmetered login' moves it)"
	}
	return "profile file"
}

// profileColumns are the columns of "profile list".
var profileColumns = []column[profileRow]{
	{"CURRENT", func(r profileRow) any {
		if r.Current {
			return "*"
		}
		return ""
	}},
	{"NAME", func(r profileRow) any { return r.Name }},
	{"AUTH", func(r profileRow) any { return r.Auth }},
	{"USERNAME", func(r profileRow) any { return r.Username }},
	{"BASE URL", func(r profileRow) any { return r.BaseURL }},
	{"PASSWORD", func(r profileRow) any { return r.passwordWhere() }},
}

func newProfileListCmd(a *app) *cobra.Command {
	return listCommand(a, &cobra.Command{
		Use:   "list",
		Short: "List the saved profiles, marking the one in use",
		Long: `List the saved profiles: the one commands use now is marked "*" (none when the UNMETERED_*
credentials are in use), and for each where its password is stored. No password is read.`,
		Example: "  unmetered profile list\n  unmetered profile list -o json | jq -r '.[] | select(.current) | .name'",
		Args:    cobra.NoArgs,
		RunE: a.run(func(context.Context, *cobra.Command, []string) error {
			current, fromEnv, err := a.currentProfile()
			if err != nil {
				return err
			}
			var rows []profileRow
			for _, name := range a.profileNames() {
				path, err := a.profileFile(name)
				if err != nil {
					return err
				}
				row := profileRow{Name: name, Current: name == current, Path: path}
				p, err := a.loadProfile(name)
				if err != nil {
					row.Problem = oneLine(err.Error())
				} else {
					row.Auth, row.Username, row.BaseURL, row.PasswordStore = p.Auth, p.Username, p.BaseURL, p.PasswordStore
					if p.PasswordStore == "" {
						row.PasswordStore, row.OlderVersion = storeFile, true
					}
				}
				rows = append(rows, row)
			}
			if fromEnv && !a.structured() {
				fmt.Fprintln(a.err, "note: commands use the UNMETERED_* credentials now, not a profile")
			}
			return printList(a, rows, profileColumns)
		}),
	}, profileColumns)
}

// currentProfile returns the name of the profile commands would use now (chooseCredentials),
// or fromEnv when the UNMETERED_* credentials would be used instead.
func (a *app) currentProfile() (name string, fromEnv bool, err error) {
	name, by, err := a.chooseCredentials()
	return name, by == byEnv, err
}

// useResult is what "profile use" prints.
type useResult struct {
	Profile string `json:"profile"`
	Path    string `json:"path"`
}

func newProfileUseCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "use NAME",
		Short: "Choose the profile commands use by default",
		Long: `Choose the profile commands use when neither --profile, UNMETERED_PROFILE nor the UNMETERED_*
credentials choose one (instead of "default"). The choice is kept in config.json in the config
directory; "unmetered profile use default" goes back to "default".`,
		Example:           "  unmetered profile use work\n  unmetered profile use default",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeProfile,
		RunE: a.run(func(_ context.Context, _ *cobra.Command, args []string) error {
			name := args[0]
			if err := checkProfileName(name); err != nil {
				return err
			}
			if _, err := a.loadProfile(name); errors.Is(err, errNoProfile) {
				return usageErrorf("no profile %q: create it with 'unmetered login --profile %s' (see 'unmetered profile list')", name, name)
			}
			st, err := a.loadSettings()
			if err != nil {
				st = &settings{} // a damaged config.json is replaced
			}
			st.Profile = name
			if name == defaultProfile {
				st.Profile = ""
			}
			if err := a.saveSettings(st); err != nil {
				return err
			}
			path, err := a.settingsFile()
			if err != nil {
				return err
			}
			if a.structured() {
				return a.writeData(useResult{Profile: name, Path: path})
			}
			fmt.Fprintf(a.out, "Commands now use profile %q unless told otherwise (saved in %s)\n", name, path)
			if cur, fromEnv, err := a.currentProfile(); err == nil && (fromEnv || cur != name) {
				by := byEnv
				if !fromEnv {
					by = fmt.Sprintf("--profile or %s (%q)", envProfile, cur)
				}
				fmt.Fprintf(a.err, "note: in this shell %s still chooses otherwise\n", by)
			}
			return nil
		}),
	}
}

func newProfileDeleteCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a profile, its password and its cached session",
		Long: `Delete the profile NAME: its file, its password (from the system keyring too) and its cached
JWT session, which is ended on the portal first (a portal that cannot be reached leaves a
warning: the session then ends by itself when its refresh token expires). If "unmetered profile
use" chose it, commands go back to the profile "default".

Deleting asks on a terminal and needs --yes otherwise.`,
		Example:           "  unmetered profile delete old --yes",
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeProfile,
		RunE: a.run(func(ctx context.Context, _ *cobra.Command, args []string) error {
			name := args[0]
			if err := checkProfileName(name); err != nil {
				return err
			}
			if !slices.Contains(a.profileNames(), name) {
				return usageErrorf("no profile %q (see 'unmetered profile list')", name)
			}
			if err := a.confirm(yes, fmt.Sprintf("delete profile %q and its saved password", name)); err != nil {
				return err
			}
			res, err := a.removeProfile(ctx, name, true)
			if err != nil {
				return err
			}
			if a.structured() {
				return a.writeData(res)
			}
			var also []string
			if res.Keyring {
				also = append(also, "its password in the system keyring")
			}
			if res.Revoked {
				also = append(also, "its session (ended)")
			} else if res.Tokens {
				also = append(also, "its cached session")
			}
			msg := fmt.Sprintf("Deleted profile %q", name)
			if len(also) > 0 {
				msg += " with " + strings.Join(also, " and ")
			}
			if res.Unused {
				msg += `; commands use the profile "default" again`
			}
			fmt.Fprintln(a.out, msg)
			return nil
		}),
	}
	addYesFlag(cmd, &yes)
	return cmd
}

// completeProfile completes a NAME argument with the saved profiles' names (local files only:
// nothing is sent, no password read).
func (a *app) completeProfile(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return a.profileNames(), cobra.ShellCompDirectiveNoFileComp
}
