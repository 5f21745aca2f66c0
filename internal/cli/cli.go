// Package cli is the `virga` command: one file per subcommand.
package cli

import (
	"context"
	"fmt"
	"io"
)

// Version is set at build time.
var Version = "0.1.0-dev"

// Main runs the command line and returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	commands := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"server":   runServer,
		"env":      runEnv,
		"version":  runVersion,
		"logs":     runLogs,
		"usage":    runUsage,
		"accounts": runAccounts,
		"deploy":   runDeploy,
	}
	cmd, ok := commands[args[0]]
	if !ok {
		usage(stderr)
		return 2
	}
	if err := cmd(ctx, args[1:], stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "virga %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: virga <command> [flags]

commands:
  server    run the Lambda API and the functions (foreground)
  env       print shell exports that point the aws CLI and SDKs at the server
  logs      print a function's log (FUNCTION [--follow])
  usage     print billed invocations, GB-seconds and their cost per function
  accounts  add another account and print its keys (add)
  deploy    deploy a SAM template (--template FILE [--stack NAME] [--delete] [--watch])
  version   print the version
`)
}

func runVersion(_ context.Context, _ []string, stdout, _ io.Writer) error {
	fmt.Fprintf(stdout, "virga %s\n", Version)
	return nil
}
