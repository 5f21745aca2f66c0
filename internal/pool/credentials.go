package pool

import (
	"context"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
)

// RoleCredentials are an environment's temporary credentials for its
// function's execution role.
type RoleCredentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
	Expiration                                 time.Time
}

// Credentials issues the credentials of a function's execution role.
type Credentials interface {
	ForFunction(ctx context.Context, cfg lambda.FunctionConfiguration, lifetime time.Duration) (RoleCredentials, error)
}

// retireMargin is how long before its credentials expire, beyond its
// function's timeout, an environment stops taking invocations: one that
// starts may then finish before they expire.
const retireMargin = time.Minute

// credentials fetches the environment's credentials; without them (no
// issuer, or a role Lambda cannot assume) the function runs with none, and
// the SDK's default chain says so.
func (p *Pool) credentials(ctx context.Context, env *Env) map[string]string {
	if p.cfg.Credentials == nil {
		return nil
	}
	c, err := p.cfg.Credentials.ForFunction(ctx, env.cfg, p.cfg.CredentialsLifetime)
	if err != nil {
		p.log.WarnContext(ctx, "environment starts without credentials", "function", env.cfg.FunctionName, "role", env.cfg.Role, "err", err)
		return nil
	}
	env.credsExpire = c.Expiration
	return map[string]string{
		"AWS_ACCESS_KEY_ID":     c.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY": c.SecretAccessKey,
		"AWS_SESSION_TOKEN":     c.SessionToken,
	}
}

// expiring reports whether the environment's credentials may run out
// before an invocation that starts at now could end.
func (e *Env) expiring(now time.Time) bool {
	if e.credsExpire.IsZero() {
		return false
	}
	timeout := time.Duration(e.cfg.Timeout) * time.Second
	return !now.Add(timeout + retireMargin).Before(e.credsExpire)
}
