package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/virga-dev/virga/internal/samples"
)

// runEvents prints a sample event: `virga events generate SOURCE`.
func runEvents(_ context.Context, args []string, stdout, _ io.Writer) error {
	usage := "usage: virga events generate " + strings.Join(sampleSources(), "|")
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprintln(stdout, usage)
		return nil
	}
	if len(args) != 2 || args[0] != "generate" {
		return errors.New(usage)
	}
	data, ok := samples.Event(args[1])
	if !ok {
		return fmt.Errorf("no sample event for %q; %s", args[1], usage)
	}
	_, err := stdout.Write(data)
	return err
}

// sampleSources names the sources there are samples of.
func sampleSources() []string { return samples.Names() }
