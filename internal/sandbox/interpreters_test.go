//go:build linux

package sandbox

import (
	"os"
	"testing"
)

// TestInterpreters checks that the runtimes Virga launches find what they
// need in a sandbox: shared libraries, CA certificates, /dev/shm, the time
// zone, the user database.
func TestInterpreters(t *testing.T) {
	m := newTestManager(t)
	t.Run("Node", func(t *testing.T) {
		if _, err := os.Stat("/usr/bin/node"); err != nil {
			t.Skip("no node")
		}
		spec := shell(t, "")
		spec.Argv = []string{"/usr/bin/node", "-e", `const os = require("os"), tls = require("tls");
console.log(os.userInfo().username, tls.rootCertificates.length > 0, os.cpus().length > 0, require("fs").readdirSync("/var/task").join())`}
		out, st := runShell(t, m, spec)
		if out != "sbx_user1051 true true hello.txt\n" {
			t.Fatalf("node: %q, %s", out, st)
		}
	})
	t.Run("Python", func(t *testing.T) {
		if _, err := os.Stat(pythonPrefix); err != nil {
			t.Skip("no python at", pythonPrefix)
		}
		spec := shell(t, "")
		spec.ReadOnlyPaths = []string{pythonPrefix}
		spec.Argv = []string{pythonPrefix + "/bin/python3.11", "-c", `import ssl, pwd, os, multiprocessing, time
ctx = ssl.create_default_context()
q = multiprocessing.Queue(); q.put(1)
print(len(ctx.get_ca_certs()) > 0 or os.path.exists(ssl.get_default_verify_paths().openssl_cafile), pwd.getpwuid(os.getuid()).pw_name, q.get(), time.tzname[0] != "")`}
		out, st := runShell(t, m, spec)
		if out != "True sbx_user1051 1 True\n" {
			t.Fatalf("python: %q, %s", out, st)
		}
	})
}
