package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/virga-dev/virga/internal/datadir"
)

// runAccounts manages the accounts besides the administrator's; a running
// server accepts a new account's key at once.
func runAccounts(_ context.Context, args []string, stdout, stderr io.Writer) error {
	const usage = "usage: virga accounts add [--data-dir DIR]"
	if len(args) == 0 || args[0] != "add" {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet("accounts add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data-dir", datadir.Default(), "the server's data directory")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errors.New(usage)
	}
	a, err := datadir.AddAccount(*dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "export AWS_ACCESS_KEY_ID=%s\n", a.AccessKeyID)
	fmt.Fprintf(stdout, "export AWS_SECRET_ACCESS_KEY=%s\n", a.SecretAccessKey)
	fmt.Fprintf(stdout, "# account id: %s\n", a.AccountID)
	return nil
}
