package runtimes

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func startNode(t *testing.T, s spec) *client {
	t.Helper()
	return startClient(t, "node", s)
}

const nodeContextHandler = `let count = 0;
exports.handler = async (event, context) => {
  count++;
  return {
    event, count,
    awsRequestId: context.awsRequestId,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
    remainingOk: context.getRemainingTimeInMillis() > 0 && context.getRemainingTimeInMillis() <= 30000,
    waits: context.callbackWaitsForEmptyEventLoop,
    trace: process.env._X_AMZN_TRACE_ID ?? null,
    clientContext: context.clientContext ?? null,
    identity: context.identity ?? null,
  };
};
`

func TestNodeInvoke(t *testing.T) {
	c := startNode(t, spec{handler: "index.handler", files: map[string]string{"index.js": nodeContextHandler}})

	t.Run("ContextAndHeaders", func(t *testing.T) {
		p := c.invoke(t, `{"name": "virga"}`,
			"Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
			"Lambda-Runtime-Client-Context", `{"custom": {"k": "v"}}`,
			"Lambda-Runtime-Cognito-Identity", `{"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}`)
		var got map[string]any
		if err := json.Unmarshal(p.body, &got); err != nil || p.kind != "response" {
			t.Fatalf("%s %s: %v", p.kind, p.body, err)
		}
		want := map[string]any{
			"event":              map[string]any{"name": "virga"},
			"count":              1.0,
			"awsRequestId":       p.id,
			"functionName":       "fn",
			"functionVersion":    "$LATEST",
			"invokedFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:fn",
			"memoryLimitInMB":    "128",
			"logGroupName":       "/aws/lambda/fn",
			"logStreamName":      "2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef",
			"remainingOk":        true,
			"waits":              true,
			"trace":              "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
			"clientContext":      map[string]any{"custom": map[string]any{"k": "v"}},
			"identity":           map[string]any{"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("handler saw (-want +got):\n%s", diff)
		}
	})

	t.Run("StatePersistsAndTraceIsCleared", func(t *testing.T) {
		var got map[string]any
		p := c.invoke(t, `null`)
		if err := json.Unmarshal(p.body, &got); err != nil {
			t.Fatal(err)
		}
		if got["count"] != 2.0 || got["trace"] != nil || got["clientContext"] != nil || got["identity"] != nil {
			t.Errorf("got %v", got)
		}
	})
}

func TestNodeCompletion(t *testing.T) {
	handlers := `
exports.asyncValue = async () => ({ ok: true });
exports.asyncUndefined = async () => {};
exports.callback = (event, context, callback) => callback(null, 'cb');
exports.syncReturn = () => 'ignored';
exports.neverSettles = async () => new Promise(() => {});
exports.succeed = (event, context) => context.succeed('legacy');
exports.waits = (event, context, callback) => {
  setTimeout(() => console.log('timer done'), 300);
  callback(null, 'after timer');
};
exports.noWait = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => console.log('late timer'), 1500);
  callback(null, 'before timer');
};
exports.circular = async () => { const o = {}; o.self = o; return o; };
exports.gc = async () => { gc(); return typeof globalThis.gc; };
exports.badEvent = async (event) => event;
`
	for _, tc := range []struct {
		name, handler, want string
	}{
		{"AsyncValue", "asyncValue", `{"ok":true}`},
		{"AsyncUndefinedIsNull", "asyncUndefined", `null`},
		{"Callback", "callback", `"cb"`},
		{"SyncReturnIsNull", "syncReturn", `null`},
		{"ContextSucceed", "succeed", `"legacy"`},
		{"GlobalGC", "gc", `"function"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startNode(t, spec{handler: "index." + tc.handler, files: map[string]string{"index.js": handlers}})
			if p := c.invoke(t, `{}`); p.kind != "response" || string(p.body) != tc.want {
				t.Errorf("got %s %s, want response %s", p.kind, p.body, tc.want)
			}
		})
	}

	t.Run("CallbackWaitsForEmptyEventLoop", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.waits", files: map[string]string{"index.js": handlers}})
		c.awaitNext(t, 1)
		start := time.Now()
		p := c.invoke(t, `{}`)
		if string(p.body) != `"after timer"` || p.at.Sub(start) < 300*time.Millisecond {
			t.Errorf("got %s after %v, want the result after the 300ms timer", p.body, p.at.Sub(start))
		}
		c.output(t, "timer done")
	})

	t.Run("CallbackWithoutWaiting", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.noWait", files: map[string]string{"index.js": handlers}})
		c.awaitNext(t, 1)
		start := time.Now()
		p := c.invoke(t, `{}`)
		if string(p.body) != `"before timer"` || p.at.Sub(start) > time.Second {
			t.Errorf("got %s after %v, want the result at once", p.body, p.at.Sub(start))
		}
		c.output(t, "late timer") // the timer still runs, while the client waits for next
	})

	t.Run("NeverSettles", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.neverSettles", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		body := errorBody(t, p)
		if p.kind != "error" || body["errorType"] != "Runtime.NodeJsExit" ||
			!strings.HasPrefix(body["errorMessage"].(string), "The Lambda runtime client detected an unexpected Node.js exit code.") {
			t.Errorf("got %s %s", p.kind, p.body)
		}
		// The environment stays usable.
		if p := c.invoke(t, `{}`); p.kind != "error" {
			t.Errorf("second invocation: %s %s", p.kind, p.body)
		}
	})

	t.Run("UnserialisableResult", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.circular", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		if body := errorBody(t, p); p.kind != "error" || body["errorMessage"] != "Unable to stringify response body" {
			t.Errorf("got %s %s", p.kind, p.body)
		}
	})

	t.Run("BadEvent", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.badEvent", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{oops`)
		if body := errorBody(t, p); p.kind != "error" || body["errorType"] != "SyntaxError" {
			t.Errorf("got %s %s", p.kind, p.body)
		}
	})
}

