//go:build linux

package sandbox

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"
)

// linkScript shows the sandbox's routes, then sends one UDP datagram to an
// address no host has: only the server's end of the link ever sees it.
const linkScript = `cat /proc/net/route; echo hi > /dev/udp/198.18.0.9/9 && echo sent`

func newLinkManager(t *testing.T, spares int) *Manager {
	t.Helper()
	needRoot(t)
	m, err := NewManager(Config{CgroupRoot: fmt.Sprintf("virga-test-link-%d-%d", os.Getpid(), ids.Add(1)), StateDir: t.TempDir(), Spares: spares, Network: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if len(m.Limits()) > 0 && m.addrs == nil {
		t.Fatalf("no outbound interfaces: %v", m.Limits())
	}
	return m
}

func TestLink(t *testing.T) {
	t.Run("New", func(t *testing.T) { checkLink(t, newLinkManager(t, 0)) })
	t.Run("FromSpare", func(t *testing.T) {
		m := newLinkManager(t, 1)
		runShell(t, m, shell(t, `true`)) // starts the spare
		waitSpares(t, m, 1)
		checkLink(t, m)
	})
	t.Run("NotAsked", func(t *testing.T) {
		spec := shell(t, linkScript)
		spec.Argv[0] = "/bin/bash"
		out, _ := runShell(t, newLinkManager(t, 0), spec)
		if strings.Contains(out, "eth0") || strings.Contains(out, "sent") {
			t.Errorf("a sandbox without network has a route out:\n%s", out)
		}
	})
	t.Run("SpareWithoutNetwork", func(t *testing.T) {
		m := newLinkManager(t, 1)
		runShell(t, m, shell(t, `true`))
		waitSpares(t, m, 1)
		r, w, _ := os.Pipe()
		defer r.Close()
		spec := shell(t, linkScript)
		spec.Argv[0] = "/bin/bash"
		spec.Stdout, spec.Stderr = w, w
		s, _ := start(t, m, spec)
		w.Close()
		if _, ok := s.TakeLink(); ok {
			t.Error("a sandbox without network hands over a link")
		}
		await(t, s)
		out, _ := io.ReadAll(r)
		if strings.Contains(string(out), "00000000\t") || !strings.Contains(string(out), "unreachable") {
			t.Errorf("a claimed spare without network still routes out:\n%s", out)
		}
	})
	t.Run("AddressesDiffer", func(t *testing.T) {
		m := newLinkManager(t, 0)
		a, b := createLinked(t, m), createLinked(t, m)
		if a.Addr == b.Addr || !netip.MustParsePrefix("169.254.0.0/16").Contains(a.Addr) {
			t.Errorf("addresses %s and %s", a.Addr, b.Addr)
		}
	})
}

// checkLink runs linkScript with a link and reads its datagram there.
func checkLink(t *testing.T, m *Manager) {
	r, w, _ := os.Pipe()
	defer r.Close()
	spec := shell(t, linkScript)
	spec.Argv[0] = "/bin/bash"
	spec.Network = true
	spec.Stdout, spec.Stderr = w, w
	s, err := m.Create(context.Background(), spec)
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Destroy()
	link, ok := s.TakeLink()
	if !ok {
		t.Fatal("no link")
	}
	defer link.File.Close()
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	link.File.SetReadDeadline(time.Now().Add(20 * time.Second))
	pkt := make([]byte, 2048)
	n, err := link.File.Read(pkt)
	if err != nil {
		t.Fatalf("read the link: %v", err)
	}
	pkt = pkt[:n]
	src, _ := netip.AddrFromSlice(pkt[12:16])
	dst, _ := netip.AddrFromSlice(pkt[16:20])
	if pkt[0]>>4 != 4 || pkt[9] != 17 || src != link.Addr || dst != netip.MustParseAddr("198.18.0.9") {
		t.Errorf("packet %x: want UDP from %s to 198.18.0.9", pkt[:20], link.Addr)
	}
	await(t, s)
	out, _ := io.ReadAll(r)
	if !strings.Contains(string(out), "eth0\t00000000\t") || !strings.Contains(string(out), "sent") {
		t.Errorf("routes and result:\n%s", out)
	}
}

func createLinked(t *testing.T, m *Manager) Link {
	spec := shell(t, `true`)
	spec.Network = true
	s, err := m.Create(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Destroy() })
	link, ok := s.TakeLink()
	if !ok {
		t.Fatal("no link")
	}
	t.Cleanup(func() { link.File.Close() })
	return link
}
