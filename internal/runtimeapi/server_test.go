package runtimeapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var testInvocation = Invocation{
	RequestID:          "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
	Payload:            []byte(`{"key":"value"}`),
	Deadline:           time.UnixMilli(1700000003000),
	InvokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:fn",
	TraceID:            "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
	ClientContext:      `{"custom":{"k":"v"}}`,
	CognitoIdentity:    `{"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"}`,
	TenantID:           "tenant-1",
}

func TestInvoke(t *testing.T) {
	t.Run("FullCycle", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		result := invokeAsync(context.Background(), s, testInvocation)

		ev := rt.next()
		wantReply(t, ev, 200, `{"key":"value"}`)
		wantReply(t, rt.respond(testInvocation.RequestID, `"done"`, "Content-Type", "text/plain"), 202, statusAccepted)

		got := await(t, result)
		want := Response{Payload: []byte(`"done"`), ContentType: "text/plain"}
		if got.err != nil || !cmp.Equal(got.res, want) {
			t.Fatalf("Invoke = %+v, %v; want %+v", got.res, got.err, want)
		}
	})
	t.Run("Warm", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		for i := range 3 {
			inv := Invocation{RequestID: "req-" + strconv.Itoa(i), Payload: []byte(strconv.Itoa(i))}
			result := invokeAsync(context.Background(), s, inv)
			ev := rt.next()
			if id := ev.header.Get(hdrRequestID); id != inv.RequestID {
				t.Fatalf("request id %q, want %q", id, inv.RequestID)
			}
			rt.respond(inv.RequestID, "r"+ev.body)
			if got := await(t, result); string(got.res.Payload) != "r"+strconv.Itoa(i) {
				t.Fatalf("invoke %d: %+v", i, got)
			}
		}
	})
	t.Run("Headers", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		invokeAsync(t.Context(), s, testInvocation)
		h := rt.next().header
		want := map[string]string{
			"Lambda-Runtime-Aws-Request-Id":       testInvocation.RequestID,
			"Lambda-Runtime-Deadline-Ms":          "1700000003000",
			"Lambda-Runtime-Invoked-Function-Arn": testInvocation.InvokedFunctionARN,
			"Lambda-Runtime-Trace-Id":             testInvocation.TraceID,
			"Lambda-Runtime-Client-Context":       testInvocation.ClientContext,
			"Lambda-Runtime-Cognito-Identity":     testInvocation.CognitoIdentity,
			"Lambda-Runtime-Aws-Tenant-Id":        testInvocation.TenantID,
			"Content-Type":                        "application/json",
			"Content-Length":                      "15",
		}
		for k, v := range want {
			if got := h.Values(k); len(got) != 1 || got[0] != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
	})
	t.Run("OptionalHeadersLeftOut", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		ctx, cancel := context.WithDeadline(t.Context(), time.UnixMilli(4102444800123))
		defer cancel()
		invokeAsync(ctx, s, Invocation{RequestID: "r1", InvokedFunctionARN: "arn"})
		ev := rt.next()
		for _, k := range []string{hdrTraceID, hdrClientContext, hdrCognito, hdrTenantID} {
			if v, ok := ev.header[k]; ok {
				t.Errorf("%s = %q, want no header", k, v)
			}
		}
		if got := ev.header.Get(hdrDeadline); got != "4102444800123" {
			t.Errorf("deadline from the context = %q", got)
		}
		if ev.body != "" || ev.header.Get(hdrContentLength) != "0" {
			t.Errorf("empty payload: body %q, Content-Length %q", ev.body, ev.header.Get(hdrContentLength))
		}
	})
	t.Run("NextTwiceGetsTheSameInvocation", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		result := invokeAsync(context.Background(), s, testInvocation)
		first, second := rt.next(), rt.next()
		if first.header.Get(hdrRequestID) != second.header.Get(hdrRequestID) || first.body != second.body {
			t.Fatalf("second next = %v, want the first invocation again", second)
		}
		rt.respond(testInvocation.RequestID, "ok")
		if got := await(t, result); string(got.res.Payload) != "ok" {
			t.Fatalf("Invoke = %+v", got)
		}
	})
}

func TestHeaderNamesAreCanonical(t *testing.T) {
	for _, k := range append(eventHeaders[:], hdrResponseMode, hdrErrorType, trailerErrorBody) {
		if c := textproto.CanonicalMIMEHeaderKey(k); c != k {
			t.Errorf("%q is not canonical (%q)", k, c)
		}
	}
}

