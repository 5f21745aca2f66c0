package lambda

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEnvironmentKeepsOrder(t *testing.T) {
	var e Environment
	if err := json.Unmarshal([]byte(`{"Variables":{"SMALL":"ok","LARGE":"x","A":"y"}}`), &e); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"SMALL", "LARGE", "A"}, e.Order); diff != "" {
		t.Error(diff)
	}
	if e.Variables["LARGE"] != "x" || len(e.Variables) != 3 {
		t.Errorf("variables %v", e.Variables)
	}
}
