package main

import (
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
)

// TestEveryCommandIsDocumented walks the command tree: every command has a short description,
// and every command that does something shows examples in its --help.
func TestEveryCommandIsDocumented(t *testing.T) {
	t.Parallel()
	root := newRootCmd(&app{})
	seen := 0
	for _, c := range commandTree(root) {
		if c == root || c.Hidden || c.Name() == "help" || c.Name() == "completion" || c.Parent().Name() == "completion" {
			continue
		}
		seen++
		path := c.CommandPath()
		assert.NotEmpty(t, c.Short, "%s: no short description", path)
		if !c.HasSubCommands() && c.Name() != "version" {
			assert.Contains(t, c.Example, path, "%s: no example of itself in --help", path)
		}
	}
	assert.Greater(t, seen, 60, "the command tree")
}

// TestSameFlagsSameNames: a flag name means one thing everywhere (--yes confirms, --status
// filters a list, --file names a download's file, --dry-run changes nothing).
func TestSameFlagsSameNames(t *testing.T) {
	t.Parallel()
	usage := map[string]map[string]bool{}
	for _, c := range commandTree(newRootCmd(&app{})) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if usage[f.Name] == nil {
				usage[f.Name] = map[string]bool{}
			}
			usage[f.Name][f.Shorthand+" "+f.Value.Type()] = true
		})
	}
	for name, kinds := range usage {
		assert.Len(t, kinds, 1, "--%s has different shorthands or types: %v", name, kinds)
	}
	for _, name := range []string{"yes", "status", "file", "dry-run", "to", "ttl", "priority", "all"} {
		assert.Contains(t, usage, name)
	}
}
