//go:build linux

package sandbox

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Dial connects to a TCP address ("127.0.0.1:4243") inside the sandbox's
// network namespace, for deliveries to servers a function runs (the
// Telemetry API). The socket is made on a thread that joins the namespace
// only for that system call, which needs the server to be root.
func (s *Sandbox) Dial(addr string) (net.Conn, error) {
	sa, fd, f, err := s.socketFor(addr)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A blocking connect on loopback finishes or is refused at once.
	if err := unix.Connect(fd, sa); err != nil {
		return nil, fmt.Errorf("dial %s in sandbox: %w", addr, err)
	}
	return net.FileConn(f)
}

// listenOutside makes a listening socket in the sandbox's network
// namespace from the server, without the init (a pre-started sandbox's is
// gone).
func (s *Sandbox) listenOutside(addr string) (net.Listener, error) {
	sa, fd, f, err := s.socketFor(addr)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		return nil, err
	}
	if err := unix.Bind(fd, sa); err != nil {
		return nil, fmt.Errorf("listen on %s in sandbox: %w", addr, err)
	}
	if err := unix.Listen(fd, unix.SOMAXCONN); err != nil {
		return nil, fmt.Errorf("listen on %s in sandbox: %w", addr, err)
	}
	return net.FileListener(f)
}

// socketFor makes a TCP socket for addr in the sandbox's network
// namespace; the caller closes the file, which owns the descriptor.
func (s *Sandbox) socketFor(addr string) (*unix.SockaddrInet4, int, *os.File, error) {
	sa, err := netip4(addr)
	if err != nil {
		return nil, -1, nil, err
	}
	fd, err := s.socketInside()
	if err != nil {
		return nil, -1, nil, err
	}
	return sa, fd, os.NewFile(uintptr(fd), "sandbox-socket"), nil
}

// socketInside makes a TCP socket in the sandbox's network
// namespace.
func (s *Sandbox) socketInside() (int, error) {
	pid := s.cmd.Process.Pid
	target, err := unix.Open("/proc/"+strconv.Itoa(pid)+"/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("sandbox network namespace: %w", err)
	}
	defer unix.Close(target)
	runtime.LockOSThread()
	home, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		runtime.UnlockOSThread()
		return -1, err
	}
	defer unix.Close(home)
	if err := unix.Setns(target, unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return -1, fmt.Errorf("join sandbox network namespace: %w", err)
	}
	fd, sockErr := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err := unix.Setns(home, unix.CLONE_NEWNET); err != nil {
		// The thread stays locked, so the runtime retires it rather than
		// reusing a thread in the wrong namespace.
		if sockErr == nil {
			unix.Close(fd)
		}
		return -1, fmt.Errorf("leave sandbox network namespace: %w", err)
	}
	runtime.UnlockOSThread()
	return fd, sockErr
}

func netip4(addr string) (*unix.SockaddrInet4, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	p, err := strconv.Atoi(port)
	if err != nil || p <= 0 || p > 65535 {
		return nil, fmt.Errorf("bad port in %q", addr)
	}
	ip := net.ParseIP(host).To4()
	if ip == nil {
		return nil, fmt.Errorf("%q is not an IPv4 address", host)
	}
	sa := &unix.SockaddrInet4{Port: p}
	copy(sa.Addr[:], ip)
	return sa, nil
}

// Running reports whether a process of the sandbox has path among its
// arguments (an extension started by a shell, or by itself). Without
// cgroups it cannot tell and reports true.
func (s *Sandbox) Running(path string) bool {
	s.mu.Lock()
	cg := s.cg
	s.mu.Unlock()
	if cg == nil {
		return true
	}
	for _, pid := range cg.procs() {
		cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
		if err != nil {
			continue
		}
		for _, arg := range strings.Split(string(cmdline), "\x00") {
			if arg == path {
				return true
			}
		}
	}
	return false
}
