package bench

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/runtimeapi"
)

// bareFunction is the floor of a warm invoke of the echo function on this
// machine, whatever the platform: an HTTP endpoint in this process that
// hands each request body to the aws-lambda-go echo, running as a plain
// process (no sandbox, no signing, no logs) on Virga's Runtime API, and
// answers with its response. It returns the endpoint's URL.
func bareFunction(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "bootstrap")
	if err := os.WriteFile(bin, goEcho(b), 0o755); err != nil {
		b.Fatal(err)
	}
	rt := runtimeapi.New(6 << 20)
	rtln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go rt.Serve(rtln)
	b.Cleanup(func() { rt.Close() })
	fn := exec.Command(bin)
	fn.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+rtln.Addr().String())
	if err := fn.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { fn.Process.Kill(); fn.Wait() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := rt.WaitInit(ctx); err != nil {
		b.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		res, err := rt.Invoke(r.Context(), runtimeapi.Invocation{RequestID: "bench", Payload: body, Deadline: time.Now().Add(time.Minute)})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write(res.Payload)
	})}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}
