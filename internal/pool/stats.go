package pool

// Stats counts the environments of one function version.
type Stats struct {
	Function, Version string
	// Busy run an invocation, Idle wait warm, Provisioned wait initialized
	// for provisioned concurrency, Starting are still initializing.
	Busy, Idle, Provisioned, Starting int
	// ProvisionedTarget is the provisioned concurrency being kept and
	// ProvisionedBusy how many of its environments run an invocation.
	ProvisionedTarget, ProvisionedBusy int
	// MemoryMB is the memory its environments reserve.
	MemoryMB int
}

// Stats counts the environments of every function version.
func (p *Pool) Stats() []Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	idle := map[*Env]bool{}
	for _, list := range p.idle {
		for _, e := range list {
			idle[e] = true
		}
	}
	byVersion := map[string]*Stats{}
	get := func(function, version string) *Stats {
		k := function + ":" + version
		if byVersion[k] == nil {
			byVersion[k] = &Stats{Function: function, Version: version}
		}
		return byVersion[k]
	}
	for e := range p.all {
		st := get(e.cfg.FunctionName, e.cfg.Version)
		st.MemoryMB += e.cfg.MemorySize
		_, busy := p.busy[e]
		switch {
		case busy && e.target != nil:
			st.Busy++
			st.ProvisionedBusy++
		case busy:
			st.Busy++
		case idle[e] && e.target != nil:
			st.Provisioned++
		case idle[e]:
			st.Idle++
		default:
			st.Starting++
		}
	}
	for _, t := range p.targets {
		get(t.fn.Config.FunctionName, t.fn.Config.Version).ProvisionedTarget += t.n
	}
	out := make([]Stats, 0, len(byVersion))
	for _, st := range byVersion {
		out = append(out, *st)
	}
	return out
}
