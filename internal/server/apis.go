package server

import (
	"context"

	"github.com/virga-dev/virga/internal/apigw"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/invoke"
	"github.com/virga-dev/virga/internal/store"
)

// httpAPIs opens the HTTP APIs' bucket; their invoke URLs are spelled with
// the server's public address, as function URLs are.
func httpAPIs(ctx context.Context, cfg Config, st *store.Store, account string, public publicAddress,
	invoker *invoke.Invoker, ctl *control.Service) (*apigw.Server, error) {
	bucket, err := st.Bucket(ctx, "apis")
	if err != nil {
		return nil, err
	}
	return apigw.New(apigw.Config{Region: cfg.Region, Account: account, Scheme: public.scheme, Domain: public.apiDomain(),
		Port: public.port, Logger: cfg.Logger}, bucket, invoker, ctl), nil
}
