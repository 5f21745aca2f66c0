package control

import (
	"context"

	"github.com/virga-dev/virga/internal/lambda"
)

// AccountLimit is GetAccountSettings' AccountLimit.
type AccountLimit struct {
	TotalCodeSize                  int64
	CodeSizeUnzipped               int64
	CodeSizeZipped                 int64
	ConcurrentExecutions           int
	UnreservedConcurrentExecutions int
}

// AccountUsage is GetAccountSettings' AccountUsage.
type AccountUsage struct {
	TotalCodeSize int64
	FunctionCount int64
}

// AccountSettings reports the account's limits and what it uses.
func (s *Service) AccountSettings(ctx context.Context) (AccountLimit, AccountUsage, error) {
	names, err := s.functions.Keys(ctx)
	if err != nil {
		return AccountLimit{}, AccountUsage{}, err
	}
	var usage AccountUsage
	reserved := 0
	for _, n := range names {
		rec, _, err := s.load(ctx, n)
		if err != nil {
			continue
		}
		usage.FunctionCount++
		usage.TotalCodeSize += rec.Latest.CodeSize
		if rec.Reserved != nil {
			reserved += *rec.Reserved
		}
	}
	limit := AccountLimit{
		TotalCodeSize:                  lambda.TotalCodeSize,
		CodeSizeUnzipped:               lambda.MaxUnzippedBytes,
		CodeSizeZipped:                 lambda.MaxZipBytes,
		ConcurrentExecutions:           s.cfg.ConcurrentExecutions,
		UnreservedConcurrentExecutions: s.cfg.ConcurrentExecutions - reserved,
	}
	return limit, usage, nil
}
