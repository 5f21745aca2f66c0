// Package cli is the `virga` command: one file per subcommand.
package cli

import (
	"context"
	"errors"
	"flag"
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
	if args[0] == "help" || isHelp(args[0]) {
		usage(stdout)
		return 0
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		usage(stderr)
		return 2
	}
	if len(args) == 2 && isHelp(args[1]) && !help(stdout, args[0]) {
		return 0
	}
	err := cmd(ctx, args[1:], stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "virga %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// command is one subcommand.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// commands is every subcommand by name.
func commands() map[string]command {
	return map[string]command{
		"server":     runServer,
		"env":        runEnv,
		"version":    runVersion,
		"logs":       runLogs,
		"usage":      runUsage,
		"nodes":      runNodes,
		"accounts":   runAccounts,
		"deploy":     runDeploy,
		"invoke":     runInvoke,
		"completion": runCompletion,
		"events":     runEvents,
	}
}

// summaries describe each subcommand, for `virga help` and --help.
var summaries = [][2]string{
	{"server", "run the Lambda API and the functions (foreground)"},
	{"env", "print shell exports that point the aws CLI and SDKs at the server"},
	{"deploy", "deploy a SAM template (--template FILE [--stack NAME] [--param K=V] [--delete] [--watch])"},
	{"invoke", "invoke a function, print its result and log tail (FUNCTION [--event FILE])"},
	{"logs", "print a function's log (FUNCTION [--follow])"},
	{"usage", "print billed invocations, GB-seconds and their cost per function"},
	{"nodes", "print the servers of the cluster and their load"},
	{"accounts", "add another account and print its keys (add [--data-dir DIR])"},
	{"events", "print a sample event of a trigger (generate api|httpapi|sqs|sns|s3|schedule|eventbridge)"},
	{"completion", "print a shell completion script (bash|zsh)"},
	{"version", "print the version"},
}

func usage(w io.Writer) {
	fmt.Fprint(w, "usage: virga <command> [flags]\n\ncommands:\n")
	for _, c := range summaries {
		fmt.Fprintf(w, "  %-11s %s\n", c[0], c[1])
	}
	fmt.Fprint(w, "\nClient commands use AWS_ENDPOINT_URL, the AWS keys or AWS_PROFILE when set, else --data-dir.\nEvery command takes --help.\n")
}

// help prints a subcommand's summary; it reports whether the subcommand
// has flags of its own to print after it.
func help(w io.Writer, name string) bool {
	for _, c := range summaries {
		if c[0] == name {
			fmt.Fprintf(w, "virga %s: %s\n", c[0], c[1])
		}
	}
	return name != "version" && name != "completion" && name != "accounts" && name != "events"
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

func runVersion(_ context.Context, _ []string, stdout, _ io.Writer) error {
	fmt.Fprintf(stdout, "virga %s\n", Version)
	return nil
}
