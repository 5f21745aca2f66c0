package pool

// Resize changes how many environments the target of key keeps, keeping
// those it has up to n; it reports false when there is no such target.
func (p *Pool) Resize(key string, n int) bool {
	p.mu.Lock()
	t := p.targets[key]
	if t == nil {
		p.mu.Unlock()
		return false
	}
	t.n = n
	idle := p.shed(t)
	p.mu.Unlock()
	for _, e := range idle {
		p.destroy(e)
	}
	wake(t)
	return true
}

// shed lets go of the environments t keeps beyond its n, idle ones first,
// and returns the idle ones for destruction; busy ones finish their
// invocation as ordinary environments. p.mu must be held.
func (p *Pool) shed(t *target) (idle []*Env) {
	for _, busyToo := range []bool{false, true} {
		for e := range t.envs {
			if len(t.envs) <= t.n {
				return idle
			}
			wasIdle := p.removeIdle(e)
			if !wasIdle && !busyToo {
				continue
			}
			if wasIdle {
				idle = append(idle, e)
			}
			e.target = nil
			delete(t.envs, e)
		}
	}
	return idle
}