func TestNodeHandlerErrors(t *testing.T) {
	handlers := `
exports.throws = async () => { throw new Error('boom'); };
exports.callbackError = (event, context, callback) => callback(new TypeError('bad type'));
exports.callbackString = (event, context, callback) => callback('just a string');
exports.failNothing = (event, context) => context.fail();
exports.rejects = async () => {
  Promise.reject(new Error('nobody listens'));
  await new Promise((r) => setTimeout(r, 200));
  return 'unreachable';
};
exports.uncaught = async () => {
  setTimeout(() => { throw new RangeError('from a timer'); }, 10);
  await new Promise((r) => setTimeout(r, 200));
  return 'unreachable';
};
`
	t.Run("Thrown", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.throws", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		body := errorBody(t, p)
		trace, _ := body["trace"].([]any)
		if p.kind != "error" || body["errorType"] != "Error" || body["errorMessage"] != "boom" || len(trace) < 2 ||
			trace[0] != "Error: boom" || !strings.Contains(trace[1].(string), filepath.Join(c.task, "index.js")) {
			t.Errorf("got %s %s", p.kind, p.body)
		}
		if got := p.header.Get("Lambda-Runtime-Function-Error-Type"); got != "Error" {
			t.Errorf("error type header = %q", got)
		}
		c.output(t, "Invoke Error")
		lines := c.lines("Invoke Error")
		if len(lines) != 1 {
			t.Fatalf("Invoke Error lines: %q\n%s", lines, c.out)
		}
		fields := strings.SplitN(lines[0], "\t", 5)
		if len(fields) != 5 || fields[1] != p.id || fields[2] != "ERROR" || fields[3] != "Invoke Error " ||
			!strings.HasPrefix(fields[4], `{"errorType":"Error","errorMessage":"boom","stack":["Error: boom",`) {
			t.Errorf("log line %q", lines[0])
		}
	})

	for _, tc := range []struct{ name, handler, errorType, message string }{
		{"CallbackError", "callbackError", "TypeError", "bad type"},
		{"CallbackString", "callbackString", "string", "just a string"},
		{"FailWithoutError", "failNothing", "string", "handled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startNode(t, spec{handler: "index." + tc.handler, files: map[string]string{"index.js": handlers}})
			p := c.invoke(t, `{}`)
			body := errorBody(t, p)
			if p.kind != "error" || body["errorType"] != tc.errorType || body["errorMessage"] != tc.message {
				t.Errorf("got %s %s", p.kind, p.body)
			}
		})
	}

	t.Run("UnhandledRejection", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.rejects", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		body := errorBody(t, p)
		if p.kind != "error" || body["errorType"] != "Runtime.UnhandledPromiseRejection" || body["errorMessage"] != "Error: nobody listens" {
			t.Errorf("got %s %s", p.kind, p.body)
		}
		c.output(t, "\tERROR\tUnhandled Promise Rejection \t{")
		if code := c.exitCode(t); code != 128 {
			t.Errorf("exit status %d, want 128", code)
		}
	})

	t.Run("UncaughtException", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.uncaught", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		body := errorBody(t, p)
		if p.kind != "error" || body["errorType"] != "RangeError" || body["errorMessage"] != "from a timer" {
			t.Errorf("got %s %s", p.kind, p.body)
		}
		c.output(t, "\tERROR\tUncaught Exception \t{")
		if code := c.exitCode(t); code != 129 {
			t.Errorf("exit status %d, want 129", code)
		}
	})
}

