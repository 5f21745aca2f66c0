package server

import (
	"context"

	"github.com/virga-dev/virga/internal/invoke"
	"github.com/virga-dev/virga/internal/stepfunctions"
	"github.com/virga-dev/virga/internal/store"
)

// openWorkflows opens Step Functions' buckets and history stream; its
// executor runs under the "stepfunctions" lease. Tasks reach queues,
// topics and buses through their delivery targets.
func openWorkflows(ctx context.Context, cfg Config, account string, st *store.Store, invoker *invoke.Invoker,
	targets map[string]stepfunctions.Target) (*stepfunctions.Server, error) {
	var b stepfunctions.Buckets
	for name, to := range map[string]**store.Bucket{
		"sfnmachines": &b.Machines, "sfnexecutions": &b.Executions, "sfnopen": &b.Open, "sfntokens": &b.Tokens,
	} {
		bucket, err := st.Bucket(ctx, name)
		if err != nil {
			return nil, err
		}
		*to = bucket
	}
	sfn, err := stepfunctions.Open(ctx, stepfunctions.Config{Region: cfg.Region, Account: account, Logger: cfg.Logger},
		st.JetStream(), b, invoker, targets)
	if err != nil {
		return nil, err
	}
	return sfn, sfn.Start(ctx)
}
