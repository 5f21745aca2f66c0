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
	dst := netip.AddrPortFrom(netip.AddrFrom4(id.LocalAddress.As4()), id.LocalPort)
	a := e.lookup(netip.AddrFrom4(id.RemoteAddress.As4()))
	if a == nil {
		r.Complete(true)
		return
	}
	if reason, ok := e.decide(a, dst.Addr(), dst.Port()); !ok {
		e.refused(a, "tcp", dst, reason)
		r.Complete(true)
		return
	}
	host, err := e.dial(dst)
	if err != nil {
		r.Complete(true)
		return
	}
	defer host.Close()
	if !a.track(host) { // the sandbox went meanwhile
		r.Complete(true)
		return
	}
	defer a.untrack(host)
	accept(r, a, host)
}

func (e *Stack) dial(dst netip.AddrPort) (*net.TCPConn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), e.cfg.DialTimeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp4", dst.String())
	if err != nil {
		return nil, err
	}
	return conn.(*net.TCPConn), nil
}

// accept completes the sandbox's handshake and relays until the
// connection ends or the sandbox goes.
func accept(r *tcp.ForwarderRequest, a *attachment, host *net.TCPConn) {
	var wq waiter.Queue
	ep, err := r.CreateEndpoint(&wq)
	r.Complete(err != nil)
	if err != nil {
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
