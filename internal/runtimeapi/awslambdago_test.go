package runtimeapi

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	// testdata/lambdafn is built with aws-lambda-go; importing it here keeps
	// it in go.mod, which `go mod tidy` would otherwise drop.
	_ "github.com/aws/aws-lambda-go/lambda"
	_ "github.com/aws/aws-lambda-go/lambdacontext"
)

// buildFunction builds testdata/lambdafn, a function on aws-lambda-go's
// runtime client.
func buildFunction(t testing.TB) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build the function:", err)
	}
	bin := filepath.Join(t.TempDir(), "bootstrap")
	if out, err := exec.Command(goTool, "build", "-o", bin, "./testdata/lambdafn").CombinedOutput(); err != nil {
		t.Fatalf("go build ./testdata/lambdafn: %v\n%s", err, out)
	}
	return bin
}

// startFunction runs the function against a new Server and waits for its
// first next. The channel is closed when the function's process has exited.
func startFunction(t testing.TB, bin string, maxResponse int) (*Server, <-chan struct{}) {
	t.Helper()
	s, addr := startServer(t, maxResponse)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+addr)
	cmd.Stderr = testWriter{t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	ctx, cancel := context.WithTimeout(t.Context(), hang)
	defer cancel()
	if err := s.WaitInit(ctx); err != nil {
		t.Fatalf("WaitInit: %v", err)
	}
	return s, exited
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Logf("function: %s", p)
	return len(p), nil
}

func invokeFunction(t *testing.T, s *Server, id, event string) Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), hang)
	defer cancel()
	inv := testInvocation
	inv.RequestID, inv.Payload = id, []byte(event)
	res, err := s.Invoke(ctx, inv)
	if err != nil {
		t.Fatalf("Invoke %s: %v", event, err)
	}
	return res
}

func TestAWSLambdaGo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a function")
	}
	bin := buildFunction(t)
	t.Run("Invocations", func(t *testing.T) {
		s, exited := startFunction(t, bin, 1024)
		t.Run("Result", func(t *testing.T) {
			res := invokeFunction(t, s, "req-1", `{}`)
			var got map[string]any
			if err := json.Unmarshal(res.Payload, &got); err != nil || res.Error || res.ContentType != "application/json" {
				t.Fatalf("response %+v: %v", res, err)
			}
			want := map[string]any{
				"requestId":     "req-1",
				"functionArn":   testInvocation.InvokedFunctionARN,
				"deadlineMs":    float64(testInvocation.Deadline.UnixMilli()),
				"traceId":       testInvocation.TraceID,
				"clientCustom":  map[string]any{"k": "v"},
				"cognitoId":     "id",
				"cognitoPoolId": "pool",
				"tenantId":      testInvocation.TenantID,
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Error(diff)
			}
		})
		t.Run("Error", func(t *testing.T) {
			// aws-lambda-go sends no error-type header: the type comes from the body.
			res := invokeFunction(t, s, "req-2", `{"fail":"bad input"}`)
			want := Response{Payload: []byte(`{"errorMessage":"bad input","errorType":"errorString"}`), ContentType: "application/json", Error: true, ErrorType: "errorString"}
			if diff := cmp.Diff(want, res); diff != "" {
				t.Error(diff)
			}
		})
		t.Run("WarmAfterError", func(t *testing.T) {
			if res := invokeFunction(t, s, "req-3", `{"size":3}`); string(res.Payload) != `"xxx"` || res.Error {
				t.Errorf("response %+v", res)
			}
		})
		t.Run("ResponseTooLarge", func(t *testing.T) {
			res := invokeFunction(t, s, "req-4", `{"size":2000}`)
			if diff := cmp.Diff(responseTooLarge(1024), res); diff != "" {
				t.Error(diff)
			}
			waitExit(t, exited) // aws-lambda-go exits when its response is refused
		})
	})
	t.Run("StreamedReader", func(t *testing.T) {
		// aws-lambda-go streams a handler's io.Reader as a chunked body
		// without the response-mode header, with errors in the trailers.
		s, _ := startFunction(t, bin, 0)
		rec := newRecorder()
		inv := rec.invocation()
		inv.RequestID, inv.Payload = "req-1", []byte(`{"stream":["one","two"],"streamFail":"broke"}`)
		res, err := s.Invoke(t.Context(), inv)
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.rest(); len(got) < 2 || got[0] != "start application/octet-stream" || strings.Join(got[1:], "") != "onetwo" {
			t.Errorf("stream got %q", got)
		}
		if !res.Streamed || !res.Error || res.ErrorType != "Runtime.Unknown" || !strings.Contains(string(res.Payload), "broke") {
			t.Errorf("response %+v (%s)", res, res.Payload)
		}
	})
	t.Run("Panic", func(t *testing.T) {
		s, exited := startFunction(t, bin, 0)
		res := invokeFunction(t, s, "req-1", `{"panic":"oh no"}`)
		var doc struct {
			ErrorMessage string `json:"errorMessage"`
			ErrorType    string `json:"errorType"`
			StackTrace   []any  `json:"stackTrace"`
		}
		if err := json.Unmarshal(res.Payload, &doc); err != nil {
			t.Fatalf("payload %s: %v", res.Payload, err)
		}
		if !res.Error || res.ErrorType != "string" || doc.ErrorMessage != "oh no" || doc.ErrorType != "string" || len(doc.StackTrace) == 0 {
			t.Errorf("response %+v, body %+v", res, doc)
		}
		waitExit(t, exited) // a panicking handler ends the process
	})
}

func waitExit(t *testing.T, exited <-chan struct{}) {
	t.Helper()
	select {
	case <-exited:
	case <-time.After(hang):
		t.Fatal("the function did not exit")
	}
}
