package main

import (
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
)

// TestEveryCommandIsDocumented walks the command tree: every command has a short description,
// and every command that does something shows examples in its --help.
func TestEveryCommandIsDocumented(t *testing.T) {
	t.Parallel()
	root := newRootCmd(&app{})
	var walk func(c *cobra.Command)
	seen := 0
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden || sub.Name() == "help" || sub.Name() == "completion" || c.Name() == "completion" {
				continue
			}
			seen++
			path := sub.CommandPath()
			assert.NotEmpty(t, sub.Short, "%s: no short description", path)
			if !sub.HasSubCommands() && sub.Name() != "version" {
				assert.Contains(t, sub.Example, path, "%s: no example of itself in --help", path)
			}
			walk(sub)
		}
	}
	walk(root)
	assert.Greater(t, seen, 60, "the command tree")
}

// TestSameFlagsSameNames: a flag name means one thing everywhere (--yes confirms, --status
// filters a list, --file names a download's file, --dry-run changes nothing).
func TestSameFlagsSameNames(t *testing.T) {
	t.Parallel()
	root := newRootCmd(&app{})
	usage := map[string]map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if usage[f.Name] == nil {
				usage[f.Name] = map[string]bool{}
			}
			usage[f.Name][f.Shorthand+" "+f.Value.Type()] = true
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for name, kinds := range usage {
		assert.Len(t, kinds, 1, "--%s has different shorthands or types: %v", name, kinds)
	}
	for _, name := range []string{"yes", "status", "file", "dry-run", "to", "ttl", "priority", "all"} {
		assert.Contains(t, usage, name)
	}
}
