package egress

import (
	"errors"
	"net"
	"net/netip"
	"sync/atomic"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip/adapters/gonet"
	"gvisor.dev/gvisor/pkg/tcpip/transport/udp"
	"gvisor.dev/gvisor/pkg/waiter"
)

// forwardUDP decides the first datagram of a flow a sandbox sends. It runs
// on the stack's packet path, so it only accepts or refuses (the stack
// then answers port unreachable); the flow is relayed in a goroutine.
func (e *Stack) forwardUDP(r *udp.ForwarderRequest) bool {
	id := r.ID()
	src := netip.AddrFrom4(id.RemoteAddress.As4())
	dst := netip.AddrPortFrom(netip.AddrFrom4(id.LocalAddress.As4()), id.LocalPort)
	a := e.lookup(src)
	if a == nil {
		return false
	}
	if reason, ok := e.decide(a, dst.Addr(), dst.Port()); !ok {
		e.refused(a, "udp", dst, reason)
		return false
	}
	var wq waiter.Queue
	ep, err := r.CreateEndpoint(&wq)
	if err != nil {
		return true // another flow holds the same addresses: drop
	}
	go e.relayUDP(a, gonet.NewUDPConn(&wq, ep), dst)
	return true
}

// relayUDP opens the flow from the host and copies datagrams both ways
// until it has been idle for Config.UDPIdle or the sandbox goes.
func (e *Stack) relayUDP(a *attachment, inner *gonet.UDPConn, dst netip.AddrPort) {
	host, err := net.DialUDP("udp4", nil, net.UDPAddrFromAddrPort(dst))
	if err != nil {
		inner.Close()
		return
	}
	defer host.Close()
	defer inner.Close()
	if !a.track(host) {
		return
	}
	defer a.untrack(host)
	f := &flow{idle: e.cfg.UDPIdle}
	f.touch()
	done := make(chan struct{})
	go func() {
		f.copy(host, inner)
		close(done)
	}()
	f.copy(inner, host)
	inner.Close()
	host.Close()
	<-done
}

type datagramConn interface {
	Read([]byte) (int, error)
	Write([]byte) (int, error)
	SetReadDeadline(time.Time) error
}

// flow is one UDP flow's activity: it ends once neither direction carried
// a datagram for idle.
type flow struct {
	idle time.Duration
	last atomic.Int64 // unix nanoseconds of the last datagram
}

func (f *flow) touch() { f.last.Store(time.Now().UnixNano()) }

// copy copies one datagram at a time from src to dst until the flow is
// idle or either side fails.
func (f *flow) copy(dst, src datagramConn) {
	buf := make([]byte, 64<<10)
	for {
		src.SetReadDeadline(time.Unix(0, f.last.Load()).Add(f.idle))
		n, err := src.Read(buf)
		if timedOut(err) && time.Since(time.Unix(0, f.last.Load())) < f.idle {
			continue // the other direction was busy
		}
		if err != nil {
			return
		}
		f.touch()
		if _, err := dst.Write(buf[:n]); err != nil {
			return
		}
	}
}

func timedOut(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
