package egress

import (
	"context"
	"io"
	"net"
	"net/netip"
	"sync"

	"gvisor.dev/gvisor/pkg/tcpip/adapters/gonet"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/waiter"
)

// forwardTCP decides a connection a sandbox opens (its SYN): refused with
// a reset, or dialled from the host first, so that the function sees the
// destination's own refusal, and then accepted and relayed. It runs in a
// goroutine of its own.
func (e *Stack) forwardTCP(r *tcp.ForwarderRequest) {
	id := r.ID()
	src := netip.AddrFrom4(id.RemoteAddress.As4())
	dst := netip.AddrPortFrom(netip.AddrFrom4(id.LocalAddress.As4()), id.LocalPort)
	a := e.lookup(src)
	println("forward", src.String(), dst.String(), a != nil)
	if a == nil {
		r.Complete(true)
		return
	}
	if reason, ok := e.decide(a, dst.Addr(), dst.Port()); !ok {
		e.refused(a, "tcp", dst, reason)
		r.Complete(true)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), e.cfg.DialTimeout)
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp4", dst.String())
	cancel()
	if err != nil {
		r.Complete(true)
		return
	}
	host := conn.(*net.TCPConn)
	defer host.Close()
	if !a.track(host) { // the sandbox went meanwhile
		r.Complete(true)
		return
	}
	defer a.untrack(host)
	var wq waiter.Queue
	ep, terr := r.CreateEndpoint(&wq)
	r.Complete(terr != nil)
	if terr != nil {
		return
	}
	inner := gonet.NewTCPConn(&wq, ep)
	defer inner.Close()
	if !a.track(inner) {
		return
	}
	defer a.untrack(inner)
	relay(inner, host)
}

type halfCloser interface {
	io.ReadWriteCloser
	CloseWrite() error
}

// relay copies both ways, passing each end of stream on, until both
// directions end; an error in either breaks both connections.
func relay(inner, host halfCloser) {
	broken := func() {
		inner.Close()
		host.Close()
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		pipe(host, inner, broken)
	}()
	pipe(inner, host, broken)
	wg.Wait()
}

// pipe copies src to dst, then passes the end of src on.
func pipe(dst, src halfCloser, broken func()) {
	if _, err := io.Copy(dst, src); err != nil {
		broken()
		return
	}
	dst.CloseWrite()
}
