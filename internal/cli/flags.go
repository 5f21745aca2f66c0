package cli

import (
	"flag"
	"io"

	"github.com/virga-dev/virga/internal/datadir"
)

// clientFlags is a client subcommand's flag set, with the --data-dir it
// uses when given, or when the AWS environment names no server.
func clientFlags(name string, stderr io.Writer) (*flag.FlagSet, *dataDir) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := &dataDir{Path: datadir.Default()}
	fs.Var(dir, "data-dir", "the server's data directory (used when given, or when the AWS environment names no server)")
	return fs, dir
}

// dataDir is the --data-dir of a client subcommand, and whether it was
// given: a directory named on the command line wins over the environment.
type dataDir struct {
	Path     string
	Explicit bool
}

func (d *dataDir) String() string { return d.Path }

func (d *dataDir) Set(path string) error {
	d.Path, d.Explicit = path, true
	return nil
}
