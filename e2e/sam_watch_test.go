package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// TestSAMWatchHotReload: with `virga deploy --watch`, an edit of a
// function's file is what the next invoke runs, about a second later.
func TestSAMWatchHotReload(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	writeApp(t, dir, "v1")
	c, cancel := context.WithCancel(context.Background())
	watch := exec.CommandContext(c, binary, "deploy", "--watch", "--stack", "hot", "--data-dir", s.dataDir,
		"--template", filepath.Join(dir, "template.yaml"))
	watch.Env = withoutAWS()
	var out lockedBuffer
	watch.Stdout, watch.Stderr = &out, &out
	if err := watch.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); watch.Wait() })
	waitFor(t, 30*time.Second, func() bool { return strings.Contains(out.String(), "watching") })
	if got := invokeBody(t, s); !strings.Contains(got, `"v1 `) {
		t.Fatalf("before the edit: %q", got)
	}

	app := filepath.Join(dir, "web", "app.py")
	data, _ := os.ReadFile(app)
	if err := os.WriteFile(app, []byte(strings.Replace(string(data), `"v1 "`, `"v2 "`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	took := waitFor(t, 5*time.Second, func() bool { return strings.Contains(invokeBody(t, s), `"v2 `) })
	t.Logf("the edit ran %s after the save", took)

	event := filepath.Join(dir, "event.json")
	os.WriteFile(event, []byte(`{"from": "file"}`), 0o644)
	printed := s.virga(t, "invoke", "hot-Web", "--event", event)
	if !strings.Contains(printed, `"v2 `) || !strings.Contains(printed, "--- log tail ---") || !strings.Contains(printed, "REPORT RequestId") {
		t.Errorf("virga invoke printed:\n%s", printed)
	}
}

// invokeBody invokes the stack's web function and returns its body.
func invokeBody(t *testing.T, s *server) string {
	t.Helper()
	out, err := s.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("hot-Web")})
	if err != nil {
		t.Fatal(err)
	}
	return string(out.Payload)
}

// lockedBuffer is a buffer a process writes while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
