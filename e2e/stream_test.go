package e2e

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// streamingNode is one streaming handler for both Node.js runtime clients:
// Virga's own (nodejs20.x) and npm aws-lambda-ric (provided.al2023).
const streamingNode = `exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  if (event.http) {
    responseStream = awslambda.HttpResponseStream.from(responseStream, {statusCode: 201, headers: {'x-a': 'b'}, cookies: ['c=d']});
  } else {
    responseStream.setContentType('text/plain');
  }
  responseStream.write('first;');
  if (event.fail) throw new Error('stream boom');
  if (event.hang) await new Promise((r) => setTimeout(r, 60000));
  await new Promise((r) => setTimeout(r, event.http ? 0 : 1000));
  console.log('second at ' + Date.now());
  responseStream.write('second;');
  responseStream.end();
});`

// streamed is what a client read from InvokeWithResponseStream.
type streamed struct {
	chunks   []string
	firstAt  time.Time // when the first chunk arrived
	complete *types.InvokeWithResponseStreamCompleteEvent
	out      *lambda.InvokeWithResponseStreamOutput
}

// invokeStreaming reads a function's answer with aws-sdk-go-v2, event by
// event, with the log tail.
func invokeStreaming(t *testing.T, s *server, name string, payload any) streamed {
	t.Helper()
	data, _ := json.Marshal(payload)
	out, err := s.lambda().InvokeWithResponseStream(ctx(t), &lambda.InvokeWithResponseStreamInput{
		FunctionName: aws.String(name), Payload: data, LogType: types.LogTypeTail,
	})
	if err != nil {
		t.Fatalf("InvokeWithResponseStream %s: %v", name, err)
	}
	stream := out.GetStream()
	defer stream.Close()
	got := streamed{out: out}
	for ev := range stream.Events() {
		switch v := ev.(type) {
		case *types.InvokeWithResponseStreamResponseEventMemberPayloadChunk:
			if len(got.chunks) == 0 {
				got.firstAt = time.Now()
			}
			got.chunks = append(got.chunks, string(v.Value.Payload))
		case *types.InvokeWithResponseStreamResponseEventMemberInvokeComplete:
			if got.complete != nil {
				t.Errorf("%s: a second InvokeComplete", name)
			}
			got.complete = &v.Value
		default:
			t.Errorf("%s: unexpected event %T", name, ev)
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatalf("%s: reading the stream: %v", name, err)
	}
	if got.complete == nil {
		t.Fatalf("%s: no InvokeComplete after %q", name, got.chunks)
	}
	return got
}

func (s streamed) tail(t *testing.T) string {
	t.Helper()
	data, err := base64.StdEncoding.DecodeString(aws.ToString(s.complete.LogResult))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var secondAt = regexp.MustCompile(`second at (\d+)`)

// TestInvokeWithResponseStreamNode streams from a Node.js handler under
// Virga's runtime client and under aws-lambda-ric, which must behave alike.
func TestInvokeWithResponseStreamNode(t *testing.T) {
	s := startServer(t)
	timeout := func(in *lambda.CreateFunctionInput) { in.Timeout = aws.Int32(3) }
	createFn(t, s, "virga-node", "nodejs20.x", "index.handler", map[string]string{"index.js": streamingNode}, timeout)
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed:", err)
	}
	node, _ = filepath.EvalSymlinks(node)
	createZip(t, s, "ric-node", "provided.al2023", "index.handler", zipTree(t, installRIC(t), "node_modules/aws-lambda-ric", map[string]string{
		"bootstrap": "#!/bin/sh\ncd \"$LAMBDA_TASK_ROOT\"\nexec " + node + " node_modules/aws-lambda-ric/bin/index.mjs \"$_HANDLER\"\n",
		"index.js":  streamingNode,
	}), timeout)

	for _, fn := range []string{"virga-node", "ric-node"} {
		t.Run(fn, func(t *testing.T) {
			t.Run("FirstChunkBeforeTheFunctionEnds", func(t *testing.T) {
				got := invokeStreaming(t, s, fn, map[string]any{})
				if strings.Join(got.chunks, "|") != "first;|second;" || got.complete.ErrorCode != nil {
					t.Fatalf("chunks %q, complete %+v", got.chunks, got.complete)
				}
				// The client held the first chunk before the function made
				// its second write, which it logged.
				tail := got.tail(t)
				m := secondAt.FindStringSubmatch(tail)
				if m == nil || !strings.Contains(tail, "REPORT RequestId: ") {
					t.Fatalf("log tail:\n%s", tail)
				}
				wrote, _ := strconv.ParseInt(m[1], 10, 64)
				if read := got.firstAt.UnixMilli(); read >= wrote {
					t.Errorf("first chunk read at %d, not before the second write at %d", read, wrote)
				}
				if v := aws.ToString(got.out.ExecutedVersion); v != "$LATEST" {
					t.Errorf("executed version %q", v)
				}
				if ct := aws.ToString(got.out.ResponseStreamContentType); ct != "application/vnd.amazon.eventstream" {
					t.Errorf("content type %q", ct)
				}
			})
			t.Run("HTTPPrelude", func(t *testing.T) {
				got := invokeStreaming(t, s, fn, map[string]any{"http": true})
				want := `{"statusCode":201,"headers":{"x-a":"b"},"cookies":["c=d"]}` + strings.Repeat("\x00", 8) + "first;second;"
				if body := strings.Join(got.chunks, ""); body != want {
					t.Errorf("body %q, want %q", body, want)
				}
			})
			t.Run("ErrorMidStream", func(t *testing.T) {
				got := invokeStreaming(t, s, fn, map[string]any{"fail": true})
				if strings.Join(got.chunks, "") != "first;" || aws.ToString(got.complete.ErrorCode) != "Runtime.Unknown" {
					t.Fatalf("chunks %q, complete %+v", got.chunks, got.complete)
				}
				var details struct{ ErrorType, ErrorMessage string }
				if err := json.Unmarshal([]byte(aws.ToString(got.complete.ErrorDetails)), &details); err != nil ||
					details.ErrorType != "Error" || details.ErrorMessage != "stream boom" {
					t.Errorf("details %q: %v", aws.ToString(got.complete.ErrorDetails), err)
				}
			})
			t.Run("TimeoutMidStream", func(t *testing.T) {
				got := invokeStreaming(t, s, fn, map[string]any{"hang": true})
				if strings.Join(got.chunks, "") != "first;" || aws.ToString(got.complete.ErrorCode) != "Sandbox.Timedout" ||
					!strings.Contains(aws.ToString(got.complete.ErrorDetails), "Task timed out after 3.00 seconds") {
					t.Fatalf("chunks %q, complete %+v", got.chunks, got.complete)
				}
				if tail := got.tail(t); !strings.Contains(tail, "Status: timeout") {
					t.Errorf("log tail:\n%s", tail)
				}
			})
		})
	}
}

// TestInvokeWithResponseStreamBuffered reads a function that does not
// stream: its payload comes as one chunk, as from Lambda.
func TestInvokeWithResponseStreamBuffered(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "py", "python3.12", "app.handler", map[string]string{"app.py": pythonApp}, nil)
	got := invokeStreaming(t, s, "py", map[string]any{"k": "v"})
	if len(got.chunks) != 1 || got.complete.ErrorCode != nil {
		t.Fatalf("chunks %q, complete %+v", got.chunks, got.complete)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(got.chunks[0]), &m); err != nil || m["fn"] != "py" {
		t.Errorf("payload %q: %v", got.chunks[0], err)
	}
	if tail := got.tail(t); !strings.Contains(tail, "hello from python") || !strings.Contains(tail, "REPORT RequestId: ") {
		t.Errorf("log tail:\n%s", tail)
	}
	got = invokeStreaming(t, s, "py", map[string]any{"action": "fail"})
	if len(got.chunks) != 0 || got.complete.ErrorCode == nil || !strings.Contains(aws.ToString(got.complete.ErrorDetails), `"boom"`) {
		t.Errorf("chunks %q, complete %+v", got.chunks, got.complete)
	}
}

