package control

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// readiness is one server's progress on its share of a configuration,
// stored under the configuration's key and the server's name: each
// server writes only its own.
type readiness struct {
	// Config is the revision of the configuration the share is of.
	Config uint64 `json:"config"`
	Share  int    `json:"share"`
	Ready  int    `json:"ready"`
	Reason string `json:"reason,omitempty"`
}

// readyKey is where node's readiness for the configuration under key is
// stored; the name is spelled in hex, which any name can be.
func readyKey(key, node string) string { return key + ".n" + hex.EncodeToString([]byte(node)) }

// recordReady stores this server's progress on the configuration under
// key at rev, unless it no longer keeps a share of it.
func (s *Service) recordReady(key string, rev uint64, ready int, failure error) {
	ctx := s.ctx
	if s.ready == nil || ctx == nil || ctx.Err() != nil {
		return
	}
	s.spreadMu.Lock()
	defer s.spreadMu.Unlock()
	h, ok := s.held[key]
	if !ok || h.rev != rev {
		return
	}
	self, _, _ := s.nodes()
	r := readiness{Config: rev, Share: h.share, Ready: ready, Reason: reason(failure)}
	_, err := store.Modify(ctx, s.ready, readyKey(key, self), func(v *readiness, _ bool) error {
		*v = r
		return nil
	})
	if err != nil && ctx.Err() == nil {
		s.log.Error("record provisioned concurrency", "key", key, "err", err)
	}
}

// clearReady removes this server's progress on the configuration under
// key.
func (s *Service) clearReady(ctx context.Context, key string) {
	if s.ready == nil {
		return
	}
	self, _, _ := s.nodes()
	if err := s.ready.Delete(ctx, readyKey(key, self), 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.log.Warn("clear provisioned concurrency", "key", key, "err", err)
	}
}

// withReadiness completes the configuration stored under key at rev with
// the progress the live members report, as AWS reports it: READY once
// they hold the requested count, FAILED when one of them fails.
func (s *Service) withReadiness(ctx context.Context, key string, pc lambda.ProvisionedConcurrency, rev uint64) lambda.ProvisionedConcurrency {
	if s.ready == nil {
		return pc
	}
	_, live, _ := s.nodes()
	ready, failure := 0, ""
	for _, node := range live {
		e, err := s.ready.Get(ctx, readyKey(key, node))
		var r readiness
		if err != nil || json.Unmarshal(e.Value, &r) != nil || r.Config != rev {
			continue
		}
		ready += r.Ready
		if r.Reason != "" {
			failure = r.Reason
		}
	}
	n := pc.RequestedProvisionedConcurrentExecutions
	ready = min(ready, n)
	pc.AvailableProvisionedConcurrentExecutions = ready
	pc.AllocatedProvisionedConcurrentExecutions = ready
	pc.Status = provisionStatus(n, ready, failure)
	pc.StatusReason = failure
	return pc
}
