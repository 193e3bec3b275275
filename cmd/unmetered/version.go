package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	unmetered "github.com/unmetered/unmetered-go"
)

// cliVersion is the module version the binary was built from ("v1.2.3" with go install
// ...@v1.2.3), or the SDK's Version for a build from a checkout.
func cliVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "v" + unmetered.Version
}

// versionInfo is what "unmetered version -o json" prints.
type versionInfo struct {
	Version string `json:"version"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of unmetered",
		Args:  cobra.NoArgs,
		RunE:  a.run(func(context.Context, *cobra.Command, []string) error { return a.printVersion() }),
	}
}

// printVersion prints what "unmetered version" and "unmetered --version" print.
func (a *app) printVersion() error {
	v := versionInfo{Version: cliVersion(), Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if a.structured() {
		return a.writeData(v)
	}
	_, err := fmt.Fprintf(a.out, "unmetered %s (%s, %s/%s)\n", v.Version, v.Go, v.OS, v.Arch)
	return err
}