// TestInvokeWithResponseStreamProvided streams from a shell bootstrap that
// posts a chunked response with the streaming header.
func TestInvokeWithResponseStreamProvided(t *testing.T) {
	s := startServer(t)
	shell := `#!/bin/sh
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation"
while true; do
  headers=$(mktemp)
  curl -sS -o /dev/null -D "$headers" "$api/next"
  id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\r\n')
  { printf 'first;'; sleep 1; echo "second at $(date +%s%3N)" >&2; printf 'second;'; } |
    curl -sS -o /dev/null -X POST -H 'Lambda-Runtime-Function-Response-Mode: streaming' \
      -H 'Content-Type: text/plain' -T - "$api/$id/response"
done
`
	createFn(t, s, "shell", "provided.al2023", "x", map[string]string{"bootstrap": shell}, nil)
	got := invokeStreaming(t, s, "shell", map[string]any{})
	if strings.Join(got.chunks, "|") != "first;|second;" || got.complete.ErrorCode != nil {
		t.Fatalf("chunks %q, complete %+v", got.chunks, got.complete)
	}
	m := secondAt.FindStringSubmatch(got.tail(t))
	if m == nil {
		t.Fatalf("log tail:\n%s", got.tail(t))
	}
	if wrote, _ := strconv.ParseInt(m[1], 10, 64); got.firstAt.UnixMilli() >= wrote {
		t.Errorf("first chunk read at %d, not before the second write at %d", got.firstAt.UnixMilli(), wrote)
	}
}

