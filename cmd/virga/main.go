// Command virga is a self-hosted AWS Lambda.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/virga-dev/virga/internal/cli"
	"github.com/virga-dev/virga/internal/sandbox"
)

func main() {
	if sandbox.IsInit() { // this process is the first process of a sandbox
		sandbox.RunInit()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
