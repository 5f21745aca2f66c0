package runtimes

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func startPython(t *testing.T, s spec) *client {
	t.Helper()
	return startClient(t, "python", s)
}

const pythonContextHandler = `import os

count = 0


def handler(event, context):
    global count
    count += 1
    cc = context.client_context
    return {
        "event": event,
        "count": count,
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining_ok": 0 < context.get_remaining_time_in_millis() <= 30000,
        "trace": os.environ.get("_X_AMZN_TRACE_ID"),
        "client_context": cc and {"custom": cc.custom, "env": cc.env, "app_title": cc.client.app_title},
        "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
    }
`

func TestPythonInvoke(t *testing.T) {
	c := startPython(t, spec{handler: "h.handler", files: map[string]string{"h.py": pythonContextHandler}})

	t.Run("ContextAndHeaders", func(t *testing.T) {
		p := c.invoke(t, `{"name": "virga"}`,
			"Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
			"Lambda-Runtime-Client-Context", `{"client": {"app_title": "app"}, "custom": {"k": "v"}, "env": {"platform": "x"}}`,
			"Lambda-Runtime-Cognito-Identity", `{"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"}`)
		if p.kind != "response" || p.header.Get("Content-Type") != "application/json" {
			t.Fatalf("got %s %q (%s)", p.kind, p.body, p.header.Get("Content-Type"))
		}
		var got map[string]any
		if err := json.Unmarshal(p.body, &got); err != nil {
			t.Fatal(err)
		}
		want := map[string]any{
			"event":                map[string]any{"name": "virga"},
			"count":                1.0,
			"aws_request_id":       p.id,
			"function_name":        "fn",
			"function_version":     "$LATEST",
			"invoked_function_arn": "arn:aws:lambda:us-east-1:123456789012:function:fn",
			"memory_limit_in_mb":   "128",
			"log_group_name":       "/aws/lambda/fn",
			"log_stream_name":      "2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef",
			"remaining_ok":         true,
			"trace":                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
			"client_context":       map[string]any{"custom": map[string]any{"k": "v"}, "env": map[string]any{"platform": "x"}, "app_title": "app"},
			"identity":             []any{"id-1", "pool-1"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("handler saw (-want +got):\n%s", diff)
		}
	})

	t.Run("StatePersistsAndTraceIsCleared", func(t *testing.T) {
		p := c.invoke(t, `[1, 2]`)
		var got map[string]any
		if err := json.Unmarshal(p.body, &got); err != nil {
			t.Fatal(err)
		}
		if got["count"] != 2.0 || got["trace"] != nil || got["client_context"] != nil {
			t.Errorf("count, trace, client_context = %v, %v, %v; want 2, nil, nil", got["count"], got["trace"], got["client_context"])
		}
		if diff := cmp.Diff([]any{nil, nil}, got["identity"]); diff != "" {
			t.Errorf("identity without header (-want +got):\n%s", diff)
		}
	})

	t.Run("BadEvent", func(t *testing.T) {
		p := c.invoke(t, `{not json`)
		body := errorBody(t, p)
		if p.kind != "error" || body["errorType"] != "Runtime.UnmarshalError" ||
			!strings.HasPrefix(body["errorMessage"].(string), "Unable to unmarshal input: Expecting property name") {
			t.Errorf("got %s %s", p.kind, p.body)
		}
	})
}

func TestPythonResults(t *testing.T) {
	handler := `import decimal

def handler(event, context):
    kind = event["kind"]
    if kind == "none":
        return None
    if kind == "decimal":
        return {"a": decimal.Decimal("1.10"), "b": [decimal.Decimal("12345678901234567890.123")], "c": decimal.Decimal("NaN")}
    if kind == "unicode":
        return {"s": "caf\u00e9 \u2603"}
    if kind == "bytes":
        return b"\x00raw"
    if kind == "set":
        return {1}
    if kind == "string":
        return "hello"
`
	for _, tc := range []struct {
		name, kind, runtime string
		want                string
		contentType         string
	}{
		{"NoneIsNull", "none", "", "null", "application/json"},
		{"String", "string", "", `"hello"`, "application/json"},
		{"DecimalsAreExact", "decimal", "", `{"a": 1.10, "b": [12345678901234567890.123], "c": NaN}`, "application/json"},
		{"Python311EscapesUnicode", "unicode", "AWS_Lambda_python3.11", `{"s": "caf\u00e9 \u2603"}`, "application/json"},
		{"Python312KeepsUnicode", "unicode", "AWS_Lambda_python3.12", "{\"s\": \"caf\u00e9 \u2603\"}", "application/json"},
		{"BytesAreRaw", "bytes", "", "\x00raw", "application/unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startPython(t, spec{handler: "h.handler", files: map[string]string{"h.py": handler},
				env: []string{"AWS_EXECUTION_ENV=" + tc.runtime}})
			p := c.invoke(t, fmt.Sprintf(`{"kind": %q}`, tc.kind))
			if p.kind != "response" || string(p.body) != tc.want || p.header.Get("Content-Type") != tc.contentType {
				t.Errorf("got %s %q (%s), want response %q (%s)", p.kind, p.body, p.header.Get("Content-Type"), tc.want, tc.contentType)
			}
		})
	}

	t.Run("MarshalError", func(t *testing.T) {
		c := startPython(t, spec{handler: "h.handler", files: map[string]string{"h.py": handler}})
		p := c.invoke(t, `{"kind": "set"}`)
		want := map[string]any{
			"errorMessage": "Unable to marshal response: Object of type set is not JSON serializable",
			"errorType":    "Runtime.MarshalError",
			"requestId":    p.id,
			"stackTrace":   []any{},
		}
		if diff := cmp.Diff(want, errorBody(t, p)); diff != "" || p.kind != "error" {
			t.Errorf("%s (-want +got):\n%s", p.kind, diff)
		}
		if got := p.header.Get("Lambda-Runtime-Function-Error-Type"); got != "Runtime.MarshalError" {
			t.Errorf("error type header = %q", got)
		}
	})
}

