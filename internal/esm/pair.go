package esm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// A queue maps to a function (or one of its versions or aliases) once: the
// bucket keeps, for each pair, the UUID of the mapping that holds it, and
// a create or an update that would make a second takes it with a
// compare-and-set.

func pairKey(sourceARN, functionARN string) string {
	sum := sha256.Sum256([]byte(sourceARN + " " + functionARN))
	return pairPrefix + hex.EncodeToString(sum[:16])
}

// claimPair takes the pair of m's queue and function for m, unless another
// mapping that still exists holds it.
func (s *Mappings) claimPair(ctx context.Context, m *mapping) error {
	_, err := store.Modify(ctx, s.bucket, pairKey(m.Config.EventSourceArn, m.Config.FunctionArn), func(owner *string, exists bool) error {
		if exists && *owner != m.Config.UUID {
			_, err := loadMapping(ctx, s.bucket, *owner)
			switch {
			case err == nil:
				return aws.Errorf(aws.ErrConflict,
					"The event source arn (\" %s \") and function (\" %s \") provided mapping already exists. Please update or delete the existing mapping with UUID %s",
					m.Config.EventSourceArn, m.Function, *owner)
			case !errors.Is(err, store.ErrNotFound):
				return err
			}
		}
		*owner = m.Config.UUID
		return nil
	})
	return err
}

// releasePair hands back the pair of m's queue and function if m holds it.
func releasePair(ctx context.Context, b store.KV, m mapping) error {
	_, err := store.Modify(ctx, b, pairKey(m.Config.EventSourceArn, m.Config.FunctionArn), func(owner *string, exists bool) error {
		if !exists || *owner != m.Config.UUID {
			return store.Keep
		}
		return store.Remove
	})
	return err
}