func TestNodeInitErrors(t *testing.T) {
	for _, tc := range []struct {
		name, handler string
		files         map[string]string
		errorType     string
		message       string // a prefix
	}{
		{"MissingFile", "index.handler", nil, "Runtime.ImportModuleError", "Error: Cannot find module 'index'\nRequire stack:\n- "},
		{"MissingPackage", "index.handler", map[string]string{"index.js": "require('nosuchpkg');"},
			"Runtime.ImportModuleError", "Error: Cannot find module 'nosuchpkg'\nRequire stack:\n- "},
		{"MissingESMPackage", "index.handler", map[string]string{"index.mjs": "import 'nosuchpkg';"},
			"Error", "Cannot find package 'nosuchpkg' imported from "},
		{"NotExported", "index.nope", map[string]string{"index.js": "exports.handler = () => {};"},
			"Runtime.HandlerNotFound", "index.nope is undefined or not exported"},
		{"NotAFunction", "index.value", map[string]string{"index.js": "exports.value = 42;"},
			"Runtime.HandlerNotFound", "index.value is not a function"},
		{"SyntaxError", "index.handler", map[string]string{"index.js": "exports.handler = () => {"},
			"Runtime.UserCodeSyntaxError", "SyntaxError: Unexpected end of input"},
		{"ESMSyntaxError", "index.handler", map[string]string{"index.mjs": "export const handler = (;"},
			"Runtime.UserCodeSyntaxError", "SyntaxError: Unexpected token"},
		{"Malformed", "index", map[string]string{"index.js": ""}, "Runtime.MalformedHandlerName", "Bad handler"},
		{"RelativePath", "../index.handler", nil, "Runtime.MalformedHandlerName", "'../index.handler' is not a valid handler name."},
		{"ThrowsAtLoad", "index.handler", map[string]string{"index.js": "throw new Error('bad config');"}, "Error", "bad config"},
		{"TopLevelAwaitRejects", "index.handler", map[string]string{"index.mjs": "await Promise.reject(new TypeError('no config'));"},
			"TypeError", "no config"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startNode(t, spec{handler: tc.handler, files: tc.files})
			p := c.await(t)
			body := errorBody(t, p)
			msg, _ := body["errorMessage"].(string)
			if p.kind != "init-error" || body["errorType"] != tc.errorType || !strings.HasPrefix(msg, tc.message) {
				t.Errorf("got %s %s, want %s %q…", p.kind, p.body, tc.errorType, tc.message)
			}
			if got := p.header.Get("Lambda-Runtime-Function-Error-Type"); got != tc.errorType {
				t.Errorf("error type header = %q", got)
			}
			if trace, _ := body["trace"].([]any); len(trace) == 0 {
				t.Errorf("no trace: %s", p.body)
			}
			c.output(t, "\tundefined\tERROR\tUncaught Exception \t{\"errorType\":\""+tc.errorType+"\"")
			if code := c.exitCode(t); code != 129 {
				t.Errorf("exit status %d, want 129", code)
			}
		})
	}
}

