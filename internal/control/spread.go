package control

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// Nodes are the servers a provisioned concurrency configuration spreads
// over: each keeps its share of the environments.
type Nodes interface {
	// Node is this server's name.
	Node() string
	// Live names the live members, this server included, and those of
	// them that take work (not draining).
	Live() (live, serving []string)
}

// resyncEvery is how often a server looks at every configuration again,
// whether or not it heard of a change.
const resyncEvery = 15 * time.Second

// held is what this server keeps of a configuration: its share of the
// configuration stored at rev, of version.
type held struct {
	rev     uint64
	version string
	share   int
}

// nodes is this server's name, the live members and those that take a
// share: all live ones when every member drains, and this server alone
// outside a cluster.
func (s *Service) nodes() (self string, live, serving []string) {
	if s.cfg.Nodes == nil {
		return "", []string{""}, []string{""}
	}
	self = s.cfg.Nodes.Node()
	live, serving = s.cfg.Nodes.Live()
	if !slices.Contains(live, self) {
		live = append(live, self)
	}
	if len(serving) == 0 {
		serving = live
	}
	return self, live, serving
}

// share is how many of a configuration's n slots node keeps: each slot
// goes to the serving member that ranks it highest (rendezvous hashing),
// so that a member coming or going moves only its own slots.
func share(key string, n int, node string, serving []string) int {
	mine := 0
	for slot := range n {
		if owner(key, slot, serving) == node {
			mine++
		}
	}
	return mine
}

func owner(key string, slot int, nodes []string) string {
	best, top := "", uint64(0)
	for _, nd := range nodes {
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(slot) + "\x00" + nd))
		if rank := binary.BigEndian.Uint64(sum[:8]); best == "" || rank > top {
			best, top = nd, rank
		}
	}
	return best
}

// ProvisionedChanged learns that the configuration under key (a key of
// the provisioned bucket) changed on some server.
func (s *Service) ProvisionedChanged(key string) {
	if ctx := s.ctx; ctx != nil && ctx.Err() == nil {
		s.place(ctx, key)
	}
}

// place keeps this server's share of the configuration under key, or
// none once it is gone.
func (s *Service) place(ctx context.Context, key string) {
	if s.cfg.Provisioner == nil {
		return
	}
	name, q, _ := strings.Cut(key, ".")
	pc, rev, err := s.loadProvisioned(ctx, name, q)
	if errors.Is(err, lambda.ErrProvisionedNotFound) {
		s.hold(ctx, key, Function{}, held{})
		return
	}
	if err != nil {
		s.log.Warn("read provisioned concurrency", "key", key, "err", err)
		return
	}
	fn, err := s.GetFunction(ctx, arn.Function{Name: name, Qualifier: q})
	if err != nil {
		return
	}
	self, _, serving := s.nodes()
	n := share(key, pc.RequestedProvisionedConcurrentExecutions, self, serving)
	s.hold(ctx, key, fn, held{rev: rev, version: fn.Configuration.Version, share: n})
}

// hold makes the pool keep h of fn under key: nothing, more or fewer of
// the same environments, or new ones for a new configuration or version.
func (s *Service) hold(ctx context.Context, key string, fn Function, h held) {
	s.spreadMu.Lock()
	defer s.spreadMu.Unlock()
	old, had := s.held[key]
	switch {
	case had && old == h:
		return
	case h.share == 0:
		if had {
			s.cfg.Provisioner.Unprovision(key)
			delete(s.held, key)
			s.clearReady(ctx, key)
		}
		return
	case had && old.rev == h.rev && old.version == h.version && s.cfg.Provisioner.Resize(key, h.share):
	default:
		name, _, _ := strings.Cut(key, ".")
		s.cfg.Provisioner.Provision(key, s.poolFunction(name, fn), h.share, func(ready int, err error) {
			s.recordReady(key, h.rev, ready, err)
		})
	}
	s.held[key] = h
}

// follow places every configuration again when the serving members
// change, and every resyncEvery in case a change went unheard.
func (s *Service) follow(ctx context.Context) {
	defer s.wg.Done()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	_, _, last := s.nodes()
	synced := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		_, _, serving := s.nodes()
		if slices.Equal(serving, last) && time.Since(synced) < resyncEvery {
			continue
		}
		last, synced = serving, time.Now()
		s.placeAll(ctx)
	}
}

// placeAll places every stored configuration and lets go of those that
// are gone.
func (s *Service) placeAll(ctx context.Context) {
	keys, err := s.provisioned.Keys(ctx)
	if err != nil {
		s.log.Warn("list provisioned concurrency", "err", err)
		return
	}
	s.spreadMu.Lock()
	for k := range s.held {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	s.spreadMu.Unlock()
	for _, k := range keys {
		s.place(ctx, k)
	}
}