func TestInit(t *testing.T) {
	t.Run("Success", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		initDone := make(chan error, 1)
		go func() { initDone <- s.WaitInit(context.Background()) }()
		result := make(chan reply, 1)
		go func() { result <- rt.next() }()
		if err := await(t, initDone); err != nil {
			t.Fatalf("WaitInit = %v", err)
		}
		invoked := invokeAsync(context.Background(), s, testInvocation)
		wantReply(t, await(t, result), 200, string(testInvocation.Payload))
		rt.respond(testInvocation.RequestID, "ok")
		if got := await(t, invoked); got.err != nil || string(got.res.Payload) != "ok" {
			t.Fatalf("Invoke = %+v", got)
		}
		// Init is over: an init error now is refused (the runtime has
		// answered and not asked for more).
		wantReply(t, rt.post("/runtime/init/error", strings.NewReader("{}")), 403,
			"{\"errorMessage\":\"State transition from RuntimeResponseSentState to InitError failed for runtime. Error: State transition is not allowed\",\"errorType\":\"InvalidStateTransition\"}\n")
	})
	t.Run("Error", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		body := `{"errorMessage":"Unable to import module 'h': No module named 'x'","errorType":"Runtime.ImportModuleError","requestId":"","stackTrace":[]}`
		wantReply(t, rt.post("/runtime/init/error", strings.NewReader(body), hdrErrorType, "Runtime.ImportModuleError"), 202, statusAccepted)

		var initErr *InitError
		if err := s.WaitInit(t.Context()); !errors.As(err, &initErr) {
			t.Fatalf("WaitInit = %v, want an *InitError", err)
		}
		want := &InitError{ErrorType: "Runtime.ImportModuleError", Payload: []byte(body)}
		if !cmp.Equal(initErr, want) {
			t.Fatalf("InitError = %+v, want %+v", initErr, want)
		}
		if _, err := s.Invoke(t.Context(), testInvocation); !errors.As(err, &initErr) {
			t.Fatalf("Invoke after the init error = %v", err)
		}
		wantReply(t, rt.next(), 403,
			"{\"errorMessage\":\"State transition from InitError to Ready failed for runtime. Error: State transition is not allowed\",\"errorType\":\"InvalidStateTransition\"}\n")
		wantReply(t, rt.post("/runtime/init/error", strings.NewReader("{}")), 403,
			"{\"errorMessage\":\"State transition from InitError to InitError failed for runtime. Error: State transition is not allowed\",\"errorType\":\"InvalidStateTransition\"}\n")
	})
	t.Run("ErrorEndsAWaitingInvoke", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		result := invokeAsync(context.Background(), s, testInvocation)
		rt.post("/runtime/init/error", strings.NewReader(""), hdrErrorType, "Runtime.ExitError")
		got := await(t, result)
		var initErr *InitError
		if !errors.As(got.err, &initErr) || string(initErr.Payload) != `{"errorMessage":"","errorType":"Runtime.ExitError"}` {
			t.Fatalf("Invoke = %+v", got)
		}
	})
	t.Run("RuntimeNeverCallsNext", func(t *testing.T) {
		s, _ := startServer(t, 0)
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		if err := s.WaitInit(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("WaitInit = %v, want the context's error", err)
		}
	})
}

