package runtimeapi

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// FuzzHandler sends arbitrary requests to the Runtime API while an
// invocation is running. Whatever comes in, the server answers (no panic, no
// hang) and keeps its invariants.
func FuzzHandler(f *testing.F) {
	const id = "fuzz-id"
	f.Add(uint8(0), "/2018-06-01/runtime/invocation/next", "", []byte(nil))
	f.Add(uint8(1), "/2018-06-01/runtime/invocation/"+id+"/response", "Content-Type: text/plain", []byte("ok"))
	f.Add(uint8(1), "/2018-06-01/runtime/invocation/"+id+"/response", "Lambda-Runtime-Function-Response-Mode: streaming\ntrailer Lambda-Runtime-Function-Error-Type: Runtime.X\ntrailer Lambda-Runtime-Function-Error-Body: e30=", []byte("partial"))
	f.Add(uint8(1), "/2018-06-01/runtime/invocation/"+id+"/error", "Lambda-Runtime-Function-Error-Type: Runtime.Bad", []byte(`{"errorMessage":"m","errorType":"T"}`))
	f.Add(uint8(1), "/2018-06-01/runtime/invocation/"+id+"/error", "Content-Type: "+errorCauseContentType, []byte(`{"errorCause":{}}`))
	f.Add(uint8(1), "/2018-06-01/runtime/init/error", "", []byte("{}"))
	f.Add(uint8(0), "/2018-06-01/ping", "", []byte(nil))
	f.Add(uint8(2), "/2018-06-01/runtime/invocation/%2e%2e/response", "", []byte("x"))

	f.Fuzz(func(t *testing.T, method uint8, path, header string, body []byte) {
		u, err := url.Parse(path)
		if err != nil || u.Path == "" || u.Path[0] != '/' {
			return
		}
		req := &http.Request{
			Method:     [...]string{"GET", "POST", "PUT", "HEAD"}[method%4],
			URL:        u,
			RequestURI: path,
			Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header:        http.Header{},
			Body:          io.NopCloser(bytes.NewReader(body)),
			ContentLength: int64(len(body)),
			Host:          "127.0.0.1:9001",
		}
		if method&4 != 0 {
			req.ContentLength = -1 // as if chunked
		}
		sc := bufio.NewScanner(strings.NewReader(header))
		for sc.Scan() {
			line, isTrailer := strings.CutPrefix(sc.Text(), "trailer ")
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			if isTrailer {
				if req.Trailer == nil {
					req.Trailer = http.Header{}
				}
				req.Trailer.Add(strings.TrimSpace(k), strings.TrimSpace(v))
			} else {
				req.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
			}
		}

		s := New(64)
		defer s.Close()
		ctx, cancel := context.WithCancel(context.Background())
		result := invokeAsync(ctx, s, Invocation{RequestID: id, Payload: []byte("{}")})
		take := httptest.NewRequest("GET", "/2018-06-01/runtime/invocation/next", nil)
		s.http.Handler.ServeHTTP(httptest.NewRecorder(), take) // the runtime is now running the invocation

		// A request context that has ended: a next with nothing to deliver
		// returns at once instead of waiting.
		done, stop := context.WithCancel(context.Background())
		stop()
		w := httptest.NewRecorder()
		s.http.Handler.ServeHTTP(w, req.WithContext(done))
		if w.Code == 0 || w.Code >= 600 {
			t.Fatalf("status %d", w.Code)
		}

		cancel()
		got := <-result
		if got.err == nil && !got.res.Error && got.res.Payload == nil && len(body) > 0 {
			t.Fatalf("a response without its body: %+v", got.res)
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.cur != nil {
			t.Fatalf("invocation still current after Invoke returned")
		}
	})
}

// FuzzInternalErrorType checks the error-type filter against the emulator's
// regular expression.
func FuzzInternalErrorType(f *testing.F) {
	for _, s := range []string{"", "Runtime.ImportModuleError", "Function.Bad", "Function.bad", "Runtime.A", "Runtime.Ab",
		"xRuntime.Abc", "Runtime.Runtime.Ab", "Runtime.1Ab", "Runtime.a.Runtime.Bc", "ValueError"} {
		f.Add(s)
	}
	re := regexp.MustCompile(`(Runtime|Function)\.[A-Z][a-zA-Z]+`)
	f.Fuzz(func(t *testing.T, s string) {
		want := "Runtime.Unknown"
		switch {
		case re.MatchString(s):
			want = s
		case strings.HasPrefix(s, "Function."):
			want = "Function.Unknown"
		}
		if got := internalErrorType(s); got != want {
			t.Fatalf("internalErrorType(%q) = %q, want %q", s, got, want)
		}
	})
}