// boto3Stream reads a streamed invocation with boto3 and prints one JSON
// line per event.
const boto3Stream = `import json, sys, boto3
c = boto3.client("lambda", endpoint_url=sys.argv[1])
r = c.invoke_with_response_stream(FunctionName=sys.argv[2], Payload=sys.argv[3].encode())
print(json.dumps({"status": r["StatusCode"], "version": r["ExecutedVersion"], "type": r["ResponseStreamContentType"]}), flush=True)
for ev in r["EventStream"]:
    if "PayloadChunk" in ev:
        print(json.dumps({"chunk": ev["PayloadChunk"]["Payload"].decode()}), flush=True)
    else:
        print(json.dumps({"complete": ev["InvokeComplete"]}), flush=True)
`

// TestInvokeWithResponseStreamBoto3 reads streams with boto3, which checks
// the event stream's CRCs.
func TestInvokeWithResponseStreamBoto3(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "virga-node", "nodejs20.x", "index.handler", map[string]string{"index.js": streamingNode}, nil)
	script := filepath.Join(t.TempDir(), "stream.py")
	if err := os.WriteFile(script, []byte(boto3Stream), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(payload string) []string {
		cmd := exec.Command("python3", script, s.endpoint, "virga-node", payload)
		cmd.Env = s.cliEnv()
		out, err := cmd.Output()
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("boto3: %v\n%s", err, ee.Stderr)
		}
		return strings.Split(strings.TrimSpace(string(out)), "\n")
	}
	want := []string{
		`{"status": 200, "version": "$LATEST", "type": "application/vnd.amazon.eventstream"}`,
		`{"chunk": "first;"}`, `{"chunk": "second;"}`, `{"complete": {}}`,
	}
	if got := run(`{}`); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("boto3 read:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	got := run(`{"fail": true}`)
	if len(got) != 3 || got[1] != `{"chunk": "first;"}` || !strings.Contains(got[2], `"ErrorCode": "Runtime.Unknown"`) {
		t.Errorf("boto3 read:\n%s", strings.Join(got, "\n"))
	}
}
