package esm

import (
	"context"

	"github.com/virga-dev/virga/internal/store"
)

// DeleteEventSourceMapping stops a mapping: it is Deleting until its
// pollers have stopped, shortly after, and then gone.
func (s *Mappings) DeleteEventSourceMapping(ctx context.Context, uuid string) (Configuration, error) {
	if !validUUID(uuid) {
		return Configuration{}, s.notFound(uuid)
	}
	m, err := store.Modify(ctx, s.bucket, mappingKey(uuid), func(m *mapping, exists bool) error {
		switch {
		case !exists:
			return s.notFound(uuid)
		case m.Config.State == StateDeleting:
			return store.Keep
		case m.settling():
			return inUse("delete")
		}
		m.Config.State, m.Config.StateTransitionReason, m.Config.LastModified = StateDeleting, reasonUser, now()
		return nil
	})
	return m.Config, err
}
