package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelp: every subcommand answers --help with its summary and exit 0.
func TestHelp(t *testing.T) {
	for _, c := range summaries {
		t.Run(c[0], func(t *testing.T) {
			var out, errs bytes.Buffer
			if code := Main(context.Background(), []string{c[0], "--help"}, &out, &errs); code != 0 {
				t.Fatalf("exit %d: %s", code, errs.String())
			}
			if !strings.Contains(out.String(), c[1]) {
				t.Fatalf("no summary in %q", out.String())
			}
		})
	}
	if len(summaries) != len(commands()) {
		t.Errorf("%d summaries for %d commands", len(summaries), len(commands()))
	}
}

// TestCompletion: the scripts name every subcommand.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh"} {
		var out bytes.Buffer
		if code := Main(context.Background(), []string{"completion", shell}, &out, &out); code != 0 {
			t.Fatalf("%s: exit %d: %s", shell, code, out.String())
		}
		for name := range commands() {
			if !strings.Contains(out.String(), name) {
				t.Errorf("%s completion lacks %s", shell, name)
			}
		}
	}
}
