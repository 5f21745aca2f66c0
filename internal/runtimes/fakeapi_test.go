package runtimes

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeAPI is a minimal Runtime API: the test pushes events, the client's
// answers come out of posts.
type fakeAPI struct {
	addr   string
	srv    *http.Server
	events chan event
	posts  chan post

	firstNext atomic.Pointer[time.Time]
	nextCalls atomic.Int32
}

// event is one invocation as the next response carries it.
type event struct {
	id      string
	body    string
	headers map[string]string // extra or overriding next headers
}

// post is what the client posted: kind is "response", "error" or
// "init-error".
type post struct {
	kind    string
	id      string
	body    []byte
	header  http.Header
	trailer http.Header
	at      time.Time
}

func newFakeAPI(t testing.TB) *fakeAPI {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeAPI{addr: ln.Addr().String(), events: make(chan event, 16), posts: make(chan post, 16)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", f.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", f.record("response"))
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", f.record("error"))
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", f.record("init-error"))
	f.srv = &http.Server{Handler: mux}
	go f.srv.Serve(ln)
	t.Cleanup(func() { f.srv.Close() })
	return f
}

func (f *fakeAPI) next(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	f.firstNext.CompareAndSwap(nil, &now)
	f.nextCalls.Add(1)
	var ev event
	select {
	case ev = <-f.events:
	case <-r.Context().Done():
		return
	}
	h := w.Header()
	h.Set("Lambda-Runtime-Aws-Request-Id", ev.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(30*time.Second).UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:fn")
	h.Set("Content-Type", "application/json")
	for k, v := range ev.headers {
		if v == "" {
			h.Del(k)
		} else {
			h.Set(k, v)
		}
	}
	io.WriteString(w, ev.body)
}

func (f *fakeAPI) record(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.posts <- post{kind: kind, id: r.PathValue("id"), body: body, header: r.Header, trailer: r.Trailer, at: time.Now()}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"status":"OK"}`)
	}
}

var eventCounter atomic.Int64

// invoke pushes an event and returns what the client posted for it.
func (f *fakeAPI) invoke(t *testing.T, body string, headers ...string) post {
	t.Helper()
	id := fmt.Sprintf("req-%04d", eventCounter.Add(1))
	ev := event{id: id, body: body, headers: map[string]string{}}
	for i := 0; i+1 < len(headers); i += 2 {
		ev.headers[headers[i]] = headers[i+1]
	}
	f.events <- ev
	p := f.await(t)
	if p.id != id {
		t.Fatalf("client answered %s %q for invocation %q", p.kind, p.id, id)
	}
	return p
}

// await returns the next post.
func (f *fakeAPI) await(t *testing.T) post {
	t.Helper()
	select {
	case p := <-f.posts:
		return p
	case <-time.After(15 * time.Second):
		t.Fatal("no answer from the runtime client")
		return post{}
	}
}

// awaitNext waits until the client has called next n times.
func (f *fakeAPI) awaitNext(t testing.TB, n int32) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for f.nextCalls.Load() < n {
		if ctx.Err() != nil {
			t.Fatalf("client called next %d times, want %d", f.nextCalls.Load(), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// errorBody decodes an error post.
func errorBody(t *testing.T, p post) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(p.body, &m); err != nil {
		t.Fatalf("error body %q: %v", p.body, err)
	}
	return m
}

// syncBuffer collects a child's output.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
