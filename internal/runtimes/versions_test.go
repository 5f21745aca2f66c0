package runtimes

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStandIns(t *testing.T) {
	c := &Catalogue{python: &Interpreter{Version: "3.11.7"}, node: &Interpreter{Version: "20.11.1"}}
	want := []StandIn{
		{"python 3.11.7", []string{"python3.8", "python3.9", "python3.10", "python3.12", "python3.13", "python3.14"}},
		{"node 20.11.1", []string{"nodejs16.x", "nodejs18.x", "nodejs22.x", "nodejs24.x"}},
	}
	if diff := cmp.Diff(want, c.StandIns()); diff != "" {
		t.Error(diff)
	}
	if got := (&Catalogue{}).StandIns(); got != nil {
		t.Errorf("no interpreters: %v", got)
	}
}
