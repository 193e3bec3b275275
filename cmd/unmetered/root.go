package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

const rootLong = `unmetered drives the Unmetered client portal from the shell and from cron. Commands are
noun-verb ("unmetered account show").

Output: a table for people, its columns aligned on a terminal and separated by one tab when
stdout is not a terminal (` + envForceTTY + `=1 prints as on a terminal). -o json prints the
SDK's types as JSON (a list as a JSON array) for scripts, -o yaml the same as YAML, and
--jq EXPR (-q) the results of a jq expression on that JSON (strings raw). A list's table takes
-o columns=id,name (its header names; a wrong one lists them) and --no-header. Errors go to
stderr as one line, or with -o json as one JSON object.

Authentication, the first that applies ("unmetered auth status" shows which):
  1. --profile NAME: the profile saved by "unmetered login --profile NAME"
  2. UNMETERED_PROFILE=NAME, or the environment when a credential variable is set (not both):
       UNMETERED_USERNAME, UNMETERED_PASSWORD  your client-area login (both required)
       UNMETERED_PASSWORD_FILE  a file holding the password instead (a container's secret)
       UNMETERED_AUTH       basic (the default), or jwt: a session, its tokens cached between runs
       UNMETERED_BASE_URL   the API root (default ` + unmetered.DefaultBaseURL + `)
  3. the profile chosen with "unmetered profile use NAME"
  4. the profile "default" saved by "unmetered login"
Profiles are kept in your config directory (UNMETERED_CONFIG_DIR moves it), their passwords in
the system keyring where there is one.

Destructive and paying commands ask before acting on a terminal, and need --yes otherwise.

` + exitCodesHelp

// newRootCmd builds the command tree. It does no I/O: commands read profiles and build the
// client only when they run.
func newRootCmd(a *app) *cobra.Command {
	var version bool
	root := &cobra.Command{
		Use:           "unmetered",
		Short:         "The Unmetered client portal from the command line",
		Long:          rootLong,
		SilenceErrors: true, // run reports errors, in the -o format
		SilenceUsage:  true, // a usage error is one line pointing at --help, not the whole usage
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.checkOutput(cmd); err != nil {
				return err
			}
			if f := cmd.Flags().Lookup("stall-timeout"); f != nil && f.Changed {
				if a.stallTimeout < 0 {
					return &usageError{err: fmt.Errorf("--stall-timeout %s: give a positive duration, or 0 for none", a.stallTimeout), badCommandLine: true}
				}
				a.stallSet = true
			}
			if a.profile != "" {
				return checkProfileName(a.profile)
			}
			return nil
		},
		// The root alone prints its help (cobra would too); with --version it is "unmetered
		// version", as gh and hcloud users type it.
		RunE: a.run(func(_ context.Context, cmd *cobra.Command, _ []string) error {
			if version {
				return a.printVersion()
			}
			return cmd.Help()
		}),
	}
	root.SetIn(a.in)
	root.SetOut(a.out)
	root.SetErr(a.err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err: flagError(err), badCommandLine: true} })

	root.Flags().BoolVar(&version, "version", false, "print the version of unmetered, as 'unmetered version' does")
	pf := root.PersistentFlags()
	pf.StringVarP(&a.output, "output", "o", formatTable, outputFlagHelp)
	pf.StringVarP(&a.jqExpr, "jq", "q", "", jqFlagHelp)
	pf.StringVar(&a.profile, "profile", "", "use this saved profile (see 'unmetered login')")
	pf.BoolVar(&a.debug, "debug", false, "log each request to stderr (never credentials)")
	pf.DurationVar(&a.stallTimeout, "stall-timeout", unmetered.DefaultStallTimeout,
		"give up on an answer that brings less than 1 KiB in this long (0: never)")
	_ = root.RegisterFlagCompletionFunc("output", func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		formats := []string{formatTable, formatJSON, formatYAML}
		if cols := columnNames(cmd); cols != nil {
			formats = append(formats, columnsPrefix+strings.Join(cols, ","))
		}
		return formats, cobra.ShellCompDirectiveNoFileComp
	})
	_ = root.RegisterFlagCompletionFunc("profile", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return a.profileNames(), cobra.ShellCompDirectiveNoFileComp
	})

	root.AddCommand(
		newVersionCmd(a),
		newLoginCmd(a),
		newLogoutCmd(a),
		newAuthCmd(a),
		newProfileCmd(a),
		newAccountCmd(a),
		newContactCmd(a),
		newInvoiceCmd(a),
		newBalanceCmd(a),
		newTicketCmd(a),
		newDomainCmd(a),
		newCertCmd(a),
		newServiceCmd(a),
		newProductCmd(a),
		newDNSCmd(a),
		newACMECmd(a),
		newAPICmd(a),
	)
	// cobra adds "completion bash|zsh|fish|powershell" itself; make an unknown shell a usage
	// error instead of a help page with exit code 0.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.RunE = groupRun(a)
		}
	}
	return root
}

