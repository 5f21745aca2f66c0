// Package testhost makes test hosts for tests of outbound networking: a
// network namespace of the test's own, joined to the host by a veth pair
// on a private /30 of 198.18.0.0/15 (the range set aside for network
// tests), where the test runs servers. Traffic to it never leaves the
// machine. It needs root and iproute2's ip.
package testhost

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
)

// Host is a network namespace with an address of its own.
type Host struct {
	Name string     // of the namespace
	Addr netip.Addr // the test host's address
	Peer netip.Addr // the host's end of the veth pair: an address of the host
}

var seq atomic.Int32

// New makes a test host that the test removes when it ends.
func New(t testing.TB) *Host {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("test hosts need root")
	}
	n := uint32(os.Getpid()*64+int(seq.Add(1))) % 32768 // a /30 of 198.18.0.0/15
	base := uint32(198)<<24 | uint32(18)<<16 + n*4
	h := &Host{Name: fmt.Sprintf("virga-test-%d", n), Peer: addr4(base + 1), Addr: addr4(base + 2)}
	veth := fmt.Sprintf("vt%d", n)
	t.Cleanup(func() { exec.Command("ip", "netns", "del", h.Name).Run() })
	for _, args := range [][]string{
		{"netns", "add", h.Name},
		{"link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", h.Name},
		{"addr", "add", h.Peer.String() + "/30", "dev", veth},
		{"link", "set", veth, "up"},
		{"-n", h.Name, "addr", "add", h.Addr.String() + "/30", "dev", "eth0"},
		{"-n", h.Name, "link", "set", "eth0", "up"},
		{"-n", h.Name, "link", "set", "lo", "up"},
	} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return h
}

func addr4(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// Listen opens a listener inside the test host ("tcp" or "udp" with a
// port, 0 for any), on its address: the socket keeps the namespace it was
// made in, so the test serves it from any goroutine.
func (h *Host) Listen(t testing.TB, network string, port int) (ln net.Listener, pc net.PacketConn) {
	t.Helper()
	addr := netip.AddrPortFrom(h.Addr, uint16(port)).String()
	err := h.inside(func() (err error) {
		if network == "udp" {
			pc, err = net.ListenPacket("udp4", addr)
		} else {
			ln, err = net.Listen("tcp4", addr)
		}
		return err
	})
	if err != nil {
		t.Fatalf("listen in test host: %v", err)
	}
	t.Cleanup(func() {
		if ln != nil {
			ln.Close()
		}
		if pc != nil {
			pc.Close()
		}
	})
	return ln, pc
}

// inside runs f on a thread that has joined the test host's namespace.
func (h *Host) inside(f func() error) error {
	ns, err := unix.Open("/run/netns/"+h.Name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(ns)
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
		if err := unix.Setns(ns, unix.CLONE_NEWNET); err != nil {
			done <- err
			return
		}
		done <- f()
	}()
	return <-done
}
