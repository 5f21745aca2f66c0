package control

import (
	"context"
	"errors"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// minUnreserved is the concurrency AWS keeps for functions without a
// reservation.
const minUnreserved = 100

// PutFunctionConcurrency reserves concurrency for a function; 0 stops it.
func (s *Service) PutFunctionConcurrency(ctx context.Context, ref arn.Function, n *int) (int, error) {
	if n == nil {
		return 0, arn.ConstraintError(nil, "reservedConcurrentExecutions", "Member must not be null")
	}
	if *n < 0 {
		return 0, arn.ConstraintError(*n, "reservedConcurrentExecutions", "Member must have value greater than or equal to 0")
	}
	if err := s.checkReservable(ctx, ref); err != nil {
		return 0, err
	}
	err := s.setReserved(ctx, ref, func(rec *record, others int) error {
		if others+*n > s.cfg.ConcurrentExecutions-minUnreserved {
			return aws.Errorf(aws.ErrInvalid,
				"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [%d].", minUnreserved)
		}
		rec.Reserved = n
		return nil
	})
	return *n, err
}

// GetFunctionConcurrency returns a function's reserved concurrency, if any.
func (s *Service) GetFunctionConcurrency(ctx context.Context, ref arn.Function) (*int, error) {
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return nil, err
	}
	return rec.Reserved, nil
}

// DeleteFunctionConcurrency removes a function's reservation.
func (s *Service) DeleteFunctionConcurrency(ctx context.Context, ref arn.Function) error {
	return s.setReserved(ctx, ref, func(rec *record, _ int) error {
		rec.Reserved = nil
		return nil
	})
}

// setReserved changes a function's reservation; change learns the total
// reserved by the other functions.
// checkReservable refuses a version or alias, and names a function that
// does not exist by its $LATEST, as AWS's PutFunctionConcurrency does.
func (s *Service) checkReservable(ctx context.Context, ref arn.Function) error {
	if ref.Qualifier != "" {
		return aws.Errorf(aws.ErrInvalid,
			"This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.")
	}
	ref.Qualifier = lambda.LatestVersion
	_, _, err := s.find(ctx, ref)
	return err
}

func (s *Service) setReserved(ctx context.Context, ref arn.Function, change func(rec *record, others int) error) error {
	if err := unqualified(ref); err != nil {
		return err
	}
	rec, err := s.modify(ctx, ref, func(rec *record) error {
		total, err := s.reservedTotal(ctx)
		if err != nil {
			return err
		}
		if rec.Reserved != nil {
			total -= *rec.Reserved
		}
		return change(rec, total)
	})
	if err != nil {
		return err
	}
	s.announceReserved(rec)
	return nil
}

func (s *Service) announceReserved(rec record) {
	r := s.cfg.Reservations
	switch {
	case r == nil:
	case rec.Reserved == nil:
		r.ClearReserved(rec.Latest.FunctionName)
	default:
		r.SetReserved(rec.Latest.FunctionName, *rec.Reserved)
	}
}

// reservedTotal is the concurrency reserved by all functions.
func (s *Service) reservedTotal(ctx context.Context) (int, error) {
	names, err := s.functions.Keys(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, name := range names {
		if rec, _, err := s.load(ctx, name); err == nil && rec.Reserved != nil {
			total += *rec.Reserved
		}
	}
	return total, nil
}

// FunctionChanged tells the limiter a function's reservation as the store
// has it now, after any server changed the function stored at key.
func (s *Service) FunctionChanged(key string) {
	if s.cfg.Reservations == nil || s.ctx == nil {
		return
	}
	rec, _, err := s.load(s.ctx, key)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.cfg.Reservations.ClearReserved(key)
	case err == nil:
		s.announceReserved(rec)
	}
}
