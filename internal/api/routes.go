package api

import (
	"net/http"
	"strings"
)

// Handler returns the router with every route in one table.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	routes := []struct {
		pattern string
		h       handler
	}{
		{"POST /2015-03-31/functions", s.createFunction},
		{"GET /2015-03-31/functions", s.listFunctions},
		{"GET /2015-03-31/functions/{name}", s.getFunction},
		{"DELETE /2015-03-31/functions/{name}", s.deleteFunction},
		{"GET /2015-03-31/functions/{name}/configuration", s.getFunctionConfiguration},
		{"PUT /2015-03-31/functions/{name}/configuration", s.updateFunctionConfiguration},
		{"PUT /2015-03-31/functions/{name}/code", s.updateFunctionCode},
		{"POST /2015-03-31/functions/{name}/invocations", s.invoke},
		{"POST /2015-03-31/functions/{name}/versions", s.publishVersion},
		{"GET /2015-03-31/functions/{name}/versions", s.listVersionsByFunction},
		{"POST /2015-03-31/functions/{name}/aliases", s.createAlias},
		{"GET /2015-03-31/functions/{name}/aliases", s.listAliases},
		{"GET /2015-03-31/functions/{name}/aliases/{alias}", s.getAlias},
		{"PUT /2015-03-31/functions/{name}/aliases/{alias}", s.updateAlias},
		{"DELETE /2015-03-31/functions/{name}/aliases/{alias}", s.deleteAlias},
		{"PUT /2017-10-31/functions/{name}/concurrency", s.putFunctionConcurrency},
		{"GET /2019-09-30/functions/{name}/concurrency", s.getFunctionConcurrency},
		{"DELETE /2017-10-31/functions/{name}/concurrency", s.deleteFunctionConcurrency},
		{"PUT /2019-09-30/functions/{name}/provisioned-concurrency", s.putProvisionedConcurrency},
		{"GET /2019-09-30/functions/{name}/provisioned-concurrency", s.getProvisionedConcurrency},
		{"DELETE /2019-09-30/functions/{name}/provisioned-concurrency", s.deleteProvisionedConcurrency},
		{"PUT /2019-09-25/functions/{name}/event-invoke-config", s.putEventInvokeConfig},
		{"POST /2019-09-25/functions/{name}/event-invoke-config", s.updateEventInvokeConfig},
		{"GET /2019-09-25/functions/{name}/event-invoke-config", s.getEventInvokeConfig},
		{"DELETE /2019-09-25/functions/{name}/event-invoke-config", s.deleteEventInvokeConfig},
		{"GET /2019-09-25/functions/{name}/event-invoke-config/list", s.listEventInvokeConfigs},
		{"GET /2016-08-19/account-settings", s.getAccountSettings},
		{"GET /2017-03-31/tags/{arn}", s.listTags},
		{"POST /2017-03-31/tags/{arn}", s.tagResource},
		{"DELETE /2017-03-31/tags/{arn}", s.untagResource},
		{"POST /{$}", s.root},
	}
	for _, rt := range routes {
		mux.Handle(rt.pattern, s.signed(rt.h))
	}
	mux.HandleFunc("GET /_virga/health", s.health)
	if s.cfg.Metrics != nil {
		mux.Handle("GET /metrics", s.cfg.Metrics)
	}
	mux.Handle("GET /_virga/code/{blob}", s.signed(s.downloadCode))
	mux.Handle("GET /_virga/usage", s.signed(s.usage))
	mux.Handle("/", s.signed(s.unknownOperation))
	return trimSlash(mux)
}

// trimSlash routes "/2015-03-31/functions/" like "/2015-03-31/functions":
// older botocore models (Debian's aws CLI v2) end some paths with a slash.
// Signatures are checked against the request as sent, so nothing else changes.
func trimSlash(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
			r.URL.Path = strings.TrimSuffix(p, "/")
			r.URL.RawPath = strings.TrimSuffix(r.URL.RawPath, "/")
		}
		next.ServeHTTP(w, r)
	})
}
