package cli

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// samples holds a sample event of each trigger Virga serves, in AWS's shape.
//
//go:embed samples/*.json
var samples embed.FS

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
	data, err := samples.ReadFile("samples/" + args[1] + ".json")
	if err != nil {
		return fmt.Errorf("no sample event for %q; %s", args[1], usage)
	}
	_, err = stdout.Write(data)
	return err
}

// sampleSources names the sources there are samples of.
func sampleSources() []string {
	entries, _ := samples.ReadDir("samples")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	return slices.Sorted(slices.Values(names))
}
