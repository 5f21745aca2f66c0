// Package bench measures a real Virga server against baselines measured in
// the same run. Run it with `go test -bench . ./bench` (as root, for the
// sandboxes); results and method are in docs/performance.md.
package bench

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

var binary string

func TestMain(m *testing.M) {
	if bootstrap := os.Getenv(brokerEnv); bootstrap != "" {
		n, _ := strconv.Atoi(os.Getenv("BENCH_BROKER_RUNTIMES"))
		if err := runBroker(bootstrap, max(n, 1)); err != nil {
			fmt.Fprintln(os.Stderr, "broker:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "virga-bench-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "virga")
	if out, err := exec.Command("go", "build", "-o", binary, "../cmd/virga").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build virga: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a running `virga server` in a fresh data directory.
type server struct {
	dataDir, endpoint string
	cmd               *exec.Cmd
	creds             aws.Credentials
	client            *http.Client
}

func startServer(b testing.TB, extra ...string) *server {
	b.Helper()
	return startBinary(b, binary, extra...)
}

// startBinary starts a server of another build of Virga.
func startBinary(b testing.TB, binary string, extra ...string) *server {
	b.Helper()
	s := &server{dataDir: b.TempDir(), client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}}
	args := append([]string{"server", "--listen", "127.0.0.1:0", "--data-dir", s.dataDir}, extra...)
	args = append(args, strings.Fields(os.Getenv("BENCH_FLAGS"))...) // e.g. --debug-listen for profiles
	s.cmd = exec.Command(binary, args...)
	logPath := filepath.Join(s.dataDir, "server.log") // read when it does not start
	if os.Getenv("BENCH_SERVER_LOG") != "" {
		logPath = os.Getenv("BENCH_SERVER_LOG")
	}
	f, _ := os.Create(logPath)
	s.cmd.Stderr = f
	if err := s.cmd.Start(); err != nil {
		b.Fatal(err)
	}
	f.Close() // the server has its own copy
	b.Cleanup(func() { s.cmd.Process.Signal(os.Interrupt); s.cmd.Wait() })
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var rec struct{ Endpoint string }
		var admin struct{ AccessKeyID, SecretAccessKey string }
		data, err1 := os.ReadFile(filepath.Join(s.dataDir, "server.json"))
		keys, err2 := os.ReadFile(filepath.Join(s.dataDir, "admin.json"))
		if err1 != nil || err2 != nil || json.Unmarshal(data, &rec) != nil || json.Unmarshal(keys, &admin) != nil {
			continue
		}
		if resp, err := http.Get(rec.Endpoint + "/_virga/health"); err == nil {
			resp.Body.Close()
			s.endpoint, s.creds = rec.Endpoint, aws.Credentials{AccessKeyID: admin.AccessKeyID, SecretAccessKey: admin.SecretAccessKey}
			return s
		}
	}
	log, _ := os.ReadFile(logPath)
	b.Fatalf("server did not start; log:\n%s", log)
	return nil
}

func (s *server) lambda() *lambda.Client {
	return lambda.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(s.endpoint),
		Credentials: credentials.StaticCredentialsProvider{Value: s.creds}})
}

// create makes a function from files and waits until it is Active.
func (s *server) create(b testing.TB, name, runtime, handler string, files map[string][]byte) {
	b.Helper()
	c := s.lambda()
	ctx := context.Background()
	_, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String(name), Runtime: types.Runtime(runtime),
		Role: aws.String("arn:aws:iam::123456789012:role/bench"), Handler: aws.String(handler),
		Code: &types.FunctionCode{ZipFile: zipOf(b, files)}, MemorySize: aws.Int32(benchMemory()), Timeout: aws.Int32(120)})
	if err != nil {
		b.Fatal(err)
	}
	w := lambda.NewFunctionActiveV2Waiter(c, func(o *lambda.FunctionActiveV2WaiterOptions) { o.MinDelay = 20 * time.Millisecond })
	if err := w.Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(name)}, time.Minute); err != nil {
		b.Fatal(err)
	}
}

// invoke sends one signed Invoke request.
func (s *server) invoke(name, invocationType string, payload []byte) (int, error) {
	req, err := http.NewRequest("POST", s.endpoint+"/2015-03-31/functions/"+name+"/invocations", bytes.NewReader(payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("X-Amz-Invocation-Type", invocationType)
	sum := sha256.Sum256(payload)
	if err := v4.NewSigner().SignHTTP(context.Background(), s.creds, req, hex.EncodeToString(sum[:]), "lambda", "us-east-1", time.Now()); err != nil {
		return 0, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func zipOf(b testing.TB, files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		h.SetMode(0o644)
		if name == "bootstrap" {
			h.SetMode(0o755)
		}
		w, _ := zw.CreateHeader(h)
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// goEcho builds the aws-lambda-go echo function used by the benchmarks.
func goEcho(b testing.TB) []byte {
	b.Helper()
	out := filepath.Join(b.TempDir(), "bootstrap")
	build := exec.Command("go", "build", "-o", out, "../e2e/functions/goecho")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build goecho: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// benchMemory is the memory size of the benchmarks' functions: 128 MB, or
// BENCH_MEMORY_MB (a function's CPU weight follows its memory, as on Lambda).
func benchMemory() int32 {
	if mb, err := strconv.Atoi(os.Getenv("BENCH_MEMORY_MB")); err == nil {
		return int32(mb)
	}
	return 128
}