func TestInvocationError(t *testing.T) {
	goBody := `{"errorMessage":"boom","errorType":"errorString"}`
	tests := []struct {
		name   string
		body   string
		header []string
		want   Response
	}{
		{"TypeHeader", `{"errorMessage":"x","errorType":"ValueError"}`, []string{hdrErrorType, "Runtime.HandlerNotFound", "Content-Type", "application/json"},
			Response{Payload: []byte(`{"errorMessage":"x","errorType":"ValueError"}`), ContentType: "application/json", Error: true, ErrorType: "Runtime.HandlerNotFound"}},
		{"UnqualifiedTypeHeader", "anything at all", []string{hdrErrorType, "ValueError"},
			Response{Payload: []byte("anything at all"), Error: true, ErrorType: "Runtime.Unknown"}},
		{"BadFunctionTypeHeader", "x", []string{hdrErrorType, "Function.oops"},
			Response{Payload: []byte("x"), Error: true, ErrorType: "Function.Unknown"}},
		{"NoHeader", goBody, []string{"Content-Type", "application/json"},
			Response{Payload: []byte(goBody), ContentType: "application/json", Error: true, ErrorType: "errorString"}},
		{"NoHeaderNoType", "not json", nil,
			Response{Payload: []byte("not json"), Error: true, ErrorType: "Runtime.Unknown"}},
		{"EmptyBody", "", []string{hdrErrorType, "Runtime.MyError"},
			Response{Payload: []byte(`{"errorMessage":"","errorType":"Runtime.MyError"}`), ContentType: "application/json", Error: true, ErrorType: "Runtime.MyError"}},
		{"EmptyBodyNoHeader", "", nil,
			Response{Payload: []byte(`{"errorMessage":"","errorType":"Runtime.Unknown"}`), ContentType: "application/json", Error: true, ErrorType: "Runtime.Unknown"}},
		{"ErrorCauseContentType", `{"errorMessage":"m","errorType":"T","stackTrace":["a"],"errorCause":{"paths":[]}}`, []string{"Content-Type", errorCauseContentType},
			Response{Payload: []byte(`{"errorMessage":"m","errorType":"T","stackTrace":["a"]}`), ContentType: "application/json", Error: true, ErrorType: "T"}},
		{"BadErrorCauseBody", `{"errorMessage":`, []string{"Content-Type", errorCauseContentType},
			Response{Payload: []byte(`"Invalid error body"`), ContentType: "application/octet-stream", Error: true, ErrorType: "Runtime.Unknown"}},
	}
	s, addr := startServer(t, 0)
	rt := newRuntimeClient(t, addr)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			result := invokeAsync(context.Background(), s, testInvocation)
			rt.next()
			wantReply(t, rt.fail(testInvocation.RequestID, tt.body, tt.header...), 202, statusAccepted)
			got := await(t, result)
			if got.err != nil {
				t.Fatal(got.err)
			}
			if diff := cmp.Diff(tt.want, got.res); diff != "" {
				t.Error(diff)
			}
		})
	}
}

func TestResponseTooLarge(t *testing.T) {
	const limit = 16
	wantBody := "{\"errorMessage\":\"Exceeded maximum allowed payload size (16 bytes).\",\"errorType\":\"RequestEntityTooLarge\"}\n"
	want := Response{
		Payload:     []byte(`{"errorMessage":"Response payload size exceeded maximum allowed payload size (16 bytes).","errorType":"Function.ResponseSizeTooLarge"}`),
		ContentType: "application/json", Error: true, ErrorType: "Function.ResponseSizeTooLarge",
	}
	bodies := map[string]func() io.Reader{
		"ContentLength": func() io.Reader { return strings.NewReader(strings.Repeat("x", limit+1)) },
		"Chunked":       func() io.Reader { return io.MultiReader(strings.NewReader(strings.Repeat("x", 1<<20))) },
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			s, addr := startServer(t, limit)
			rt := newRuntimeClient(t, addr)
			result := invokeAsync(context.Background(), s, testInvocation)
			rt.next()
			wantReply(t, rt.post("/runtime/invocation/"+testInvocation.RequestID+"/response", body()), 413, wantBody)
			if got := await(t, result); got.err != nil || !cmp.Equal(got.res, want) {
				t.Fatalf("Invoke = %+v, %v; want %+v", got.res, got.err, want)
			}
			// The same connection goes on to the next invocation.
			result = invokeAsync(context.Background(), s, Invocation{RequestID: "next"})
			rt.next()
			wantReply(t, rt.respond("next", strings.Repeat("y", limit)), 202, statusAccepted)
			if got := await(t, result); len(got.res.Payload) != limit || got.res.Error {
				t.Fatalf("response at the limit: %+v", got)
			}
		})
	}
}

