package control

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/virga-dev/virga/internal/lambda"
)

// members is a cluster of fixed live members for the tests.
type members struct{ self string }

func (m members) Node() string { return m.self }

func (m members) Live() (live, serving []string) {
	return []string{"node1", "node3"}, []string{"node1", "node3"}
}

// TestReadiness: a configuration's progress is the sum of what the live
// members report of its current revision; one failing member fails it.
func TestReadiness(t *testing.T) {
	ready := newMemBucket()
	s := New(Config{Nodes: members{"node1"}}, Stores{Ready: ready}, nil)
	ctx := context.Background()
	put := func(node string, r readiness) {
		data, _ := json.Marshal(r)
		if _, err := ready.Create(ctx, readyKey("fn.1", node), data); err != nil {
			t.Fatal(err)
		}
	}
	put("node1", readiness{Config: 7, Share: 2, Ready: 2})
	put("node2", readiness{Config: 7, Share: 3, Ready: 3}) // not live
	put("node3", readiness{Config: 6, Share: 4, Ready: 4}) // an earlier configuration
	pc := lambda.ProvisionedConcurrency{RequestedProvisionedConcurrentExecutions: 6}
	if got := s.withReadiness(ctx, "fn.1", pc, 7); got.AvailableProvisionedConcurrentExecutions != 2 || got.Status != lambda.ProvisionInProgress {
		t.Errorf("got %d %s, want 2 IN_PROGRESS", got.AvailableProvisionedConcurrentExecutions, got.Status)
	}
	_ = ready.Delete(ctx, readyKey("fn.1", "node3"), 0)
	put("node3", readiness{Config: 7, Share: 4, Ready: 4})
	if got := s.withReadiness(ctx, "fn.1", pc, 7); got.AvailableProvisionedConcurrentExecutions != 6 || got.Status != lambda.ProvisionReady {
		t.Errorf("got %d %s, want 6 READY", got.AvailableProvisionedConcurrentExecutions, got.Status)
	}
	_ = ready.Delete(ctx, readyKey("fn.1", "node3"), 0)
	put("node3", readiness{Config: 7, Share: 4, Ready: 1, Reason: "FUNCTION_ERROR_INIT_FAILURE: boom"})
	if got := s.withReadiness(ctx, "fn.1", pc, 7); got.Status != lambda.ProvisionFailed || got.StatusReason == "" {
		t.Errorf("got %s %q, want FAILED with the reason", got.Status, got.StatusReason)
	}
}
