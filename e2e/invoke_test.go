package e2e

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

const pythonApp = `import os, time
count = 0
def handler(event, context):
    global count
    count += 1
    action = event.get("action")
    if action == "fail":
        raise ValueError("boom")
    if action == "sleep":
        time.sleep(event["seconds"])
    if action == "exit":
        os._exit(3)
    if action == "oom":
        hog = b"x" * (400 * 1024 * 1024)
        return len(hog)
    if action == "big":
        return "x" * (7 * 1024 * 1024)
    if action == "read":
        try:
            return open(event["path"]).read()[:100]
        except Exception as e:
            return "denied: " + type(e).__name__
    if action == "pids":
        return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    if action == "write_tmp":
        open("/tmp/mark", "w").write(event["value"])
    if action == "read_tmp":
        return open("/tmp/mark").read() if os.path.exists("/tmp/mark") else None
    print("hello from python")
    return {"count": count, "event": event, "fn": context.function_name, "version": context.function_version,
            "arn": context.invoked_function_arn, "memory": context.memory_limit_in_mb,
            "remaining": context.get_remaining_time_in_millis(), "greeting": os.environ.get("GREETING"),
            "uid": os.getuid(), "task_root": os.environ.get("LAMBDA_TASK_ROOT"), "cwd": os.getcwd(),
            "custom": context.client_context.custom if context.client_context else None}
`

func createFn(t *testing.T, s *server, name, runtime, handler string, files map[string]string, mutate func(*lambda.CreateFunctionInput)) {
	t.Helper()
	createZip(t, s, name, runtime, handler, zipOf(t, files), mutate)
}

func createZip(t *testing.T, s *server, name, runtime, handler string, code []byte, mutate func(*lambda.CreateFunctionInput)) {
	t.Helper()
	in := &lambda.CreateFunctionInput{
		FunctionName: aws.String(name), Role: aws.String(role), Runtime: types.Runtime(runtime),
		Handler: aws.String(handler), Code: &types.FunctionCode{ZipFile: code}, Timeout: aws.Int32(10),
	}
	if mutate != nil {
		mutate(in)
	}
	if _, err := s.lambda().CreateFunction(ctx(t), in); err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	waitActive(t, s.lambda(), name)
}

// invoke calls a function synchronously with the log tail.
func invoke(t *testing.T, s *server, name string, payload any) *lambda.InvokeOutput {
	t.Helper()
	data, _ := json.Marshal(payload)
	out, err := s.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String(name), Payload: data, LogType: types.LogTypeTail})
	if err != nil {
		t.Fatalf("invoke %s: %v", name, err)
	}
	return out
}

func decode(t *testing.T, out *lambda.InvokeOutput) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(out.Payload, &m); err != nil {
		t.Fatalf("payload %q: %v", out.Payload, err)
	}
	return m
}

