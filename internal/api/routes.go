package api

import (
	"net/http"
	"strings"
)

// Handler returns the router with every route in one table.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	// action is the operation's name in IAM ("lambda:" + action), which
	// authorize decides on; "" leaves it to the protocol served at "/".
	routes := []struct {
		pattern string
		action  string
		h       handler
	}{
		{"POST /2015-03-31/functions", "CreateFunction", s.createFunction},
		{"GET /2015-03-31/functions", "ListFunctions", s.listFunctions},
		{"GET /2015-03-31/functions/{name}", "GetFunction", s.getFunction},
		{"DELETE /2015-03-31/functions/{name}", "DeleteFunction", s.deleteFunction},
		{"GET /2015-03-31/functions/{name}/configuration", "GetFunctionConfiguration", s.getFunctionConfiguration},
		{"PUT /2015-03-31/functions/{name}/configuration", "UpdateFunctionConfiguration", s.updateFunctionConfiguration},
		{"PUT /2015-03-31/functions/{name}/code", "UpdateFunctionCode", s.updateFunctionCode},
		{"POST /2015-03-31/functions/{name}/invocations", "InvokeFunction", s.invoke},
		{"POST /2015-03-31/functions/{name}/versions", "PublishVersion", s.publishVersion},
		{"GET /2015-03-31/functions/{name}/versions", "ListVersionsByFunction", s.listVersionsByFunction},
		{"POST /2015-03-31/functions/{name}/aliases", "CreateAlias", s.createAlias},
		{"GET /2015-03-31/functions/{name}/aliases", "ListAliases", s.listAliases},
		{"GET /2015-03-31/functions/{name}/aliases/{alias}", "GetAlias", s.getAlias},
		{"PUT /2015-03-31/functions/{name}/aliases/{alias}", "UpdateAlias", s.updateAlias},
		{"DELETE /2015-03-31/functions/{name}/aliases/{alias}", "DeleteAlias", s.deleteAlias},
		{"PUT /2017-10-31/functions/{name}/concurrency", "PutFunctionConcurrency", s.putFunctionConcurrency},
		{"GET /2019-09-30/functions/{name}/concurrency", "GetFunctionConcurrency", s.getFunctionConcurrency},
		{"DELETE /2017-10-31/functions/{name}/concurrency", "DeleteFunctionConcurrency", s.deleteFunctionConcurrency},
		{"PUT /2019-09-30/functions/{name}/provisioned-concurrency", "PutProvisionedConcurrencyConfig", s.putProvisionedConcurrency},
		{"GET /2019-09-30/functions/{name}/provisioned-concurrency", "GetProvisionedConcurrencyConfig", s.getProvisionedConcurrency},
		{"DELETE /2019-09-30/functions/{name}/provisioned-concurrency", "DeleteProvisionedConcurrencyConfig", s.deleteProvisionedConcurrency},
		{"PUT /2019-09-25/functions/{name}/event-invoke-config", "PutFunctionEventInvokeConfig", s.putEventInvokeConfig},
		{"POST /2019-09-25/functions/{name}/event-invoke-config", "UpdateFunctionEventInvokeConfig", s.updateEventInvokeConfig},
		{"GET /2019-09-25/functions/{name}/event-invoke-config", "GetFunctionEventInvokeConfig", s.getEventInvokeConfig},
		{"DELETE /2019-09-25/functions/{name}/event-invoke-config", "DeleteFunctionEventInvokeConfig", s.deleteEventInvokeConfig},
		{"GET /2019-09-25/functions/{name}/event-invoke-config/list", "ListFunctionEventInvokeConfigs", s.listEventInvokeConfigs},
		{"POST /2015-03-31/functions/{name}/policy", "AddPermission", s.addPermission},
		{"GET /2015-03-31/functions/{name}/policy", "GetPolicy", s.getPolicy},
		{"DELETE /2015-03-31/functions/{name}/policy/{sid}", "RemovePermission", s.removePermission},
		{"GET /2018-10-31/layers", "ListLayers", s.listLayers},
		{"POST /2018-10-31/layers/{layer}/versions", "PublishLayerVersion", s.publishLayerVersion},
		{"GET /2018-10-31/layers/{layer}/versions", "ListLayerVersions", s.listLayerVersions},
		{"GET /2018-10-31/layers/{layer}/versions/{version}", "GetLayerVersion", s.getLayerVersion},
		{"DELETE /2018-10-31/layers/{layer}/versions/{version}", "DeleteLayerVersion", s.deleteLayerVersion},
		{"POST /2018-10-31/layers/{layer}/versions/{version}/policy", "AddLayerVersionPermission", s.addLayerVersionPermission},
		{"GET /2018-10-31/layers/{layer}/versions/{version}/policy", "GetLayerVersionPolicy", s.getLayerVersionPolicy},
		{"DELETE /2018-10-31/layers/{layer}/versions/{version}/policy/{sid}", "RemoveLayerVersionPermission", s.removeLayerVersionPermission},
		{"GET /2020-06-30/functions/{name}/code-signing-config", "GetFunctionCodeSigningConfig", s.getFunctionCodeSigningConfig},
		{"GET /2021-07-20/functions/{name}/runtime-management-config", "GetRuntimeManagementConfig", s.getRuntimeManagementConfig},
		{"GET /2024-08-31/functions/{name}/recursion-config", "GetFunctionRecursionConfig", s.getFunctionRecursionConfig},
		{"GET /2016-08-19/account-settings", "GetAccountSettings", s.getAccountSettings},
		{"GET /2017-03-31/tags/{arn}", "ListTags", s.listTags},
		{"POST /2017-03-31/tags/{arn}", "TagResource", s.tagResource},
		{"DELETE /2017-03-31/tags/{arn}", "UntagResource", s.untagResource},
		{"POST /{$}", "", s.root},
	}
	for _, rt := range routes {
		mux.Handle(rt.pattern, s.signed(rt.action, rt.h))
	}
	mux.HandleFunc("GET /_virga/health", s.health)
	if s.cfg.Metrics != nil {
		mux.Handle("GET /metrics", s.cfg.Metrics)
	}
	mux.Handle("GET /_virga/code/{blob}", s.signed("GetFunction", s.downloadCode))
	mux.Handle("GET /_virga/usage", s.signed("GetUsage", s.usage))
	mux.Handle("/", s.signed("", s.unknownOperation))
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
