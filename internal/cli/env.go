package cli

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/virga-dev/virga/internal/datadir"
)

func runEnv(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("env", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data-dir", datadir.Default(), "the server's data directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	admin, err := datadir.LoadAdmin(*dir)
	if err != nil {
		return fmt.Errorf("no credentials in %s (start `virga server` first): %w", *dir, err)
	}
	srv, err := datadir.LoadServer(*dir)
	if err != nil {
		return fmt.Errorf("no server address in %s: %w", *dir, err)
	}
	region := srv.Region
	if region == "" {
		region = "us-east-1"
	}
	fmt.Fprintf(stdout, "export AWS_ACCESS_KEY_ID=%s\n", admin.AccessKeyID)
	fmt.Fprintf(stdout, "export AWS_SECRET_ACCESS_KEY=%s\n", admin.SecretAccessKey)
	fmt.Fprintf(stdout, "export AWS_REGION=%s\n", region)
	fmt.Fprintf(stdout, "export AWS_DEFAULT_REGION=%s\n", region)
	fmt.Fprintf(stdout, "export AWS_ENDPOINT_URL=%s\n", srv.Endpoint)
	// Step Functions' StartSyncExecution goes to a "sync-" host prefix,
	// which clients would put before the endpoint's host; botocore and the
	// aws CLI v1 leave it out when told so.
	fmt.Fprintln(stdout, "export AWS_DISABLE_HOST_PREFIX_INJECTION=true")
	return nil
}
