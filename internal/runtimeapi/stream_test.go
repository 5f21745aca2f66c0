package runtimeapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// recorder is an invocation's Stream: what it gets, in order, comes out of
// events ("start <content type>" first, then each chunk).
type recorder struct{ events chan string }

func newRecorder() *recorder { return &recorder{events: make(chan string, 1024)} }

func (r *recorder) Write(p []byte) (int, error) {
	r.events <- string(p)
	return len(p), nil
}

func (r *recorder) start(contentType string) { r.events <- "start " + contentType }

// invocation is testInvocation streaming to r.
func (r *recorder) invocation() Invocation {
	inv := testInvocation
	inv.Stream, inv.Start = r, r.start
	return inv
}

// rest is everything r got so far.
func (r *recorder) rest() []string {
	var got []string
	for {
		select {
		case e := <-r.events:
			got = append(got, e)
		default:
			return got
		}
	}
}

// streamingPost is a streamed response the test writes piece by piece; the
// runtime's answer comes out of answered once the body is closed.
type streamingPost struct {
	w        *io.PipeWriter
	trailer  http.Header
	answered <-chan reply
}

func (c *runtimeClient) stream(id, contentType string) *streamingPost {
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", c.base+"/runtime/invocation/"+id+"/response", pr)
	req.Header.Set(hdrResponseMode, streamingResponseMode)
	req.Header.Set("Content-Type", contentType)
	req.Trailer = http.Header{}
	answered := make(chan reply, 1)
	go func() {
		resp, err := c.http.Do(req)
		if err != nil {
			answered <- reply{status: -1, body: err.Error()}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answered <- reply{resp.StatusCode, resp.Header, string(b)}
	}()
	return &streamingPost{w: pw, trailer: req.Trailer, answered: answered}
}

func (p *streamingPost) write(s string) { p.w.Write([]byte(s)) }

// end closes the body after setting the trailers given as name, value pairs.
func (p *streamingPost) end(trailer ...string) {
	for i := 0; i+1 < len(trailer); i += 2 {
		p.trailer.Set(trailer[i], trailer[i+1])
	}
	p.w.Close()
}

func TestStreamToCaller(t *testing.T) {
	t.Run("BytesArriveBeforeTheResponseEnds", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt, rec := newRuntimeClient(t, addr), newRecorder()
		result := invokeAsync(context.Background(), s, rec.invocation())
		rt.next()
		post := rt.stream(testInvocation.RequestID, "text/plain")
		post.write("first ")
		if got := await(t, rec.events); got != "start text/plain" {
			t.Fatalf("first event %q, want the start", got)
		}
		if got := await(t, rec.events); got != "first " {
			t.Fatalf("got %q while the response is open", got)
		}
		post.write("second")
		if got := await(t, rec.events); got != "second" {
			t.Fatalf("got %q", got)
		}
		post.end()
		wantReply(t, await(t, post.answered), 202, statusAccepted)
		want := Response{ContentType: "text/plain", Streamed: true, Size: 12}
		if got := await(t, result); got.err != nil || !cmp.Equal(got.res, want) {
			t.Fatalf("Invoke = %+v, %v; want %+v", got.res, got.err, want)
		}
	})
	t.Run("ErrorTrailersAfterBytes", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt, rec := newRuntimeClient(t, addr), newRecorder()
		result := invokeAsync(context.Background(), s, rec.invocation())
		rt.next()
		post := rt.stream(testInvocation.RequestID, "application/octet-stream")
		post.write("partial")
		await(t, rec.events)
		await(t, rec.events)
		post.end(hdrErrorType, "Error", trailerErrorBody, "eyJlcnJvck1lc3NhZ2UiOiJicm9rZW4iLCJlcnJvclR5cGUiOiJFcnJvciJ9")
		wantReply(t, await(t, post.answered), 202, statusAccepted)
		want := Response{Payload: []byte(`{"errorMessage":"broken","errorType":"Error"}`), ContentType: "application/json",
			Error: true, ErrorType: "Runtime.Unknown", Streamed: true, Size: 7}
		if got := await(t, result); !cmp.Equal(got.res, want) {
			t.Fatalf("Invoke = %+v, want %+v", got.res, want)
		}
	})
	t.Run("BufferedResponseAtTheEnd", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt, rec := newRuntimeClient(t, addr), newRecorder()
		result := invokeAsync(context.Background(), s, rec.invocation())
		rt.next()
		wantReply(t, rt.respond(testInvocation.RequestID, `{"ok":true}`, "Content-Type", "application/json"), 202, statusAccepted)
		want := Response{ContentType: "application/json", Size: 11}
		if got := await(t, result); !cmp.Equal(got.res, want) {
			t.Fatalf("Invoke = %+v, want %+v", got.res, want)
		}
		if got, want := rec.rest(), []string{"start application/json", `{"ok":true}`}; !cmp.Equal(got, want) {
			t.Errorf("stream got %q, want %q", got, want)
		}
	})
	t.Run("BufferedErrorStaysOutOfTheStream", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt, rec := newRuntimeClient(t, addr), newRecorder()
		result := invokeAsync(context.Background(), s, rec.invocation())
		rt.next()
		rt.fail(testInvocation.RequestID, `{"errorMessage":"no","errorType":"Error"}`)
		if got := await(t, result); !got.res.Error || string(got.res.Payload) != `{"errorMessage":"no","errorType":"Error"}` {
			t.Fatalf("Invoke = %+v", got.res)
		}
		if got := rec.rest(); len(got) != 0 {
			t.Errorf("stream got %q", got)
		}
	})
	t.Run("CallerGone", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		inv := testInvocation
		inv.Stream = failingWriter{}
		result := invokeAsync(context.Background(), s, inv)
		rt.next()
		post := rt.stream(testInvocation.RequestID, "text/plain")
		post.write("nobody reads this")
		post.write("nor this")
		post.end()
		wantReply(t, await(t, post.answered), 202, statusAccepted)
		if got := await(t, result); got.err != nil || got.res.Error || !got.res.Streamed {
			t.Fatalf("Invoke = %+v, %v", got.res, got.err)
		}
	})
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("caller hung up") }