func TestPythonHandlerError(t *testing.T) {
	handler := "def handler(event, context):\n    helper()\n\n\ndef helper():\n    raise Exception(\"boom\")\n"
	c := startPython(t, spec{handler: "h.handler", files: map[string]string{"h.py": handler}})
	p := c.invoke(t, `{}`)
	if p.kind != "error" || p.header.Get("Lambda-Runtime-Function-Error-Type") != "Exception" {
		t.Fatalf("got %s with error type %q", p.kind, p.header.Get("Lambda-Runtime-Function-Error-Type"))
	}
	file := filepath.Join(c.task, "h.py")
	want := map[string]any{
		"errorMessage": "boom",
		"errorType":    "Exception",
		"requestId":    p.id,
		"stackTrace": []any{
			fmt.Sprintf("  File \"%s\", line 2, in handler\n    helper()\n", file),
			fmt.Sprintf("  File \"%s\", line 6, in helper\n    raise Exception(\"boom\")\n", file),
		},
	}
	if diff := cmp.Diff(want, errorBody(t, p)); diff != "" {
		t.Errorf("error body (-want +got):\n%s", diff)
	}
	nb := "\u00a0"
	log := "[ERROR] Exception: boom\nTraceback (most recent call last):\n" +
		fmt.Sprintf("%[1]s%[1]sFile \"%[2]s\", line 2, in handler\n%[1]s%[1]s%[1]s%[1]shelper()\n", nb, file) +
		fmt.Sprintf("%[1]s%[1]sFile \"%[2]s\", line 6, in helper\n%[1]s%[1]s%[1]s%[1]sraise Exception(\"boom\")\n", nb, file)
	c.output(t, log)

	// The runtime carries on.
	if p := c.invoke(t, `{}`); p.kind != "error" {
		t.Errorf("second invocation: %s", p.kind)
	}
}

func TestPythonInitErrors(t *testing.T) {
	for _, tc := range []struct {
		name, handler string
		files         map[string]string
		errorType     string
		message       string // exact, or a prefix when it ends with "…"
	}{
		{"ImportError", "h.handler", map[string]string{"h.py": "import nosuchmodule\n"},
			"Runtime.ImportModuleError", "Unable to import module 'h': No module named 'nosuchmodule'"},
		{"MissingModule", "missing.handler", nil,
			"Runtime.ImportModuleError", "Unable to import module 'missing': No module named 'missing'"},
		{"HandlerNotFound", "h.nope", map[string]string{"h.py": "x = 1\n"},
			"Runtime.HandlerNotFound", "Handler 'nope' missing on module 'h'"},
		{"SyntaxError", "h.handler", map[string]string{"h.py": "def handler(:\n    pass\n"},
			"Runtime.UserCodeSyntaxError", "Syntax error in module 'h': invalid syntax…"},
		{"MalformedHandler", "h", map[string]string{"h.py": ""},
			"Runtime.MalformedHandlerName", "Bad handler 'h': not enough values to unpack (expected 2, got 1)"},
		{"BuiltInModule", "sys.handler", nil,
			"Runtime.BuiltInModuleConflict", "Cannot use built-in module sys as a handler module"},
		{"RaisesAtImport", "h.handler", map[string]string{"h.py": "raise ValueError('bad config')\n"},
			"ValueError", "bad config"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := startPython(t, spec{handler: tc.handler, files: tc.files})
			p := c.await(t)
			if p.kind != "init-error" || p.header.Get("Lambda-Runtime-Function-Error-Type") != tc.errorType {
				t.Fatalf("got %s with error type %q: %s", p.kind, p.header.Get("Lambda-Runtime-Function-Error-Type"), p.body)
			}
			body := errorBody(t, p)
			msg, _ := body["errorMessage"].(string)
			if prefix, ok := strings.CutSuffix(tc.message, "…"); ok && !strings.HasPrefix(msg, prefix) || !ok && msg != tc.message {
				t.Errorf("errorMessage = %q, want %q", msg, tc.message)
			}
			if body["errorType"] != tc.errorType || body["requestId"] != "" || body["stackTrace"] == nil {
				t.Errorf("body = %s", p.body)
			}
			c.output(t, "[ERROR] "+tc.errorType+": "+strings.TrimSuffix(tc.message, "…"))
			c.output(t, "\nTraceback (most recent call last):")
			if code := c.exitCode(t); code == 0 {
				t.Error("client exited with status 0 after an init error")
			}
		})
	}

	t.Run("LogIsOneBlock", func(t *testing.T) {
		c := startPython(t, spec{handler: "h.handler", files: map[string]string{"h.py": "import x\n"}})
		c.await(t)
		c.exitCode(t)
		want := "[ERROR] Runtime.ImportModuleError: Unable to import module 'h': No module named 'x'\nTraceback (most recent call last):\n"
		if got := c.out.String(); got != want {
			t.Errorf("output = %q, want %q", got, want)
		}
	})
}