func logTail(t *testing.T, out *lambda.InvokeOutput) string {
	data, err := base64.StdEncoding.DecodeString(aws.ToString(out.LogResult))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func wantFunctionError(t *testing.T, out *lambda.InvokeOutput, errorType, message string) {
	t.Helper()
	if aws.ToString(out.FunctionError) != "Unhandled" {
		t.Fatalf("FunctionError = %q, payload %s", aws.ToString(out.FunctionError), out.Payload)
	}
	var m map[string]any
	json.Unmarshal(out.Payload, &m)
	if m["errorType"] != errorType || !strings.Contains(m["errorMessage"].(string), message) {
		t.Fatalf("payload %s, want %s / %q", out.Payload, errorType, message)
	}
}

func TestInvokePython(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "py", "python3.12", "app.handler", map[string]string{"app.py": pythonApp}, func(in *lambda.CreateFunctionInput) {
		in.Environment = &types.Environment{Variables: map[string]string{"GREETING": "hi"}}
	})

	t.Run("ResultAndContext", func(t *testing.T) {
		out, err := s.lambda().Invoke(ctx(t), &lambda.InvokeInput{
			FunctionName: aws.String("py"), Payload: []byte(`{"n":1}`), LogType: types.LogTypeTail,
			ClientContext: aws.String(base64.StdEncoding.EncodeToString([]byte(`{"custom":{"k":"v"}}`))),
		})
		if err != nil {
			t.Fatal(err)
		}
		m := decode(t, out)
		if custom, _ := m["custom"].(map[string]any); custom["k"] != "v" {
			t.Errorf("client context custom = %v", m["custom"])
		}
		if m["count"] != 1.0 || m["fn"] != "py" || m["version"] != "$LATEST" || m["memory"] != "128" && m["memory"] != 128.0 ||
			m["greeting"] != "hi" || m["uid"] == 0.0 || m["task_root"] != "/var/task" || m["cwd"] != "/var/task" {
			t.Errorf("payload %v", m)
		}
		if !strings.HasSuffix(m["arn"].(string), ":function:py") {
			t.Errorf("invoked arn %v", m["arn"])
		}
		if aws.ToString(out.ExecutedVersion) != "$LATEST" {
			t.Errorf("executed version %q", aws.ToString(out.ExecutedVersion))
		}
		tail := logTail(t, out)
		for _, want := range []string{"INIT_START Runtime Version: python:", "START RequestId: ", " Version: $LATEST\n", "hello from python\n", "END RequestId: ", "REPORT RequestId: ", "\tBilled Duration: ", "\tMemory Size: 128 MB\t", "\tInit Duration: "} {
			if !strings.Contains(tail, want) {
				t.Errorf("log tail lacks %q:\n%s", want, tail)
			}
		}
	})
	t.Run("WarmReuse", func(t *testing.T) {
		out := invoke(t, s, "py", map[string]any{})
		if m := decode(t, out); m["count"] != 2.0 {
			t.Errorf("count = %v, want 2 (a warm environment)", m["count"])
		}
		if tail := logTail(t, out); strings.Contains(tail, "Init Duration") || strings.Contains(tail, "INIT_START") {
			t.Errorf("warm invoke reports init:\n%s", tail)
		}
	})
	t.Run("HandledError", func(t *testing.T) {
		wantFunctionError(t, invoke(t, s, "py", map[string]any{"action": "fail"}), "ValueError", "boom")
	})
	t.Run("TmpPersistsWhileWarm", func(t *testing.T) {
		invoke(t, s, "py", map[string]any{"action": "write_tmp", "value": "secret-tmp"})
		out := invoke(t, s, "py", map[string]any{"action": "read_tmp"})
		if string(out.Payload) != `"secret-tmp"` {
			t.Errorf("read_tmp = %s", out.Payload)
		}
	})
	t.Run("Isolation", func(t *testing.T) {
		out := invoke(t, s, "py", map[string]any{"action": "read", "path": filepath.Join(s.dataDir, "admin.json")})
		if !strings.Contains(string(out.Payload), "denied") {
			t.Errorf("function read the data dir: %s", out.Payload)
		}
		var pids []int
		json.Unmarshal(invoke(t, s, "py", map[string]any{"action": "pids"}).Payload, &pids)
		if len(pids) == 0 || len(pids) > 3 || pids[0] != 1 {
			t.Errorf("function sees pids %v", pids)
		}
		createFn(t, s, "py-other", "python3.12", "app.handler", map[string]string{"app.py": pythonApp}, nil)
		if out := invoke(t, s, "py-other", map[string]any{"action": "read_tmp"}); string(out.Payload) != "null" {
			t.Errorf("another function's /tmp is visible: %s", out.Payload)
		}
	})
	t.Run("Simultaneous", func(t *testing.T) {
		createFn(t, s, "py-par", "python3.12", "app.handler", map[string]string{"app.py": pythonApp}, nil)
		var wg sync.WaitGroup
		counts := make([]any, 2)
		for i := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				out := invoke(t, s, "py-par", map[string]any{"action": "sleep", "seconds": 1})
				counts[i] = decode(t, out)["count"]
			}()
		}
		wg.Wait()
		if counts[0] != 1.0 || counts[1] != 1.0 {
			t.Errorf("counts %v: simultaneous invokes shared an environment", counts)
		}
	})
	t.Run("Timeout", func(t *testing.T) {
		createFn(t, s, "py-slow", "python3.12", "app.handler", map[string]string{"app.py": pythonApp}, func(in *lambda.CreateFunctionInput) { in.Timeout = aws.Int32(1) })
		out := invoke(t, s, "py-slow", map[string]any{"action": "sleep", "seconds": 5})
		wantFunctionError(t, out, "Sandbox.Timedout", "Task timed out after 1.00 seconds")
		if tail := logTail(t, out); !strings.Contains(tail, "Task timed out after 1.00 seconds") || !strings.Contains(tail, "Status: timeout") {
			t.Errorf("log:\n%s", tail)
		}
		if m := decode(t, invoke(t, s, "py-slow", map[string]any{})); m["count"] != 1.0 {
			t.Errorf("after a timeout the environment was reused: %v", m)
		}
	})
	t.Run("Crash", func(t *testing.T) {
		out := invoke(t, s, "py", map[string]any{"action": "exit"})
		wantFunctionError(t, out, "Runtime.ExitError", "Runtime exited with error: exit status 3")
		if m := decode(t, invoke(t, s, "py", map[string]any{})); m["count"] != 1.0 {
			t.Errorf("crashed environment reused: %v", m)
		}
	})
	t.Run("OutOfMemory", func(t *testing.T) {
		wantFunctionError(t, invoke(t, s, "py", map[string]any{"action": "oom"}), "Runtime.OutOfMemory", "signal: killed")
	})
	t.Run("ResponseTooLarge", func(t *testing.T) {
		wantFunctionError(t, invoke(t, s, "py", map[string]any{"action": "big"}), "Function.ResponseSizeTooLarge", "Response payload size exceeded maximum allowed payload size (6291556 bytes).")
	})
	t.Run("RequestTooLarge", func(t *testing.T) {
		big := `{"x":"` + strings.Repeat("a", 6291456) + `"}`
		resp := s.signed(t, "POST", "/2015-03-31/functions/py/invocations", []byte(big))
		if resp.status != 413 || resp.header.Get("x-amzn-ErrorType") != "RequestEntityTooLargeException" {
			t.Errorf("status %d %s", resp.status, resp.body)
		}
	})
	t.Run("InvalidJSON", func(t *testing.T) {
		resp := s.signed(t, "POST", "/2015-03-31/functions/py/invocations", []byte("{not json"))
		if resp.status != 400 || resp.header.Get("x-amzn-ErrorType") != "InvalidRequestContentException" {
			t.Errorf("status %d %s", resp.status, resp.body)
		}
	})
	t.Run("DryRun", func(t *testing.T) {
		out, err := s.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("py"), InvocationType: types.InvocationTypeDryRun})
		if err != nil || out.StatusCode != 204 {
			t.Errorf("dry run: %v %v", out, err)
		}
	})
}