func TestStreamLimits(t *testing.T) {
	t.Run("TooLarge", func(t *testing.T) {
		s, addr := startServer(t, 0)
		s.LimitStreams(StreamLimits{Max: 10})
		rt, rec := newRuntimeClient(t, addr), newRecorder()
		result := invokeAsync(context.Background(), s, rec.invocation())
		rt.next()
		post := rt.stream(testInvocation.RequestID, "text/plain")
		post.write("0123456789")
		await(t, rec.events)
		await(t, rec.events)
		post.write("x")
		want := streamed(failure("Function.ResponseSizeTooLarge", "Response payload size exceeded maximum allowed payload size (10 bytes)."), 10)
		if got := await(t, result); !cmp.Equal(got.res, want) {
			t.Fatalf("Invoke = %+v, want %+v", got.res, want)
		}
		post.end()
		wantReply(t, await(t, post.answered), 413,
			"{\"errorMessage\":\"Exceeded maximum allowed payload size (10 bytes).\",\"errorType\":\"RequestEntityTooLarge\"}\n")
		if got := rec.rest(); len(got) != 0 {
			t.Errorf("stream got %q past the limit", got)
		}
	})
	t.Run("Bandwidth", func(t *testing.T) {
		// The first relayBuffer bytes (the burst) flow at once; the next
		// 64 KiB at 256 KiB/s cannot take less than a quarter second.
		s, addr := startServer(t, 0)
		s.LimitStreams(StreamLimits{Max: 1 << 20, Burst: relayBuffer, Rate: 256 << 10})
		rt := newRuntimeClient(t, addr)
		var got countingWriter
		inv := testInvocation
		inv.Stream = &got
		result := invokeAsync(context.Background(), s, inv)
		rt.next()
		begin := time.Now()
		post := rt.stream(testInvocation.RequestID, "application/octet-stream")
		post.write(strings.Repeat("b", relayBuffer+64<<10))
		post.end()
		wantReply(t, await(t, post.answered), 202, statusAccepted)
		await(t, result)
		if elapsed := time.Since(begin); elapsed < 240*time.Millisecond {
			t.Errorf("96 KiB streamed in %v, faster than the limit allows", elapsed)
		}
		if got != relayBuffer+64<<10 {
			t.Errorf("stream got %d bytes", got)
		}
	})
	t.Run("TimeoutMidStream", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt, rec := newRuntimeClient(t, addr), newRecorder()
		ctx, cancel := context.WithCancel(context.Background())
		result := invokeAsync(ctx, s, rec.invocation())
		rt.next()
		post := rt.stream(testInvocation.RequestID, "text/plain")
		post.write("before")
		await(t, rec.events)
		await(t, rec.events)
		cancel()
		if got := await(t, result); !errors.Is(got.err, context.Canceled) {
			t.Fatalf("Invoke = %+v, %v", got.res, got.err)
		}
		post.write("after")
		post.end()
		wantReply(t, await(t, post.answered), 400, bodyInvalidRequestID)
		if got := rec.rest(); len(got) != 0 {
			t.Errorf("stream got %q after Invoke returned", got)
		}
	})
	t.Run("TimeoutWhilePaced", func(t *testing.T) {
		s, addr := startServer(t, 0)
		s.LimitStreams(StreamLimits{Max: 1 << 20, Burst: relayBuffer, Rate: 1})
		rt, rec := newRuntimeClient(t, addr), newRecorder()
		ctx, cancel := context.WithCancel(context.Background())
		result := invokeAsync(ctx, s, rec.invocation())
		rt.next()
		post := rt.stream(testInvocation.RequestID, "text/plain")
		post.write(strings.Repeat("a", relayBuffer))
		await(t, rec.events)
		await(t, rec.events)
		post.write("held back")
		cancel()
		await(t, result)
		post.end()
		wantReply(t, await(t, post.answered), 400, bodyInvalidRequestID)
	})
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
