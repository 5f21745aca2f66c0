package runtimes

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// catalogue has the host's python3 and node, resolved once. VIRGA_TEST_PYTHON
// and VIRGA_TEST_NODE name other interpreters to test the clients with.
var catalogue = sync.OnceValue(func() *Catalogue {
	return NewCatalogue(context.Background(), CatalogueConfig{
		Python: os.Getenv("VIRGA_TEST_PYTHON"), Node: os.Getenv("VIRGA_TEST_NODE"), Region: "us-east-1",
	})
})

// runtimeDir is a directory holding the installed clients, as /var/runtime.
var runtimeDir = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "virga-runtime-")
	if err != nil {
		return "", err
	}
	return dir, catalogue().InstallClients(context.Background(), dir)
})

func TestMain(m *testing.M) {
	code := m.Run()
	if dir, err := runtimeDir(); err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// spec describes a function to run under a client.
type spec struct {
	handler  string
	files    map[string]string // task root contents
	env      []string          // extra KEY=value
	python   string            // another Python interpreter to use
	prestart bool              // start as in a pre-started sandbox, then claim
}

// client is a runtime client process talking to a fakeAPI (or to another
// Runtime API, then fakeAPI is nil).
type client struct {
	*fakeAPI
	cmd     *exec.Cmd
	out     *syncBuffer
	started time.Time
	exited  chan struct{}
	waitErr error // set when exited closes
	task    string
}

func interpreter(t testing.TB, lang string) *Interpreter {
	t.Helper()
	in := map[string]*Interpreter{"python": catalogue().python, "node": catalogue().node}[lang]
	if in == nil {
		t.Skipf("no %s interpreter on this host", lang)
	}
	return in
}

// sandboxEnv is the environment of a client, before the function's own.
func sandboxEnv(api, handler, task, runtimeDir string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"LANG=en_US.UTF-8",
		"TZ=:UTC",
		"_HANDLER=" + handler,
		"LAMBDA_TASK_ROOT=" + task,
		"LAMBDA_RUNTIME_DIR=" + runtimeDir,
		"AWS_LAMBDA_RUNTIME_API=" + api,
		"AWS_LAMBDA_FUNCTION_NAME=fn",
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128",
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/fn",
		"AWS_LAMBDA_LOG_STREAM_NAME=2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef",
		"AWS_REGION=us-east-1",
	}
}

// startClient runs the lang ("python" or "node") client for s against a new
// fakeAPI.
func startClient(t testing.TB, lang string, s spec) *client {
	t.Helper()
	interpreter(t, lang) // skip before serving
	api := newFakeAPI(t)
	c := startProcess(t, lang, s, api.addr)
	c.fakeAPI = api
	return c
}

// startProcess runs the lang client for s against the Runtime API at addr.
func startProcess(t testing.TB, lang string, s spec, addr string) *client {
	t.Helper()
	in := interpreter(t, lang)
	rt, err := runtimeDir()
	if err != nil {
		t.Fatal(err)
	}
	task := t.TempDir()
	for name, content := range s.files {
		path := filepath.Join(task, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The argv of the catalogue's Launch, with the runtime directory moved.
	argv := nodeArgv(in)
	if lang == "python" {
		if s.python != "" {
			in = &Interpreter{Path: s.python}
		}
		argv = pythonArgv(in)
	}
	argv[len(argv)-1] = strings.Replace(argv[len(argv)-1], "/var/runtime", rt, 1)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = task
	cmd.Env = append(sandboxEnv(addr, s.handler, task, rt), s.env...)
	if s.prestart {
		prestarted(t, cmd)
	}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	c := &client{cmd: cmd, out: out, exited: make(chan struct{}), task: task}
	c.started = time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-c.exited
		if t.Failed() {
			t.Logf("client output:\n%s", out)
		}
	})
	return c
}

// exitCode waits for the client to exit.
func (c *client) exitCode(t *testing.T) int {
	t.Helper()
	select {
	case <-c.exited:
	case <-time.After(15 * time.Second):
		t.Fatal("runtime client did not exit")
	}
	var ee *exec.ExitError
	if errors.As(c.waitErr, &ee) {
		return ee.ExitCode()
	}
	return c.cmd.ProcessState.ExitCode()
}

// output waits until the client's output contains want, and returns it.
func (c *client) output(t *testing.T, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out := c.out.String()
		if strings.Contains(out, want) {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// lines returns the output lines that contain marker.
func (c *client) lines(marker string) []string {
	var found []string
	for _, l := range strings.Split(c.out.String(), "\n") {
		if strings.Contains(l, marker) {
			found = append(found, l)
		}
	}
	return found
}

// TestLargePayloads sends an event too big for the server's buffer, which it
// then sends chunked, and expects it back.
func TestLargePayloads(t *testing.T) {
	for lang, s := range map[string]spec{
		"python": {handler: "h.handler", files: map[string]string{"h.py": "def handler(e, c):\n    return e\n"}},
		"node":   {handler: "index.handler", files: map[string]string{"index.js": "exports.handler = async (e) => e;"}},
	} {
		t.Run(lang, func(t *testing.T) {
			c := startClient(t, lang, s)
			event := `{"data":"` + strings.Repeat("x", 3<<20) + `"}`
			for range 2 {
				p := c.invoke(t, event)
				if p.kind != "response" || strings.ReplaceAll(string(p.body), " ", "") != event {
					t.Fatalf("got %s of %d bytes, want the %d-byte event", p.kind, len(p.body), len(event))
				}
			}
		})
	}
}
