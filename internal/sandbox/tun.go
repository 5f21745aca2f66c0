//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"

	"golang.org/x/sys/unix"
)

// A sandbox's outbound interface is a TUN device, eth0, in its network
// namespace: its own IPv4 address as a /32 and a default route through it.
// The init makes it and passes its descriptor to the server, which reads
// and writes the sandbox's packets (package egress). Nothing of it exists
// in the host's network namespace.

// linkName is the outbound interface's name inside every sandbox.
const linkName = "eth0"

// linkMTU is the outbound interface's MTU.
const linkMTU = 1500

// linkUp makes the outbound interface with address addr and returns the
// TUN device's descriptor (non-blocking, close-on-exec).
func linkUp(addr string) (int, error) {
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is4() {
		return -1, fmt.Errorf("sandbox link address %q is not IPv4", addr)
	}
	fd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("open /dev/net/tun: %w", err)
	}
	if err := configureLink(fd, a); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("sandbox link: %w", err)
	}
	return fd, nil
}

func configureLink(tun int, a netip.Addr) error {
	ifr, err := unix.NewIfreq(linkName)
	if err != nil {
		return err
	}
	ifr.SetUint16(unix.IFF_TUN | unix.IFF_NO_PI)
	if err := unix.IoctlIfreq(tun, unix.TUNSETIFF, ifr); err != nil {
		return fmt.Errorf("TUNSETIFF: %w", err)
	}
	// A persistent device outlives the server's descriptor and goes with
	// the namespace, in the kernel's batched clean-up of dead namespaces:
	// closing the descriptor of a device that is not persistent removes
	// it on the spot, which waits tens of milliseconds for RCU.
	if err := unix.IoctlSetInt(tun, unix.TUNSETPERSIST, 1); err != nil {
		return fmt.Errorf("TUNSETPERSIST: %w", err)
	}
	if err := noIPv6(); err != nil {
		return err
	}
	s, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(s)
	addr, mask := a.As4(), [4]byte{255, 255, 255, 255}
	if err := setInet4(s, unix.SIOCSIFADDR, addr[:]); err != nil {
		return fmt.Errorf("set address: %w", err)
	}
	if err := setInet4(s, unix.SIOCSIFNETMASK, mask[:]); err != nil {
		return fmt.Errorf("set netmask: %w", err)
	}
	if err := setUp(s, linkName); err != nil {
		return err
	}
	index, err := ifIndex(s, linkName)
	if err != nil {
		return err
	}
	return defaultRoute(unix.RTM_NEWROUTE, index)
}

func setInet4(s int, req uint, v []byte) error {
	ifr, err := unix.NewIfreq(linkName)
	if err != nil {
		return err
	}
	if err := ifr.SetInet4Addr(v); err != nil {
		return err
	}
	return unix.IoctlIfreq(s, req, ifr)
}

// setUp brings interface name up.
func setUp(s int, name string) error {
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(s, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("bring %s up: %w", name, err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(s, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("bring %s up: %w", name, err)
	}
	return nil
}

func ifIndex(s int, name string) (uint32, error) {
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return 0, err
	}
	if err := unix.IoctlIfreq(s, unix.SIOCGIFINDEX, ifr); err != nil {
		return 0, fmt.Errorf("index of %s: %w", name, err)
	}
	return ifr.Uint32(), nil
}

// linkDown removes the outbound interface's default route, for a spare
// claimed by a sandbox without outbound network: nothing but loopback and
// its own address is reachable, and once the server closes its end the
// device has no carrier either (it goes with the namespace).
func linkDown() error {
	s, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(s)
	index, err := ifIndex(s, linkName)
	if err != nil {
		return err
	}
	return defaultRoute(unix.RTM_DELROUTE, index)
}

// noIPv6 keeps IPv6 off the outbound interface, which carries IPv4 only (as
// Lambda's network outside a VPC): no link-local address, no router
// solicitations. A kernel without IPv6 has nothing to turn off.
func noIPv6() error {
	err := os.WriteFile("/proc/sys/net/ipv6/conf/"+linkName+"/disable_ipv6", []byte("1"), 0)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("disable IPv6 on %s: %w", linkName, err)
	}
	return nil
}
