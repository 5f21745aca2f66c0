package egress

import (
	"net/netip"
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/virga-dev/virga/internal/network"
)

// BenchmarkAttach times what a cold start with outbound network adds on
// its path: attaching a sandbox's link to the stack (its interface, route
// and reader). A datagram socket pair stands in for the TUN device.
func BenchmarkAttach(b *testing.B) {
	e := New(Config{})
	if err := e.Start(); err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	var i uint32
	for b.Loop() {
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			b.Fatal(err)
		}
		i++
		a, err := e.Attach(Sandbox{Link: os.NewFile(uintptr(fds[0]), "link"), Addr: netip.AddrFrom4([4]byte{169, 254, byte(1 + i/254%250), byte(1 + i%254)}), Policy: network.Policy{}})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		a.Close()
		unix.Close(fds[1])
		b.StartTimer()
	}
}
