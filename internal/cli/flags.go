package cli

import (
	"flag"
	"io"

	"github.com/virga-dev/virga/internal/datadir"
)

// clientFlags is a client subcommand's flag set, with the --data-dir it
// falls back to when the AWS environment names no server.
func clientFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs, fs.String("data-dir", datadir.Default(), "the server's data directory (used when AWS_ENDPOINT_URL is not set)")
}