// group returns a command that only holds subcommands ("unmetered account").
func group(a *app, use, short string) *cobra.Command {
	return &cobra.Command{Use: use, Short: short, RunE: groupRun(a)}
}

// groupRun is the RunE of a command that only holds subcommands: alone it prints its help, with
// an argument (a misspelt subcommand) it is a usage error. Cobra would print the help and exit 0.
func groupRun(a *app) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return &usageError{err: fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath()), badCommandLine: true}
		}
		return cmd.Help()
	}
}

// run wraps a command's code: it marks that the command started (so errors from then on are the
// command's own, not cobra's usage errors) and hands it the context.
func (a *app) run(fn func(context.Context, *cobra.Command, []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		a.running = true
		return fn(cmd.Context(), cmd, args)
	}
}

// runWith is run for a command that talks to the portal: it builds the client (which sends
// nothing) and hands it to fn.
func (a *app) runWith(fn func(context.Context, *unmetered.Client, *cobra.Command, []string) error) func(*cobra.Command, []string) error {
	return a.run(func(ctx context.Context, cmd *cobra.Command, args []string) error {
		c, err := a.apiClient()
		if err != nil {
			return err
		}
		return fn(ctx, c, cmd, args)
	})
}

// runDomain is runWith for a command whose first argument is a DOMAIN (see domainID).
func (a *app) runDomain(fn func(context.Context, *unmetered.Client, int64, *cobra.Command, []string) error) func(*cobra.Command, []string) error {
	return a.runWith(func(ctx context.Context, c *unmetered.Client, cmd *cobra.Command, args []string) error {
		id, err := a.domainID(ctx, c, args[0])
		if err != nil {
			return err
		}
		return fn(ctx, c, id, cmd, args)
	})
}

// run executes the command line args and returns the exit code, having reported any error.
func run(ctx context.Context, a *app, args []string) int {
	a.ctx = ctx
	root := newRootCmd(a)
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		addLiveCompletions(a, root) // only for the shell's completion requests: other runs skip the walk
	}
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil && !a.running && !isUsage(err) {
		// cobra's: an unknown command, a missing argument, a required flag left out, ...
		err = &usageError{err: flagGroupError(err), badCommandLine: true}
	}
	if err != nil && isUsage(err) && a.output != formatJSON && jsonRequested(args) {
		a.output = formatJSON // flag parsing stopped before -o json; report in JSON all the same
	}
	code := exitCode(err)
	if err != nil {
		a.reportError(cmd, err, code)
	}
	return code
}

// jsonRequested reports whether the command line asks for -o json, for reporting an error that
// stopped flag parsing before -o was read.
func jsonRequested(args []string) bool {
	for i, arg := range args {
		switch {
		case arg == "--":
			return false
		case arg == "-ojson", arg == "-o=json", arg == "--output=json":
			return true
		case (arg == "-o" || arg == "--output") && i+1 < len(args) && args[i+1] == formatJSON:
			return true
		}
	}
	return false
}
