package control

import (
	"context"

	"github.com/virga-dev/virga/internal/arn"
)

// Recursive loop detection settings. Virga keeps the setting so that tools
// read back what they wrote; it does not detect loops.
const (
	RecursionTerminate = "Terminate" // AWS's default
	RecursionAllow     = "Allow"
)

// PutRecursionConfig stores a function's recursive loop setting.
func (s *Service) PutRecursionConfig(ctx context.Context, ref arn.Function, loop *string) (string, error) {
	if err := checkRecursiveLoop(loop); err != nil {
		return "", err
	}
	_, err := s.modify(ctx, ref, func(rec *record) error {
		rec.RecursiveLoop = *loop
		return nil
	})
	return *loop, err
}

// RecursionConfig is a function's recursive loop setting.
func (s *Service) RecursionConfig(ctx context.Context, ref arn.Function) (string, error) {
	rec, _, err := s.find(ctx, ref)
	if err != nil || rec.RecursiveLoop == "" {
		return RecursionTerminate, err
	}
	return rec.RecursiveLoop, nil
}

func checkRecursiveLoop(loop *string) error {
	switch {
	case loop == nil:
		return arn.NullError("recursiveLoop")
	case *loop != RecursionAllow && *loop != RecursionTerminate:
		return arn.ConstraintError(*loop, "recursiveLoop", "Member must satisfy enum value set: [Allow, Terminate]")
	}
	return nil
}