func TestInvokeInitError(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "broken", "python3.12", "app.handler", map[string]string{"app.py": "import not_a_module\n"}, nil)
	out := invoke(t, s, "broken", map[string]any{})
	wantFunctionError(t, out, "Runtime.ImportModuleError", "Unable to import module 'app'")
	createFn(t, s, "nohandler", "python3.12", "app.nope", map[string]string{"app.py": "x = 1\n"}, nil)
	wantFunctionError(t, invoke(t, s, "nohandler", map[string]any{}), "Runtime.HandlerNotFound", "nope")
	createFn(t, s, "nobootstrap", "provided.al2023", "x", map[string]string{"readme": "no bootstrap"}, nil)
	wantFunctionError(t, invoke(t, s, "nobootstrap", map[string]any{}), "Runtime.InvalidEntrypoint", "bootstrap")
}

func TestInvokeNode(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "cjs", "nodejs20.x", "index.handler", map[string]string{"index.js": `
let count = 0;
exports.handler = async (event, context) => {
  count++;
  if (event.fail) throw new Error("node boom");
  console.log("hello from node");
  return {count, event, id: context.awsRequestId, fn: context.functionName};
};`}, nil)
	createFn(t, s, "esm", "nodejs22.x", "app.handler", map[string]string{"app.mjs": `export const handler = async (event) => ({esm: true, event});`}, nil)
	createFn(t, s, "callback", "nodejs18.x", "cb.handler", map[string]string{"cb.js": `exports.handler = (event, context, callback) => { callback(null, {cb: true}); };`}, nil)

	out := invoke(t, s, "cjs", map[string]any{"n": 1})
	if m := decode(t, out); m["count"] != 1.0 || m["fn"] != "cjs" || m["id"] == "" {
		t.Errorf("cjs: %v", m)
	}
	if tail := logTail(t, out); !strings.Contains(tail, "\tINFO\thello from node") {
		t.Errorf("node log:\n%s", tail)
	}
	if m := decode(t, invoke(t, s, "cjs", map[string]any{})); m["count"] != 2.0 {
		t.Errorf("warm: %v", m)
	}
	wantFunctionError(t, invoke(t, s, "cjs", map[string]any{"fail": true}), "Error", "node boom")
	if m := decode(t, invoke(t, s, "esm", map[string]any{"a": 1})); m["esm"] != true {
		t.Errorf("esm: %v", m)
	}
	if m := decode(t, invoke(t, s, "callback", map[string]any{})); m["cb"] != true {
		t.Errorf("callback: %v", m)
	}
}

func TestInvokeProvided(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	bin := filepath.Join(t.TempDir(), "bootstrap")
	build := exec.Command("go", "build", "-o", bin, "./functions/goecho")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build go function: %v\n%s", err, out)
	}
	goBootstrap, _ := os.ReadFile(bin)
	createFn(t, s, "go", "provided.al2023", "anything", map[string]string{"bootstrap": string(goBootstrap)}, nil)
	out := invoke(t, s, "go", map[string]any{"echo": "hi"})
	m := decode(t, out)
	if m["echo"] != "hi" || m["version"] != "$LATEST" || m["handler"] != "anything" || m["requestId"] == "" {
		t.Errorf("go: %v", m)
	}
	wantFunctionError(t, invoke(t, s, "go", map[string]any{"fail": "go boom"}), "errorString", "go boom")

	shell := `#!/bin/sh
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
while true; do
  headers=$(mktemp)
  body=$(curl -sS -D "$headers" "$api/next")
  id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\r\n')
  echo "shell got $id"
  curl -sS -o /dev/null -X POST "$api/$id/response" -d "{\"shell\":$body}"
done
`
	createFn(t, s, "shell", "provided.al2", "x", map[string]string{"bootstrap": shell}, nil)
	out = invoke(t, s, "shell", map[string]any{"k": "v"})
	if m := decode(t, out); m["shell"] == nil {
		t.Errorf("shell: %s", out.Payload)
	}
	if tail := logTail(t, out); !strings.Contains(tail, "shell got ") {
		t.Errorf("shell log:\n%s", tail)
	}
}
