package server

import (
	"context"
	"fmt"

	"github.com/virga-dev/virga/internal/api"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/functionurl"
	"github.com/virga-dev/virga/internal/store"
)

// functionURLs indexes the function URLs, keeps the index fresh from the
// store's change feeds of URLs and policies, and returns the site that
// serves them by host name and by Virga's path form.
func functionURLs(ctx context.Context, cfg Config, st *store.Store, ctl *control.Service, account string, public publicAddress,
	invoker functionurl.Invoker, auth functionurl.Verifier) (api.Site, error) {
	index := functionurl.NewIndex(ctl, cfg.Logger)
	for _, name := range []string{"urls", "policies"} {
		b, err := st.Bucket(ctx, name)
		if err != nil {
			return api.Site{}, err
		}
		if err := b.Watch(ctx, index.Changed); err != nil {
			return api.Site{}, fmt.Errorf("watch %s: %w", name, err)
		}
	}
	if err := index.Load(ctx); err != nil {
		return api.Site{}, err
	}
	site := functionurl.New(functionurl.Config{Account: account, Domain: public.urlDomain(cfg.Region), Logger: cfg.Logger}, index, invoker, auth)
	return api.Site{Host: site.HostSuffix(), Path: functionurl.PathPrefix, Handler: site}, nil
}
