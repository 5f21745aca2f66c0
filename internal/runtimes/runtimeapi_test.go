package runtimes

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/runtimeapi"
)

// TestWithRuntimeAPI runs the clients against Virga's own Runtime API server.
func TestWithRuntimeAPI(t *testing.T) {
	for _, tc := range []struct {
		lang string
		ok   spec
		fail spec
		bad  spec
	}{
		{"python",
			spec{handler: "h.handler", files: map[string]string{"h.py": "def handler(e, c):\n    return {'got': e, 'id': c.aws_request_id}\n"}},
			spec{handler: "h.handler", files: map[string]string{"h.py": "def handler(e, c):\n    raise ValueError('boom')\n"}},
			spec{handler: "h.handler", files: map[string]string{"h.py": "import nosuchmodule\n"}}},
		{"node",
			spec{handler: "index.handler", files: map[string]string{"index.js": "exports.handler = async (e, c) => ({ got: e, id: c.awsRequestId });"}},
			spec{handler: "index.handler", files: map[string]string{"index.js": "exports.handler = async () => { throw new RangeError('boom'); };"}},
			spec{handler: "index.handler", files: map[string]string{"index.js": "require('nosuchmodule');"}}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Run("Success", func(t *testing.T) {
				srv := serveRuntimeAPI(t, tc.lang, tc.ok)
				for i := range 3 {
					id := "id-" + string(rune('a'+i))
					res := invokeVia(t, srv, id, `{"n": 1}`)
					var body map[string]any
					if err := json.Unmarshal(res.Payload, &body); err != nil || res.Error || body["id"] != id {
						t.Errorf("invocation %d: %+v %s", i, res, res.Payload)
					}
				}
			})
			t.Run("HandlerError", func(t *testing.T) {
				srv := serveRuntimeAPI(t, tc.lang, tc.fail)
				res := invokeVia(t, srv, "id-1", `{}`)
				var body struct{ ErrorType, ErrorMessage string }
				if err := json.Unmarshal(res.Payload, &body); err != nil || !res.Error ||
					body.ErrorType != map[string]string{"python": "ValueError", "node": "RangeError"}[tc.lang] || body.ErrorMessage != "boom" {
					t.Errorf("got %+v %s", res, res.Payload)
				}
			})
			t.Run("InitError", func(t *testing.T) {
				srv := serveRuntimeAPI(t, tc.lang, tc.bad)
				ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
				defer cancel()
				var ie *runtimeapi.InitError
				if err := srv.WaitInit(ctx); !errors.As(err, &ie) || ie.ErrorType != "Runtime.ImportModuleError" {
					t.Errorf("WaitInit = %v", err)
				}
			})
		})
	}
}

func serveRuntimeAPI(t *testing.T, lang string, s spec) *runtimeapi.Server {
	t.Helper()
	interpreter(t, lang)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := runtimeapi.New(0)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	startProcess(t, lang, s, ln.Addr().String())
	return srv
}

func invokeVia(t *testing.T, srv *runtimeapi.Server, id, payload string) runtimeapi.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	if err := srv.WaitInit(ctx); err != nil {
		t.Fatalf("WaitInit: %v", err)
	}
	res, err := srv.Invoke(ctx, runtimeapi.Invocation{RequestID: id, Payload: []byte(payload), InvokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:fn"})
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	return res
}
