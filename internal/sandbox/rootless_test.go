//go:build linux

package sandbox

import (
	"os"
	"strings"
	"testing"
)

// TestRootless runs a sandbox in a user namespace. It runs only without
// root, e.g.: go test -c -o /tmp/sb.test && setpriv --reuid=65534
// --regid=65534 --clear-groups /tmp/sb.test -test.run Rootless
func TestRootless(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("runs without root only")
	}
	m, err := NewManager(Config{StateDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if !m.userns || m.cgroups != nil || len(m.Limits()) == 0 {
		t.Fatalf("rootless manager: userns %v, cgroups %v, limits %q", m.userns, m.cgroups != nil, m.Limits())
	}
	t.Log("unenforced:", m.Limits())
	spec := shell(t, `id -u; id -g; echo /proc/[0-9]*; grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status; `+
		`touch /var/task/x 2>/dev/null || echo ro; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; `+
		`exec 3<>/dev/tcp/127.0.0.1/9001; echo ping >&3; read reply <&3; echo "$reply"`)
	spec.Argv[0] = "/bin/bash"
	s, err := m.Create(t.Context(), withBuffer(&spec))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Destroy()
	ln, err := s.Listen("127.0.0.1:9001")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go echoOnce(ln)
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	await(t, s)
	want := "993\n990\n/proc/1\nCapEff:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\nro\nlo\npong: ping\n"
	if out := spec.Stdout.(*buffer).String(); out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	if err := s.Destroy(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(readString("/proc/self/mountinfo"), m.cfg.StateDir) {
		t.Error("a sandbox mount is visible")
	}
}

// TestRootlessLink checks what a sandbox in a user namespace gets when it
// asks for network: an outbound interface where /dev/net/tun is open to
// every user, else loopback only and a limit that says why.
func TestRootlessLink(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("runs without root only")
	}
	m, err := NewManager(Config{StateDir: t.TempDir(), Network: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	spec := shell(t, `tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '`)
	spec.Network = true
	s, err := m.Create(t.Context(), withBuffer(&spec))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Destroy()
	link, linked := s.TakeLink()
	if linked {
		defer link.File.Close()
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	await(t, s)
	out := spec.Stdout.(*buffer).String()
	limited := strings.Contains(strings.Join(m.Limits(), "\n"), "outbound network")
	t.Logf("linked %v, interfaces %q, limits %q", linked, out, m.Limits())
	switch {
	case linked && (limited || out != "lo\neth0\n" && out != "eth0\nlo\n"):
		t.Errorf("with a link: interfaces %q, limits %q", out, m.Limits())
	case !linked && (!limited || out != "lo\n"):
		t.Errorf("without a link: interfaces %q, limits %q", out, m.Limits())
	}
}
