//go:build linux

package sandbox

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestIsolation(t *testing.T) {
	m := newTestManager(t)

	t.Run("EnvAndWorkingDir", func(t *testing.T) {
		out, st := runShell(t, m, shell(t, `echo "$FOO"; pwd; cat hello.txt`))
		if want := "bar\n/var/task\nhello\n"; out != want || st.String() != "exit status 0" {
			t.Fatalf("got %q, %s; want %q", out, st, want)
		}
	})

	t.Run("ReadOnlyRoot", func(t *testing.T) {
		script := `for f in /var/task/x /x /etc/x /usr/x /opt/x /var/runtime/x /dev/x; do touch $f 2>/dev/null && echo wrote $f; done; ` +
			`echo ok > /tmp/x && cat /tmp/x; echo ok > /dev/shm/x && cat /dev/shm/x; echo discard > /dev/null && echo null`
		out, _ := runShell(t, m, shell(t, script))
		if out != "ok\nok\nnull\n" {
			t.Fatalf("got %q", out)
		}
	})

	t.Run("Identity", func(t *testing.T) {
		out, _ := runShell(t, m, shell(t, `id -u; id -g; id -G; grep -E '^(CapEff|CapPrm|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status; hostname`))
		want := "993\n990\n990\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n" +
			"CapAmb:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\nsandbox\n"
		if out != want {
			t.Fatalf("got\n%s\nwant\n%s", out, want)
		}
	})

	t.Run("OwnProcessesOnly", func(t *testing.T) {
		out, _ := runShell(t, m, shell(t, `sleep 30 & echo /proc/[0-9]*; ps -e -o pid= | wc -l`))
		// sh is PID 1; sleep, ps and wc are its children.
		if fields := strings.Fields(out); len(fields) != 3 || fields[0] != "/proc/1" || fields[2] != "4" {
			t.Fatalf("got %q", out)
		}
	})

	t.Run("HostPathsHidden", func(t *testing.T) {
		data, err := os.MkdirTemp("/", "virga-data-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(data) })
		secret := filepath.Join(data, "secret")
		if err := os.WriteFile(secret, []byte("s3cret"), 0o644); err != nil {
			t.Fatal(err)
		}
		script := `cat ` + secret + ` 2>/dev/null; ls -A ` + filepath.Dir(m.cfg.StateDir) + ` 2>/dev/null; ls -A / /var | tr '\n' ' '`
		out, _ := runShell(t, m, shell(t, script))
		if want := "bin dev etc lib lib64 opt proc sbin tmp usr var  /var: runtime task "; !strings.HasSuffix(out, want) || strings.Contains(out, "s3cret") {
			t.Fatalf("got %q, want only %q", out, want)
		}
	})

	t.Run("TmpIsPrivate", func(t *testing.T) {
		a, aout := start(t, m, shell(t, `echo mine > /tmp/a-file; echo ready; sleep 30`))
		waitOutput(t, aout, "ready")
		out, _ := runShell(t, m, shell(t, `ls -A /tmp; echo end`))
		if out != "end\n" {
			t.Fatalf("second sandbox sees %q in /tmp", out)
		}
		_ = a.Destroy()
	})

	t.Run("LoopbackOnly", func(t *testing.T) {
		out, _ := runShell(t, m, shell(t, `tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; cat /proc/net/route | wc -l`))
		if out != "lo\n1\n" {
			t.Fatalf("interfaces and route lines: %q", out)
		}
	})

	t.Run("SeccompRefusesNamespaces", func(t *testing.T) {
		out, _ := runShell(t, m, shell(t, `unshare -U -r true 2>&1; echo rc=$?`))
		if !strings.Contains(out, "Operation not permitted") || !strings.HasSuffix(out, "rc=1\n") {
			t.Fatalf("got %q", out)
		}
	})

	t.Run("EtcFiles", func(t *testing.T) {
		out, _ := runShell(t, m, shell(t, `ls -A /etc | tr '\n' ' '; getent passwd 993; getent hosts sandbox`))
		for _, want := range []string{"passwd", "group", "hosts", "resolv.conf", "ld.so.cache", "nsswitch.conf", "ssl", "sbx_user1051:x:993:990::/tmp:/sbin/nologin", "127.0.0.1"} {
			if !strings.Contains(out, want) {
				t.Errorf("/etc lacks %q: %q", want, out)
			}
		}
	})
}

func TestReadOnlyPaths(t *testing.T) {
	needRoot(t)
	if _, err := os.Stat(pythonPrefix); err != nil {
		t.Skip("no python at", pythonPrefix)
	}
	m := newTestManager(t)
	spec := shell(t, ``)
	spec.ReadOnlyPaths = []string{pythonPrefix}
	spec.Argv = []string{pythonPrefix + "/bin/python3.11", "-c", `import ssl, json, os; open("/tmp/x", "w").write("ok"); print(json.dumps(os.getcwd()), ssl.OPENSSL_VERSION != "")`}
	out, st := runShell(t, m, spec)
	if out != "\"/var/task\" True\n" {
		t.Fatalf("python in sandbox: %q, %s", out, st)
	}
	out, _ = runShell(t, m, shell(t, `ls /root 2>&1; test -e `+pythonPrefix+` || echo absent`))
	if !strings.Contains(out, "No such file") || !strings.Contains(out, "absent") {
		t.Fatalf("without ReadOnlyPaths: %q", out)
	}
}

func TestExitStatus(t *testing.T) {
	m := newTestManager(t)
	for script, want := range map[string]string{`exit 0`: "exit status 0", `exit 3`: "exit status 3"} {
		_, st := runShell(t, m, shell(t, script))
		if st.String() != want || st.OOMKilled {
			t.Errorf("%s: got %s (oom %v), want %s", script, st, st.OOMKilled, want)
		}
	}
	// The program is PID 1 of its namespace: the kernel drops signals it
	// sends itself unless it handles them, as for any namespace init.
	out, st := runShell(t, m, shell(t, `kill -KILL $$; echo survived`))
	if out != "survived\n" || st.String() != "exit status 0" {
		t.Errorf("self-kill: %q, %s", out, st)
	}
}

func TestStartFailure(t *testing.T) {
	m := newTestManager(t)
	for _, argv := range [][]string{{"/var/task/bootstrap"}, {"no-such-program"}, {"/var/task/hello.txt"}} {
		spec := shell(t, "")
		spec.Argv = argv
		s, err := m.Create(t.Context(), spec)
		if err != nil {
			t.Fatal(err)
		}
		err = s.Start()
		if err == nil || !slices.ContainsFunc([]string{"no such file", "permission denied"}, func(w string) bool { return strings.Contains(err.Error(), w) }) {
			t.Errorf("%v: Start = %v", argv, err)
		}
		await(t, s)
		if err := s.Destroy(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCreateFailure(t *testing.T) {
	m := newTestManager(t)
	spec := shell(t, "")
	spec.CodeDir = "/no/such/dir"
	if _, err := m.Create(t.Context(), spec); err == nil || !strings.Contains(err.Error(), "/var/task") {
		t.Fatalf("Create with a missing code dir: %v", err)
	}
	spec = shell(t, "")
	spec.ReadOnlyPaths = []string{"/var"}
	if _, err := m.Create(t.Context(), spec); err == nil {
		t.Fatal("Create accepted a read-only path over /var/task")
	}
	assertNoSandboxes(t, m)
}