// TestNodeInitCrash checks that a crash after the handler loaded but before
// the first invocation is reported as an init error, as AWS does.
func TestNodeInitCrash(t *testing.T) {
	c := startNode(t, spec{handler: "index.handler", files: map[string]string{
		"index.js": "setTimeout(() => Promise.reject(new Error('late')), 50);\nexports.handler = async () => 'ok';",
	}})
	p := c.await(t)
	if body := errorBody(t, p); p.kind != "init-error" || body["errorType"] != "Runtime.UnhandledPromiseRejection" ||
		body["errorMessage"] != "Error: late" {
		t.Errorf("got %s %s", p.kind, p.body)
	}
	if code := c.exitCode(t); code != 128 {
		t.Errorf("exit status %d, want 128", code)
	}
}

func TestNodeModuleResolution(t *testing.T) {
	for _, tc := range []struct {
		name, handler string
		files         map[string]string
	}{
		{"CommonJS", "index.handler", map[string]string{"index.js": "exports.handler = async () => 'ok';"}},
		{"ESModuleMJS", "index.handler", map[string]string{"index.mjs": "export const handler = async () => 'ok';"}},
		{"CommonJSCJS", "index.handler", map[string]string{"index.cjs": "module.exports.handler = async () => 'ok';"}},
		{"TypeModule", "index.handler", map[string]string{
			"package.json": `{"type": "module"}`, "index.js": "export const handler = async () => 'ok';"}},
		{"TypeModuleInParent", "src/app/main.handler", map[string]string{
			"package.json": `{"type": "module"}`, "src/app/main.js": "export const handler = async () => 'ok';"}},
		{"JSBeforeMJS", "index.handler", map[string]string{
			"index.js": "exports.handler = async () => 'ok';", "index.mjs": "export const handler = async () => 'mjs';"}},
		{"NestedExport", "lib/index.api.v1.handler", map[string]string{
			"lib/index.js": "exports.api = { v1: { handler: async () => 'ok' } };"}},
		{"Directory", "app.handler", map[string]string{"app/index.js": "exports.handler = async () => 'ok';"}},
		{"ESMImportsCommonJS", "index.handler", map[string]string{
			"index.mjs": "import { value } from './lib.cjs'; export const handler = async () => value;",
			"lib.cjs":   "exports.value = 'ok';"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startNode(t, spec{handler: tc.handler, files: tc.files})
			if p := c.invoke(t, `{}`); p.kind != "response" || string(p.body) != `"ok"` {
				t.Errorf("got %s %s", p.kind, p.body)
			}
		})
	}

	t.Run("NodePathLayers", func(t *testing.T) {
		layer := filepath.Join(t.TempDir(), "nodejs", "node_modules")
		for _, dir := range []string{"cjspkg", "esmpkg"} {
			if err := os.MkdirAll(filepath.Join(layer, dir), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		os.WriteFile(filepath.Join(layer, "cjspkg", "index.js"), []byte("exports.name = 'cjs';"), 0o644)
		os.WriteFile(filepath.Join(layer, "esmpkg", "package.json"), []byte(`{"type": "module", "exports": "./main.js"}`), 0o644)
		os.WriteFile(filepath.Join(layer, "esmpkg", "main.js"), []byte("export const name = 'esm';"), 0o644)
		files := map[string]string{
			"cjs.js":  "const { name } = require('cjspkg'); exports.handler = async () => name;",
			"esm.mjs": "import { name } from 'esmpkg'; export const handler = async () => name;",
		}
		for handler, want := range map[string]string{"cjs.handler": `"cjs"`, "esm.handler": `"esm"`} {
			c := startNode(t, spec{handler: handler, files: files, env: []string{"NODE_PATH=" + layer}})
			if p := c.invoke(t, `{}`); string(p.body) != want {
				t.Errorf("%s: got %s %s, want %s", handler, p.kind, p.body, want)
			}
		}
	})
}

var nodeTextLine = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t([^\t]*)\t(\w+)\t`)

func TestNodeLogging(t *testing.T) {
	handler := `
console.log('at init');
exports.handler = async () => {
  console.log('hello %s', 'world', { a: 1 });
  console.info('multi\nline');
  console.warn('warned');
  console.error(new Error('logged error'));
  console.debug('debugging');
  console.trace('tracing');
  process.stdout.write('raw\n');
  return 'ok';
};
`
	t.Run("Text", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.handler", files: map[string]string{"index.js": handler}})
		p := c.invoke(t, `{}`)
		out := c.output(t, "raw\n")
		for _, tc := range []struct{ marker, id, level, message string }{
			{"at init", "undefined", "INFO", "at init"},
			{"hello", p.id, "INFO", "hello world { a: 1 }"},
			{"multi", p.id, "INFO", "multi"},
			{"warned", p.id, "WARN", "warned"},
			{"logged error", p.id, "ERROR", "Error: logged error"},
			{"debugging", p.id, "DEBUG", "debugging"},
			{"tracing", p.id, "TRACE", "tracing"},
		} {
			lines := c.lines(tc.marker)
			if len(lines) != 1 {
				t.Errorf("lines with %q: %q", tc.marker, lines)
				continue
			}
			m := nodeTextLine.FindStringSubmatch(lines[0])
			if m == nil || m[1] != tc.id || m[2] != tc.level || !strings.HasSuffix(lines[0], "\t"+tc.message) {
				t.Errorf("line %q, want request id %q, level %s, message %q", lines[0], tc.id, tc.level, tc.message)
			}
		}
		if !strings.Contains(out, "\tmulti\nline\n") {
			t.Errorf("multi-line message not kept together: %q", out)
		}
	})

	t.Run("JSON", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.handler", files: map[string]string{"index.js": handler},
			env: []string{"AWS_LAMBDA_LOG_FORMAT=JSON", "AWS_LAMBDA_LOG_LEVEL=INFO"}})
		p := c.invoke(t, `{}`)
		c.output(t, "raw\n")
		var entries []map[string]any
		for _, l := range strings.Split(strings.TrimSpace(c.out.String()), "\n") {
			if l == "raw" {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("log line %q is not JSON: %v", l, err)
			}
			if ts, _ := m["timestamp"].(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(ts) {
				t.Errorf("timestamp %q", ts)
			}
			delete(m, "timestamp")
			entries = append(entries, m)
		}
		if len(entries) != 5 {
			t.Fatalf("got %d JSON lines, want 5 (DEBUG and TRACE filtered):\n%s", len(entries), c.out)
		}
		want := []map[string]any{
			{"level": "INFO", "message": "at init"},
			{"level": "INFO", "requestId": p.id, "message": "hello world { a: 1 }"},
			{"level": "INFO", "requestId": p.id, "message": "multi\nline"},
			{"level": "WARN", "requestId": p.id, "message": "warned"},
		}
		if diff := cmp.Diff(want, entries[:4]); diff != "" {
			t.Errorf("entries (-want +got):\n%s", diff)
		}
		msg, _ := entries[4]["message"].(map[string]any)
		if entries[4]["level"] != "ERROR" || msg["errorType"] != "Error" || msg["errorMessage"] != "logged error" || msg["stackTrace"] == nil {
			t.Errorf("error entry %v", entries[4])
		}
	})
}

func TestNodeStreaming(t *testing.T) {
	handlers := `
exports.stream = awslambda.streamifyResponse(async (event, responseStream, context) => {
  responseStream.setContentType('text/plain');
  responseStream.write('hello ');
  await new Promise((r) => setTimeout(r, 20));
  responseStream.write(context.awsRequestId);
  responseStream.end();
});
exports.http = awslambda.streamifyResponse(async (event, stream) => {
  stream = awslambda.HttpResponseStream.from(stream, { statusCode: 201, headers: { 'x-a': 'b' } });
  stream.write('body');
  stream.write({ json: true });
  if (event.endWith) stream.end(event.endWith); else stream.end();
});
exports.httpEndOnly = awslambda.streamifyResponse(async (event, stream) => {
  stream = awslambda.HttpResponseStream.from(stream, { statusCode: 201 });
  stream.end('body');
});
exports.late = awslambda.streamifyResponse(async (event, stream) => {
  stream.write('x');
  stream.setContentType('text/plain');
});
exports.fails = awslambda.streamifyResponse(async (event, stream) => {
  stream.write('partial');
  throw new Error('midway');
});
`
	t.Run("Chunks", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.stream", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		if p.kind != "response" || string(p.body) != "hello "+p.id || p.header.Get("Content-Type") != "text/plain" ||
			p.header.Get("Lambda-Runtime-Function-Response-Mode") != "streaming" {
			t.Errorf("got %s %q %v", p.kind, p.body, p.header)
		}
	})

	t.Run("HTTPIntegration", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.http", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		want := `{"statusCode":201,"headers":{"x-a":"b"}}` + strings.Repeat("\x00", 8) + `body{"json":true}`
		if string(p.body) != want || p.header.Get("Content-Type") != "application/vnd.awslambda.http-integration-response" {
			t.Errorf("got %q (%s)", p.body, p.header.Get("Content-Type"))
		}
	})

	t.Run("HTTPIntegrationEndOnly", func(t *testing.T) {
		// As with AWS's client, end(chunk) skips the prelude that the first
		// write() would send.
		c := startNode(t, spec{handler: "index.httpEndOnly", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		if string(p.body) != "body" || p.header.Get("Content-Type") != "application/vnd.awslambda.http-integration-response" {
			t.Errorf("got %q (%s)", p.body, p.header.Get("Content-Type"))
		}
	})

	t.Run("ContentTypeTooLate", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.late", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		raw, _ := base64.StdEncoding.DecodeString(p.trailer.Get("Lambda-Runtime-Function-Error-Body"))
		if string(p.body) != "x" || p.trailer.Get("Lambda-Runtime-Function-Error-Type") != "Runtime.InvalidStreamingOperation" ||
			!strings.Contains(string(raw), "Cannot set content-type, too late.") {
			t.Errorf("got %q, trailers %v, %s", p.body, p.trailer, raw)
		}
	})

	t.Run("ErrorTrailers", func(t *testing.T) {
		c := startNode(t, spec{handler: "index.fails", files: map[string]string{"index.js": handlers}})
		p := c.invoke(t, `{}`)
		if string(p.body) != "partial" || p.trailer.Get("Lambda-Runtime-Function-Error-Type") != "Error" {
			t.Fatalf("got %q, trailers %v", p.body, p.trailer)
		}
		raw, err := base64.StdEncoding.DecodeString(p.trailer.Get("Lambda-Runtime-Function-Error-Body"))
		if err != nil {
			t.Fatal(err)
		}
		if body := errorBody(t, post{body: raw}); body["errorMessage"] != "midway" {
			t.Errorf("error body %s", raw)
		}
		// The next invocation works.
		if p := c.invoke(t, `{}`); p.trailer.Get("Lambda-Runtime-Function-Error-Type") != "Error" {
			t.Errorf("second invocation: %q %v", p.body, p.trailer)
		}
	})
}

func ExampleInstall() {
	dir, _ := os.MkdirTemp("", "runtime")
	defer os.RemoveAll(dir)
	if err := Install(dir); err != nil {
		panic(err)
	}
	for _, f := range []string{"python/bootstrap.py", "node/bootstrap.cjs"} {
		_, err := os.Stat(filepath.Join(dir, f))
		fmt.Println(f, err == nil)
	}
	// Output:
	// python/bootstrap.py true
	// node/bootstrap.cjs true
}
