package concurrency

// Peers counts what the other servers of a cluster run, as they last
// said: invocations of functions without a reservation, and of one
// function. Admission adds them to this server's own counts, so the limits
// hold for the cluster, over-admitting at most what the others admitted
// since they last said (see docs/cluster.md).
type Peers interface {
	Running(function string) (shared, ofFunction int)
}

// SetPeers makes the limits the cluster's; call it before the first
// Acquire.
func (l *Limiter) SetPeers(p Peers) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.peers = p
}

func (l *Limiter) peerRunning(function string) (shared, ofFunction int) {
	if l.peers == nil {
		return 0, 0
	}
	return l.peers.Running(function)
}

// Counts are this server's running invocations, as it tells its peers.
type Counts struct {
	Shared     int            `json:"shared"`
	ByFunction map[string]int `json:"byFunction,omitempty"`
}

// Counts reports the invocations running here now.
func (l *Limiter) Counts() Counts {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := Counts{Shared: l.shared, ByFunction: make(map[string]int, len(l.running))}
	for fn, n := range l.running {
		c.ByFunction[fn] = n
	}
	return c
}
