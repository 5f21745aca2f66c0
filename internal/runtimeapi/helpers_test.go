package runtimeapi

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// hang guards a wait that must end; it is far longer than any wait should
// take and only turns a deadlock into a failure.
const hang = 10 * time.Second

// startServer serves a new Server on a loopback listener and returns it with
// the value of AWS_LAMBDA_RUNTIME_API for it.
func startServer(t testing.TB, maxResponse int) (*Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(maxResponse)
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s, ln.Addr().String()
}

// runtimeClient is a minimal runtime: plain net/http with keep-alive.
type runtimeClient struct {
	t    testing.TB
	base string
	http *http.Client
}

func newRuntimeClient(t testing.TB, addr string) *runtimeClient {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &runtimeClient{t: t, base: "http://" + addr + "/2018-06-01", http: &http.Client{Transport: tr, Timeout: hang}}
}

type reply struct {
	status int
	header http.Header
	body   string
}

func (c *runtimeClient) do(req *http.Request) reply {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return reply{resp.StatusCode, resp.Header, string(b)}
}

func (c *runtimeClient) next() reply {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.base+"/runtime/invocation/next", nil)
	return c.do(req)
}

// post posts body to path (under /2018-06-01) with the headers given as
// name, value pairs.
func (c *runtimeClient) post(path string, body io.Reader, header ...string) reply {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.base+path, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

func (c *runtimeClient) respond(id, body string, header ...string) reply {
	c.t.Helper()
	return c.post("/runtime/invocation/"+id+"/response", strings.NewReader(body), header...)
}

func (c *runtimeClient) fail(id, body string, header ...string) reply {
	c.t.Helper()
	return c.post("/runtime/invocation/"+id+"/error", strings.NewReader(body), header...)
}

type invokeResult struct {
	res Response
	err error
}

// invokeAsync runs Invoke in the background; receive from the channel for
// its result.
func invokeAsync(ctx context.Context, s *Server, inv Invocation) <-chan invokeResult {
	ch := make(chan invokeResult, 1)
	go func() {
		res, err := s.Invoke(ctx, inv)
		ch <- invokeResult{res, err}
	}()
	return ch
}

func await[T any](t testing.TB, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(hang):
		t.Fatal("still waiting after", hang)
		panic("unreachable")
	}
}

// waitState waits until the runtime's state has the given name.
func waitState(t testing.TB, s *Server, name string) {
	t.Helper()
	for deadline := time.Now().Add(hang); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		s.mu.Lock()
		got := s.stateName()
		s.mu.Unlock()
		if got == name {
			return
		}
	}
	t.Fatalf("runtime never reached state %s", name)
}

func wantReply(t testing.TB, got reply, status int, body string) {
	t.Helper()
	if got.status != status || got.body != body {
		t.Fatalf("got %d %q, want %d %q", got.status, got.body, status, body)
	}
}

const (
	statusAccepted       = "{\"status\":\"OK\"}\n"
	bodyInvalidRequestID = "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}\n"
)
