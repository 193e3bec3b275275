// Command unmetered drives the Unmetered client portal from the shell and from cron: noun-verb
// commands (unmetered account show), a table by default and -o json for scripts, exit codes a
// script can branch on. Run "unmetered --help" for the commands, authentication and exit codes.
//
// Install it with
//
//	go install github.com/unmetered/unmetered-go/cmd/unmetered@latest
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// Ctrl-C or a SIGTERM from cron's timeout cancels the request in flight instead of killing
	// the process mid-write; the command then exits with the error's code.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, newApp(), os.Args[1:])
	stop()
	os.Exit(code)
}