func TestPythonModulePaths(t *testing.T) {
	files := map[string]string{
		"pkg/__init__.py":     "",
		"pkg/sub/__init__.py": "",
		"pkg/sub/mod.py":      "def handler(e, c):\n    return 'dotted'\n",
		"dir/deep/mod.py":     "def handler(e, c):\n    return 'slashed'\n",
	}
	for handler, want := range map[string]string{"pkg.sub.mod.handler": `"dotted"`, "dir/deep/mod.handler": `"slashed"`} {
		t.Run(strings.ReplaceAll(handler, "/", "_"), func(t *testing.T) {
			c := startPython(t, spec{handler: handler, files: files})
			if p := c.invoke(t, `{}`); string(p.body) != want {
				t.Errorf("got %s %s, want %s", p.kind, p.body, want)
			}
		})
	}
}

func TestPythonSysPath(t *testing.T) {
	c := startPython(t, spec{handler: "h.handler", files: map[string]string{
		"h.py": "import sys\n\ndef handler(e, c):\n    return sys.path\n",
	}})
	p := c.invoke(t, `{}`)
	var path []string
	if err := json.Unmarshal(p.body, &path); err != nil {
		t.Fatalf("%s: %v", p.body, err)
	}
	rt, _ := runtimeDir()
	in := interpreter(t, "python")
	xy := strings.Join(strings.Split(in.Version, ".")[:2], ".")
	want := []string{c.task, "/opt/python/lib/python" + xy + "/site-packages", "/opt/python", rt}
	if len(path) < len(want) || !cmp.Equal(path[:len(want)], want) {
		t.Errorf("sys.path starts %q, want %q", path, want)
	}
	for _, p := range path {
		if p == filepath.Join(rt, "python") {
			t.Errorf("sys.path holds the client's own directory: %q", path)
		}
	}
}

// TestPythonSitePackages checks that packages installed for the interpreter
// are importable although the client runs with -S, using a virtual
// environment as the interpreter.
func TestPythonSitePackages(t *testing.T) {
	in := interpreter(t, "python")
	venv := filepath.Join(t.TempDir(), "venv")
	if out, err := exec.Command(in.Path, "-m", "venv", "--without-pip", venv).CombinedOutput(); err != nil {
		t.Skipf("cannot make a virtual environment: %v\n%s", err, out)
	}
	site, err := filepath.Glob(filepath.Join(venv, "lib", "python3*", "site-packages"))
	if err != nil || len(site) != 1 {
		t.Fatalf("venv site-packages: %v %v", site, err)
	}
	if err := os.WriteFile(filepath.Join(site[0], "hostpkg.py"), []byte("VALUE = 'from site-packages'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := startPython(t, spec{handler: "h.handler", python: filepath.Join(venv, "bin", "python3"), files: map[string]string{
		"h.py": "import hostpkg\n\ndef handler(e, c):\n    return hostpkg.VALUE\n",
	}})
	if p := c.invoke(t, `{}`); string(p.body) != `"from site-packages"` {
		t.Errorf("got %s %s", p.kind, p.body)
	}
}

