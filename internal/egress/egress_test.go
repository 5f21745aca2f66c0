package egress

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/network"
	"github.com/virga-dev/virga/internal/sandbox"
	"github.com/virga-dev/virga/internal/testhost"
)

// TestMain lets the test binary serve as the sandbox init.
func TestMain(m *testing.M) {
	if sandbox.IsInit() {
		sandbox.RunInit()
	}
	os.Exit(m.Run())
}

// fixture is a running Stack, a sandbox manager with outbound
// interfaces, and a test host with a TCP echo server.
type fixture struct {
	e    *Stack
	m    *sandbox.Manager
	host *testhost.Host
	echo string // the echo server's address
}

func newFixture(t *testing.T) *fixture {
	host := testhost.New(t)
	ln, _ := host.Listen(t, "tcp", 0)
	go serveEcho(ln)
	e := New(Config{DialTimeout: 5 * time.Second})
	if err := e.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	m, err := sandbox.NewManager(sandbox.Config{CgroupRoot: fmt.Sprintf("virga-egress-test-%d", os.Getpid()), StateDir: t.TempDir(), Network: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return &fixture{e: e, m: m, host: host, echo: ln.Addr().String()}
}

func serveEcho(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			io.Copy(c, c)
			c.Close()
		}()
	}
}

// sandbox makes a sandbox (its init waiting, which is enough to dial from
// its network namespace) attached with policy.
func (f *fixture) sandbox(t *testing.T, policy string) (*sandbox.Sandbox, io.Closer) {
	p, err := network.Parse(policy)
	if err != nil {
		t.Fatal(err)
	}
	code := t.TempDir()
	os.Chmod(code, 0o755)
	s, err := f.m.Create(context.Background(), sandbox.Spec{ID: fmt.Sprintf("egress-%d", time.Now().UnixNano()), CodeDir: code, MemoryMB: 128, Argv: []string{"/bin/true"}, Network: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Destroy() })
	link, ok := s.TakeLink()
	if !ok {
		t.Fatalf("no link: %v", f.m.Limits())
	}
	att, err := f.e.Attach(Sandbox{Link: link.File, Addr: link.Addr, Policy: p, Function: t.Name()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { att.Close() })
	return s, att
}

// roundTrip sends a line over conn, half-closes, and reads the echo.
func roundTrip(conn net.Conn) (string, error) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte("ping\n")); err != nil {
		return "", err
	}
	conn.(interface{ CloseWrite() error }).CloseWrite()
	b, err := io.ReadAll(bufio.NewReader(conn))
	return string(b), err
}

func TestEgress(t *testing.T) {
	f := newFixture(t)
	_, port, _ := net.SplitHostPort(f.echo)

	t.Run("Default", func(t *testing.T) {
		s, _ := f.sandbox(t, "default")
		conn, err := s.Dial(f.echo)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := roundTrip(conn); got != "ping\n" || err != nil {
			t.Errorf("echo: %q %v", got, err)
		}
	})
	t.Run("AllowListNamesPort", func(t *testing.T) {
		s, _ := f.sandbox(t, f.host.Addr.String()+"/32:"+port)
		conn, err := s.Dial(f.echo)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := roundTrip(conn); got != "ping\n" || err != nil {
			t.Errorf("echo: %q %v", got, err)
		}
	})
	t.Run("AllowListOmitsPort", func(t *testing.T) {
		s, _ := f.sandbox(t, f.host.Addr.String()+"/32:1-"+fmt.Sprint(mustAtoi(port)-1))
		refused(t, s, f.echo)
	})
	t.Run("HostAddress", func(t *testing.T) {
		ln, err := net.Listen("tcp4", f.host.Peer.String()+":0") // the host's own end of the veth
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go serveEcho(ln)
		s, _ := f.sandbox(t, "default")
		refused(t, s, ln.Addr().String())
	})
	t.Run("Metadata", func(t *testing.T) {
		s, _ := f.sandbox(t, "default")
		refused(t, s, "169.254.169.254:80")
	})
	t.Run("DetachEndsConnections", func(t *testing.T) {
		ln, _ := f.host.Listen(t, "tcp", 0)
		ended := make(chan struct{})
		go func() {
			if c, err := ln.Accept(); err == nil {
				io.Copy(io.Discard, c) // until the relay closes its end
				close(ended)
			}
		}()
		s, att := f.sandbox(t, "default")
		conn, err := s.Dial(ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		att.Close()
		select {
		case <-ended:
		case <-time.After(5 * time.Second):
			t.Error("the host's connection outlived the sandbox's attachment")
		}
	})
}

// refused checks that dialling addr from s is refused at once.
func refused(t *testing.T, s *sandbox.Sandbox, addr string) {
	t.Helper()
	t0 := time.Now()
	conn, err := s.Dial(addr)
	if err == nil {
		conn.Close()
		t.Fatalf("reached %s", addr)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) || time.Since(t0) > 3*time.Second {
		t.Errorf("dial %s: %v after %v, want connection refused at once", addr, err, time.Since(t0))
	}
}

func mustAtoi(s string) int {
	var n int
	fmt.Sscan(strings.TrimSpace(s), &n)
	return n
}
