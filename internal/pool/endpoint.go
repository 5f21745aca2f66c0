package pool

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// APIAddr is where Virga's own endpoint listens inside every sandbox, as
// it does on the host by default: functions reach every service Virga
// serves there, signing with their role's credentials.
const APIAddr = "127.0.0.1:9000"

// endpoint is the server of Virga's endpoint in the sandboxes: one for all
// of them, serving each sandbox's listener.
func endpoint(h http.Handler) *http.Server {
	if h == nil {
		return nil
	}
	return &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second, IdleTimeout: time.Minute}
}

// serveEndpoint opens a listener at APIAddr inside the environment's
// network namespace and serves Virga's endpoint on it, from this process:
// nothing opens on the host.
func (p *Pool) serveEndpoint(env *Env) error {
	if p.endpoint == nil {
		return nil
	}
	ln, err := env.sb.Listen(APIAddr)
	if err != nil {
		return fmt.Errorf("endpoint listener: %w", err)
	}
	env.endpointLn = ln
	go func() { _ = p.endpoint.Serve(ln) }()
	return nil
}

// platformEnv is what the platform adds to a function's environment:
// its role's credentials and, when Virga serves its endpoint inside the
// sandbox, AWS_ENDPOINT_URL.
func (p *Pool) platformEnv(ctx context.Context, env *Env) map[string]string {
	vars := p.credentials(ctx, env)
	if p.endpoint == nil {
		return vars
	}
	if vars == nil {
		vars = map[string]string{}
	}
	vars["AWS_ENDPOINT_URL"] = "http://" + APIAddr
	return vars
}
