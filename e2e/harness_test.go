// Package e2e builds the real virga binary, starts `virga server` in fresh
// data directories and drives it with real clients.
package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/virga-dev/virga/internal/testnats"
	"golang.org/x/sys/unix"
)

// binary is the virga binary built once for the whole run.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "virga-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "virga")
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race") // the server's races fail the test that finds them
	}
	build := exec.Command("go", append(args, "../cmd/virga")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build virga:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one running `virga server`.
type server struct {
	t        *testing.T
	dataDir  string
	cmd      *exec.Cmd
	endpoint string
	inherit  []*os.File // descriptors the server inherits, from 3 on
	admin    struct{ AccountID, AccessKeyID, SecretAccessKey string }
	logs     *testnats.LogBuffer
}

// startServer starts virga in a new data directory.
func startServer(t *testing.T, extra ...string) *server {
	t.Helper()
	s := &server{t: t, dataDir: dataDir(t)}
	s.start(extra...)
	t.Cleanup(s.stop)
	return s
}

// dataDir is a new data directory that is removed when the test ends,
// after whatever a server killed in it left mounted there (a pre-started
// sandbox's attach points) is unmounted.
func dataDir(t *testing.T) string {
	dir := t.TempDir()
	t.Cleanup(func() { unmountUnder(dir) })
	return dir
}

// unmountUnder detaches every mount below dir, deepest first.
func unmountUnder(dir string) {
	info, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return
	}
	var points []string
	for _, line := range strings.Split(string(info), "\n") {
		if f := strings.Fields(line); len(f) > 4 && strings.HasPrefix(f[4], dir+"/") {
			points = append(points, f[4])
		}
	}
	slices.SortFunc(points, func(a, b string) int { return len(b) - len(a) })
	for _, p := range points {
		_ = unix.Unmount(p, unix.MNT_DETACH)
	}
}

func (s *server) start(extra ...string) {
	s.t.Helper()
	os.Remove(filepath.Join(s.dataDir, "server.json"))
	args := append([]string{"server", "--listen", "127.0.0.1:0", "--data-dir", s.dataDir}, extra...)
	s.cmd = exec.Command(binary, args...)
	s.cmd.ExtraFiles = s.inherit
	s.logs = new(testnats.LogBuffer)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.waitReady()
}

func (s *server) waitReady() {
	s.t.Helper()
	deadline := time.Now().Add(90 * time.Second) // a loaded CI machine starts slowly
	for time.Now().Before(deadline) {
		var rec struct{ Endpoint string }
		if data, err := os.ReadFile(filepath.Join(s.dataDir, "server.json")); err == nil && json.Unmarshal(data, &rec) == nil {
			if resp, err := http.Get(rec.Endpoint + "/_virga/health"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					s.endpoint = rec.Endpoint
					s.loadAdmin()
					return
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("server did not become ready; log:\n%s", s.logs)
}

func (s *server) loadAdmin() {
	data, err := os.ReadFile(filepath.Join(s.dataDir, "admin.json"))
	if err != nil {
		s.t.Fatal(err)
	}
	if err := json.Unmarshal(data, &s.admin); err != nil {
		s.t.Fatal(err)
	}
}

// stop ends the server gracefully.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
		s.t.Errorf("server did not stop on SIGTERM; log:\n%s", s.logs)
	}
	if strings.Contains(s.logs.String(), "WARNING: DATA RACE") {
		s.t.Error("the server has a data race")
	}
	if s.t.Failed() {
		s.t.Logf("server log:\n%s", s.logs)
	}
	s.cmd = nil
}

// kill ends the server with SIGKILL, as a crash would.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

func (s *server) awsConfig() aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(s.admin.AccessKeyID, s.admin.SecretAccessKey, ""),
		BaseEndpoint:     aws.String(s.endpoint),
		RetryMaxAttempts: 1,
	}
}

func (s *server) lambda() *lambda.Client { return lambda.NewFromConfig(s.awsConfig()) }

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// zipOf builds a zip with the given files; bootstrap files and those in
// extensions/ and bin/ are executable.
func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		h.SetMode(0o644)
		if filepath.Base(name) == "bootstrap" || strings.HasPrefix(name, "extensions/") || strings.HasPrefix(name, "bin/") {
			h.SetMode(0o755)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const role = "arn:aws:iam::123456789012:role/lambda-role"