// TestPythonBytecode checks that the client is loaded from the bytecode
// InstallClients compiled, not compiled again at every start.
func TestPythonBytecode(t *testing.T) {
	c := startPython(t, spec{handler: "h.handler", files: map[string]string{"h.py": "def handler(e, c):\n    pass\n"},
		env: []string{"PYTHONVERBOSE=1"}})
	c.awaitNext(t, 1)
	out := c.out.String()
	if !regexp.MustCompile(`code object from '[^']*/__pycache__/virga_runtime\.[^']*\.pyc'`).MatchString(out) {
		t.Errorf("virga_runtime was not loaded from bytecode:\n%s", out)
	}
}

var textLogLine = regexp.MustCompile(`^\[(\w+)\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t([^\t]*)\t(.*)$`)

func TestPythonLogging(t *testing.T) {
	handler := `import logging, sys

logger = logging.getLogger()
logger.info("init info")
logger.warning("init warning")


def handler(event, context):
    print("printed", "raw")
    logging.getLogger("child").warning("multi\nline")
    logger.info("handler info")
    sys.stdout.write("partial line")
    return len(logger.handlers)
`
	t.Run("Text", func(t *testing.T) {
		c := startPython(t, spec{handler: "h.handler", files: map[string]string{"h.py": handler}})
		p := c.invoke(t, `{}`)
		if string(p.body) != "1" {
			t.Errorf("root logger has %s handlers, want 1", p.body)
		}
		out := c.output(t, "partial line")
		for _, l := range []string{"init warning", "multi"} {
			lines := c.lines(l)
			if len(lines) != 1 || !textLogLine.MatchString(lines[0]) {
				t.Errorf("log line for %q = %q, want AWS's text format", l, lines)
			}
		}
		if m := textLogLine.FindStringSubmatch(c.lines("init warning")[0]); m[1] != "WARNING" || m[2] != "" {
			t.Errorf("init line: level %q, request id %q", m[1], m[2])
		}
		if m := textLogLine.FindStringSubmatch(c.lines("multi")[0]); m[2] != p.id || !strings.Contains(out, "\tmulti\nline\n") {
			t.Errorf("handler line: request id %q, want %q; output %q", m[2], p.id, out)
		}
		if !strings.Contains(out, "printed raw\n") || strings.Contains(out, "info") {
			t.Errorf("output = %q, want print raw and INFO filtered out", out)
		}
	})

	t.Run("TextWithLevel", func(t *testing.T) {
		c := startPython(t, spec{handler: "h.handler", files: map[string]string{"h.py": handler},
			env: []string{"AWS_LAMBDA_LOG_LEVEL=INFO"}})
		c.invoke(t, `{}`)
		c.output(t, "handler info")
	})

	t.Run("JSON", func(t *testing.T) {
		handler := `import logging

logger = logging.getLogger("app")


def handler(event, context):
    logger.debug("hidden")
    logger.info("hello %s", "world", extra={"k": "v"})
    try:
        1 / 0
    except ZeroDivisionError:
        logger.exception("failed")
    print("plain")
    raise KeyError("gone")
`
		c := startPython(t, spec{handler: "h.handler", files: map[string]string{"h.py": handler},
			env: []string{"AWS_LAMBDA_LOG_FORMAT=JSON", "AWS_LAMBDA_LOG_LEVEL=INFO", "AWS_EXECUTION_ENV=AWS_Lambda_python3.12"}})
		p := c.invoke(t, `{}`)
		c.output(t, `"errorType": "KeyError"`)
		var entries []map[string]any
		for _, l := range strings.Split(strings.TrimSpace(c.out.String()), "\n") {
			if l == "plain" {
				continue
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("log line %q is not JSON: %v", l, err)
			}
			entries = append(entries, m)
		}
		if len(entries) != 3 {
			t.Fatalf("got %d JSON log lines, want 3:\n%s", len(entries), c.out)
		}
		ts, _ := entries[0]["timestamp"].(string)
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(ts) {
			t.Errorf("timestamp %q", ts)
		}
		delete(entries[0], "timestamp")
		want := map[string]any{"level": "INFO", "message": "hello world", "logger": "app", "requestId": p.id, "k": "v"}
		if diff := cmp.Diff(want, entries[0]); diff != "" {
			t.Errorf("info entry (-want +got):\n%s", diff)
		}
		if e := entries[1]; e["level"] != "ERROR" || e["errorType"] != "ZeroDivisionError" || e["stackTrace"] == nil ||
			!strings.Contains(e["location"].(string), "h.py:handler:") {
			t.Errorf("exception entry = %v", e)
		}
		if e := entries[2]; e["level"] != "ERROR" || e["errorType"] != "KeyError" || e["errorMessage"] != "'gone'" ||
			e["requestId"] != p.id || !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$`).MatchString(e["timestamp"].(string)) {
			t.Errorf("invocation error entry = %v", e)
		}
	})
}