func TestRequestID(t *testing.T) {
	s, addr := startServer(t, 0)
	rt := newRuntimeClient(t, addr)
	t.Run("NoInvocation", func(t *testing.T) {
		wantReply(t, rt.respond("nope", "x"), 400, bodyInvalidRequestID)
		wantReply(t, rt.fail("nope", "x"), 400, bodyInvalidRequestID)
	})
	t.Run("Unknown", func(t *testing.T) {
		result := invokeAsync(context.Background(), s, testInvocation)
		rt.next()
		wantReply(t, rt.respond("other", "x"), 400, bodyInvalidRequestID)
		rt.respond(testInvocation.RequestID, "ok")
		await(t, result)
	})
	t.Run("AlreadyAnswered", func(t *testing.T) {
		result := invokeAsync(context.Background(), s, testInvocation)
		rt.next()
		rt.respond(testInvocation.RequestID, "ok")
		await(t, result)
		// As in the emulator: the runtime is in RuntimeResponseSentState
		// until its next /next.
		wantReply(t, rt.respond(testInvocation.RequestID, "again"), 403,
			"{\"errorMessage\":\"State transition from RuntimeResponseSentState to InvocationResponse failed for runtime. Error: State transition is not allowed\",\"errorType\":\"InvalidStateTransition\"}\n")
		wantReply(t, rt.fail(testInvocation.RequestID, "again"), 403,
			"{\"errorMessage\":\"State transition from RuntimeResponseSentState to InvocationErrorResponse failed for runtime. Error: State transition is not allowed\",\"errorType\":\"InvalidStateTransition\"}\n")
	})
	t.Run("AnswerInProgress", func(t *testing.T) {
		result := invokeAsync(context.Background(), s, testInvocation)
		rt.next()
		pr, pw := io.Pipe()
		first := make(chan reply, 1)
		go func() { first <- rt.post("/runtime/invocation/"+testInvocation.RequestID+"/response", pr) }()
		waitState(t, s, "InvocationResponse")
		wantReply(t, rt.respond(testInvocation.RequestID, "second"), 403,
			"{\"errorMessage\":\"State transition from InvocationResponse to InvocationResponse failed for runtime. Error: State transition is not allowed\",\"errorType\":\"InvalidStateTransition\"}\n")
		wantReply(t, rt.fail(testInvocation.RequestID, "second"), 403,
			"{\"errorMessage\":\"State transition from InvocationResponse to InvocationErrorResponse failed for runtime. Error: State transition is not allowed\",\"errorType\":\"InvalidStateTransition\"}\n")
		pw.Write([]byte("first"))
		pw.Close()
		wantReply(t, await(t, first), 202, statusAccepted)
		if got := await(t, result); string(got.res.Payload) != "first" {
			t.Fatalf("Invoke = %+v", got)
		}
	})
}

func TestInvokeCancelled(t *testing.T) {
	t.Run("WhileTheRuntimeResponds", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		ctx, cancel := context.WithCancel(t.Context())
		result := invokeAsync(ctx, s, testInvocation)
		rt.next()
		pr, pw := io.Pipe()
		late := make(chan reply, 1)
		go func() { late <- rt.post("/runtime/invocation/"+testInvocation.RequestID+"/response", pr) }()
		waitState(t, s, "InvocationResponse")
		cancel()
		if got := await(t, result); !errors.Is(got.err, context.Canceled) {
			t.Fatalf("Invoke = %+v, want context.Canceled", got)
		}
		pw.Write([]byte("too late"))
		pw.Close()
		wantReply(t, await(t, late), 400, bodyInvalidRequestID)

		result = invokeAsync(context.Background(), s, Invocation{RequestID: "fresh", Payload: []byte("2")})
		wantReply(t, rt.next(), 200, "2")
		rt.respond("fresh", "ok")
		if got := await(t, result); got.err != nil || string(got.res.Payload) != "ok" {
			t.Fatalf("the next Invoke = %+v", got)
		}
	})
	t.Run("BeforeTheRuntimeAsks", func(t *testing.T) {
		s, addr := startServer(t, 0)
		rt := newRuntimeClient(t, addr)
		ctx, cancel := context.WithTimeout(t.Context(), time.Millisecond)
		defer cancel()
		if _, err := s.Invoke(ctx, testInvocation); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Invoke = %v", err)
		}
		result := invokeAsync(context.Background(), s, Invocation{RequestID: "fresh"})
		if id := rt.next().header.Get(hdrRequestID); id != "fresh" {
			t.Fatalf("next got %q, want the new invocation", id)
		}
		rt.respond("fresh", "ok")
		await(t, result)
	})
}

func TestConcurrentInvoke(t *testing.T) {
	s, addr := startServer(t, 0)
	rt := newRuntimeClient(t, addr)
	result := invokeAsync(context.Background(), s, testInvocation)
	rt.next()
	if _, err := s.Invoke(t.Context(), Invocation{RequestID: "second"}); !errors.Is(err, ErrBusy) {
		t.Fatalf("second Invoke = %v, want ErrBusy", err)
	}
	if _, err := s.Invoke(t.Context(), Invocation{}); !errors.Is(err, ErrNoRequestID) {
		t.Fatalf("Invoke without a request ID = %v", err)
	}
	rt.respond(testInvocation.RequestID, "ok")
	if got := await(t, result); string(got.res.Payload) != "ok" {
		t.Fatalf("first Invoke = %+v", got)
	}
}

