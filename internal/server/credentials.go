package server

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/pool"
	"github.com/virga-dev/virga/internal/sts"
)

// functionCredentials issues each environment the credentials of its
// function's execution role, through STS.
type functionCredentials struct {
	sessions *sts.Service
	account  string
}

func (f functionCredentials) ForFunction(ctx context.Context, cfg lambda.FunctionConfiguration, lifetime time.Duration) (pool.RoleCredentials, error) {
	c, err := f.sessions.ForFunction(ctx, f.account, cfg.Role, cfg.FunctionName, lifetime)
	if err != nil {
		return pool.RoleCredentials{}, err
	}
	return pool.RoleCredentials{AccessKeyID: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expiration}, nil
}

// lambdaRoles tells the control plane whether Lambda may assume a role of
// the administrator's account: it exists and trusts lambda.amazonaws.com.
type lambdaRoles struct{ sessions *sts.Service }

func (l lambdaRoles) RoleExists(ctx context.Context, roleARN string) (bool, error) {
	return l.sessions.Assumable(ctx, roleARN)
}

// frontDoor is the front door's handler, which the pool serves inside every
// sandbox: the pool is built before the front door (whose Lambda API
// invokes through it), so the handler is set once the front door exists.
// Until then a sandbox's calls are answered 503.
type frontDoor struct{ h atomic.Pointer[http.Handler] }

// Set hands the front door's handler over.
func (d *frontDoor) Set(h http.Handler) { d.h.Store(&h) }

func (d *frontDoor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := d.h.Load()
	if h == nil {
		http.Error(w, "Virga is starting", http.StatusServiceUnavailable)
		return
	}
	(*h).ServeHTTP(w, r)
}
