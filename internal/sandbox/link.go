//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"net/netip"
	"os"

	"golang.org/x/sys/unix"
)

// Link is a sandbox's outbound interface as the server holds it: the TUN
// device that carries the sandbox's IPv4 packets, and the sandbox's
// address on it. Whoever takes it reads and writes packets on File and
// closes it before the sandbox is destroyed (the device itself goes with
// the sandbox's network namespace).
type Link struct {
	File *os.File
	Addr netip.Addr
}

// TakeLink hands over the sandbox's outbound interface, if it has one and
// nobody took it yet.
func (s *Sandbox) TakeLink() (Link, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.link == nil || s.destroyed {
		return Link{}, false
	}
	l := Link{File: s.link, Addr: s.addr}
	s.link = nil
	return l, true
}

// keepLink records the outbound interface the init sent. Its descriptor
// is non-blocking, so the File goes through the runtime's poller.
func (s *Sandbox) keepLink(f *os.File) error {
	if f == nil && s.addr.IsValid() {
		return errors.New("sandbox init made no outbound interface")
	}
	s.mu.Lock()
	s.link = f
	s.mu.Unlock()
	return nil
}

// dropLink closes the outbound interface if nobody took it. Detaching from
// a TUN device waits for an RCU grace period, so it happens in the
// background.
func (s *Sandbox) dropLink() {
	s.mu.Lock()
	f := s.link
	s.link = nil
	s.mu.Unlock()
	if f != nil {
		go f.Close()
	}
}

// Addresses of outbound interfaces come from the link-local range, which a
// function can never reach anyway, so they shadow no real destination:
// 169.254.X.Y with X and Y in 1-254, X not 169 (the metadata address).
// They exist only inside each sandbox and in the server's packet handling.
type addrPool struct {
	used map[netip.Addr]struct{}
	next int
}

const addrCount = 253 * 254

func newAddrPool() *addrPool { return &addrPool{used: map[netip.Addr]struct{}{}} }

// take returns a free address; the Manager's mutex must be held.
func (p *addrPool) take() (netip.Addr, error) {
	for range addrCount {
		a := nthAddr(p.next)
		p.next = (p.next + 1) % addrCount
		if _, ok := p.used[a]; !ok {
			p.used[a] = struct{}{}
			return a, nil
		}
	}
	return netip.Addr{}, errors.New("no sandbox link address left")
}

func (p *addrPool) release(a netip.Addr) { delete(p.used, a) }

func nthAddr(i int) netip.Addr {
	x := 1 + i/254
	if x >= 169 {
		x++
	}
	return netip.AddrFrom4([4]byte{169, 254, byte(x), byte(1 + i%254)})
}

// openLinks readies the addresses of outbound interfaces when
// Config.Network asks for them and this host can make TUN devices: as
// root always, without root where /dev/net/tun is open to every user (the
// init then makes the device in a network namespace its user namespace
// owns).
func (m *Manager) openLinks() {
	if !m.cfg.Network {
		return
	}
	fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		m.linkErr = fmt.Errorf("open /dev/net/tun: %w", err)
		return
	}
	unix.Close(fd)
	m.addrs = newAddrPool()
}

// takeAddr reserves an outbound interface's address, or returns an invalid
// one when sandboxes get none.
func (m *Manager) takeAddr() (netip.Addr, error) {
	if m.addrs == nil {
		return netip.Addr{}, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.addrs.take()
}

func (m *Manager) releaseAddr(a netip.Addr) {
	if !a.IsValid() {
		return
	}
	m.mu.Lock()
	m.addrs.release(a)
	m.mu.Unlock()
}