func TestClose(t *testing.T) {
	// A runtime that never started: WaitInit and Invoke are waiting.
	s, _ := startServer(t, 0)
	waited := make(chan error, 1)
	go func() { waited <- s.WaitInit(context.Background()) }()
	invoked := invokeAsync(context.Background(), s, testInvocation)

	// A runtime waiting in next.
	s2, addr2 := startServer(t, 0)
	rt := newRuntimeClient(t, addr2)
	parked := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest("GET", rt.base+"/runtime/invocation/next", nil)
		resp, err := rt.http.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				err = errors.New("next succeeded")
			}
		}
		parked <- err
	}()
	if err := s2.WaitInit(t.Context()); err != nil {
		t.Fatal(err)
	}

	s.Close()
	s2.Close()
	if err := await(t, waited); !errors.Is(err, ErrClosed) {
		t.Errorf("WaitInit = %v, want ErrClosed", err)
	}
	if got := await(t, invoked); !errors.Is(got.err, ErrClosed) {
		t.Errorf("Invoke = %+v, want ErrClosed", got)
	}
	await(t, parked)
	if _, err := s.Invoke(t.Context(), testInvocation); !errors.Is(err, ErrClosed) {
		t.Errorf("Invoke after Close = %v", err)
	}
}

func TestStreamingResponse(t *testing.T) {
	s, addr := startServer(t, 0)
	rt := newRuntimeClient(t, addr)
	post := func(trailer http.Header, body string) reply {
		req, _ := http.NewRequest("POST", rt.base+"/runtime/invocation/"+testInvocation.RequestID+"/response",
			nil)
		req.Header.Set(hdrResponseMode, "streaming")
		req.Header.Set("Content-Type", "application/vnd.awslambda.http-integration-response")
		req.Trailer = http.Header{hdrErrorType: nil, trailerErrorBody: nil}
		req.Body = io.NopCloser(&trailerReader{r: strings.NewReader(body), set: trailer, into: req.Trailer})
		return rt.do(req)
	}
	t.Run("Complete", func(t *testing.T) {
		result := invokeAsync(context.Background(), s, testInvocation)
		rt.next()
		wantReply(t, post(nil, "chunk one, chunk two"), 202, statusAccepted)
		want := Response{Payload: []byte("chunk one, chunk two"), ContentType: "application/vnd.awslambda.http-integration-response"}
		if got := await(t, result); !cmp.Equal(got.res, want) {
			t.Fatalf("Invoke = %+v", got)
		}
	})
	t.Run("ErrorTrailers", func(t *testing.T) {
		result := invokeAsync(context.Background(), s, testInvocation)
		rt.next()
		trailer := http.Header{
			hdrErrorType:     {"Runtime.StreamError"},
			trailerErrorBody: {"eyJlcnJvck1lc3NhZ2UiOiJicm9rZW4iLCJlcnJvclR5cGUiOiJFcnJvciJ9"}, // {"errorMessage":"broken","errorType":"Error"}
		}
		wantReply(t, post(trailer, "partial"), 202, statusAccepted)
		want := Response{Payload: []byte(`{"errorMessage":"broken","errorType":"Error"}`), ContentType: "application/json", Error: true, ErrorType: "Runtime.StreamError"}
		if got := await(t, result); !cmp.Equal(got.res, want) {
			t.Fatalf("Invoke = %+v, want %+v", got.res, want)
		}
	})
	t.Run("InvalidMode", func(t *testing.T) {
		result := invokeAsync(context.Background(), s, testInvocation)
		rt.next()
		wantReply(t, rt.respond(testInvocation.RequestID, "x", hdrResponseMode, "buffered"), 400,
			"{\"errorMessage\":\"Invalid function response mode\",\"errorType\":\"InvalidFunctionResponseMode\"}\n")
		want := failure("Runtime.InvalidResponseModeHeader", "")
		if got := await(t, result); !cmp.Equal(got.res, want) {
			t.Fatalf("Invoke = %+v", got)
		}
	})
}

// trailerReader reads r, then sets the trailers to send, as aws-lambda-go
// does when a streamed body fails.
type trailerReader struct {
	r         io.Reader
	set, into http.Header
}

func (t *trailerReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err == io.EOF {
		for k, v := range t.set {
			t.into[k] = v
		}
	}
	return n, err
}

func TestPing(t *testing.T) {
	_, addr := startServer(t, 0)
	rt := newRuntimeClient(t, addr)
	req, _ := http.NewRequest("GET", rt.base+"/ping", nil)
	wantReply(t, rt.do(req), 200, "pong")
	req, _ = http.NewRequest("GET", rt.base+"/runtime/unknown", nil)
	if got := rt.do(req); got.status != 404 {
		t.Errorf("unknown path: %d", got.status)
	}
	req, _ = http.NewRequest("DELETE", rt.base+"/runtime/invocation/next", nil)
	if got := rt.do(req); got.status != 405 {
		t.Errorf("wrong method: %d", got.status)
	}
}
