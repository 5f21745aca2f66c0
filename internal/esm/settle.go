package esm

import (
	"context"
	"time"

	"github.com/virga-dev/virga/internal/store"
)

// settleLater moves a mapping out of Creating, Enabling, Disabling,
// Updating or Deleting once it has been there for the settle time. Every
// server does so for every mapping it sees between states; the first
// write wins and the others find nothing left to do.
func (p *Pollers) settleLater(m mapping) {
	uuid := m.Config.UUID
	p.mu.Lock()
	if p.settling[uuid] || p.ctx.Err() != nil {
		p.mu.Unlock()
		return
	}
	p.settling[uuid] = true
	p.wg.Add(1)
	p.mu.Unlock()
	since := time.Unix(0, int64(m.Config.LastModified*1e9))
	go func() {
		defer p.wg.Done()
		t := time.NewTimer(time.Until(since.Add(p.cfg.Settle)))
		defer t.Stop()
		select {
		case <-p.ctx.Done():
		case <-t.C:
			if err := p.settle(p.ctx, uuid); err != nil && p.ctx.Err() == nil {
				p.log.Error("settle event source mapping", "uuid", uuid, "err", err)
			}
		}
		p.mu.Lock()
		delete(p.settling, uuid)
		p.mu.Unlock()
	}()
}

// settle finishes a mapping's transition: it becomes Enabled or Disabled
// as asked, or, when Deleting, goes.
func (p *Pollers) settle(ctx context.Context, uuid string) error {
	var deleted bool
	m, err := store.Modify(ctx, p.bucket, mappingKey(uuid), func(m *mapping, exists bool) error {
		deleted = false
		switch {
		case !exists || !m.settling():
			return store.Keep
		case m.Config.State == StateDeleting:
			deleted = true
			return store.Remove
		case m.Enabled:
			m.Config.State = StateEnabled
		default:
			m.Config.State = StateDisabled
		}
		return nil
	})
	if err != nil || !deleted {
		return err
	}
	return releasePair(ctx, p.bucket, m)
}

// modifyExisting changes a mapping that exists and leaves a missing one
// missing.
func modifyExisting(ctx context.Context, b store.KV, uuid string, change func(m *mapping)) (mapping, error) {
	return store.Modify(ctx, b, mappingKey(uuid), func(m *mapping, exists bool) error {
		if !exists {
			return store.Keep
		}
		change(m)
		return nil
	})
}
