package pool

import (
	"fmt"

	"github.com/virga-dev/virga/internal/egress"
)

// attach connects a new environment's outbound interface, when it asked
// for one, to the egress with its function's network setting. A host that
// cannot make the interface (see sandbox.Manager.Limits) leaves the
// function with loopback only.
func (p *Pool) attach(env *Env, wanted bool) error {
	if !wanted {
		return nil
	}
	link, ok := env.sb.TakeLink()
	if !ok {
		return nil
	}
	closer, err := p.cfg.Egress.Attach(egress.Sandbox{Link: link.File, Addr: link.Addr, Policy: env.network, Function: env.cfg.FunctionName})
	if err != nil {
		link.File.Close()
		return fmt.Errorf("attach sandbox network: %w", err)
	}
	env.link = closer
	return nil
}
