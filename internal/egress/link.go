package egress

import (
	"fmt"
	"io"
	"net/netip"
	"sync"

	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/buffer"
	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/link/channel"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
)

// mtu is the outbound interface's MTU, as the sandbox sets it.
const mtu = 1500

// attachment is one sandbox on the stack: a network interface whose
// packets are read from and written to the sandbox's TUN device.
type attachment struct {
	e   *Stack
	sb  Sandbox
	nic tcpip.NICID
	ep  *tunEndpoint

	mu     sync.Mutex
	conns  map[io.Closer]struct{} // relays under way
	closed bool
}

// open adds the interface, accepting packets for any destination
// (promiscuous) and answering from any (spoofing), with the one route back
// to the sandbox, and starts reading the device. e.mu is held.
func (a *attachment) open() error {
	sc, err := a.sb.Link.SyscallConn()
	if err != nil {
		return fmt.Errorf("egress: %w", err)
	}
	a.ep = &tunEndpoint{Endpoint: channel.New(0, mtu, ""), conn: sc}
	s := a.e.ns
	if err := s.CreateNIC(a.nic, a.ep); err != nil {
		return fmt.Errorf("egress: add interface: %s", err)
	}
	if err := s.SetPromiscuousMode(a.nic, true); err != nil {
		s.RemoveNIC(a.nic)
		return fmt.Errorf("egress: %s", err)
	}
	if err := s.SetSpoofing(a.nic, true); err != nil {
		s.RemoveNIC(a.nic)
		return fmt.Errorf("egress: %s", err)
	}
	dst, _ := tcpip.NewSubnet(tcpip.AddrFrom4(a.sb.Addr.As4()), tcpip.MaskFromBytes([]byte{255, 255, 255, 255}))
	s.AddRoute(tcpip.Route{Destination: dst, NIC: a.nic})
	go a.read()
	return nil
}

// read delivers the sandbox's packets to the stack until the link closes.
// Only IPv4 packets from the sandbox's own address get through.
func (a *attachment) read() {
	buf := make([]byte, mtu)
	for {
		n, err := a.sb.Link.Read(buf)
		if err != nil {
			return
		}
		pkt := buf[:n]
		if len(pkt) < header.IPv4MinimumSize || header.IPVersion(pkt) != header.IPv4Version {
			continue
		}
		if src, _ := netip.AddrFromSlice(pkt[12:16]); src != a.sb.Addr {
			continue
		}
		p := stack.NewPacketBuffer(stack.PacketBufferOptions{Payload: buffer.MakeWithData(pkt)})
		a.ep.InjectInbound(ipv4.ProtocolNumber, p)
		p.DecRef()
	}
}

// track registers a relay, which Close ends; false once closed.
func (a *attachment) track(c io.Closer) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return false
	}
	a.conns[c] = struct{}{}
	return true
}

func (a *attachment) untrack(c io.Closer) {
	a.mu.Lock()
	delete(a.conns, c)
	a.mu.Unlock()
}

// Close ends the sandbox's connections, removes its interface and closes
// its link. Detaching from a TUN device waits for an RCU grace period, so
// the link closes in the background.
func (a *attachment) Close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	conns := a.conns
	a.conns = nil
	a.mu.Unlock()
	a.e.mu.Lock()
	delete(a.e.byAddr, a.sb.Addr)
	a.e.mu.Unlock()
	for c := range conns {
		c.Close()
	}
	a.e.ns.RemoveNIC(a.nic)
	go a.sb.Link.Close()
	return nil
}

// tunEndpoint is the stack's side of a sandbox's TUN device: packets the
// stack sends are written to the device at once; those read from it are
// injected by attachment.read.
type tunEndpoint struct {
	*channel.Endpoint
	conn interface {
		Write(func(fd uintptr) bool) error
	}
}

// WritePackets writes each packet to the device. A full device queue
// drops the packet, as a busy link would; TCP sends it again.
func (t *tunEndpoint) WritePackets(pkts stack.PacketBufferList) (int, tcpip.Error) {
	n := 0
	for _, pkt := range pkts.AsSlice() {
		views := pkt.AsSlices()
		err := t.conn.Write(func(fd uintptr) bool {
			_, _ = unix.Writev(int(fd), views)
			return true
		})
		if err != nil {
			return n, &tcpip.ErrClosedForSend{}
		}
		n++
	}
	return n, nil
}
