package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// recorder prints each request id it runs, and fails when asked.
const recorder = `import json
def handler(event, context):
    print("ran", context.aws_request_id)
    if event.get("fail"):
        raise Exception("failing on purpose")
    return {"ok": event.get("n")}
`

// sink prints every destination record it receives.
const sink = `import json
def handler(event, context):
    print("RECORD " + json.dumps(event, separators=(",", ":")))
`

// logText returns everything `virga logs` prints for a function.
func logText(t *testing.T, s *server, fn string) string {
	t.Helper()
	out, err := exec.Command(binary, "logs", fn, "--data-dir", s.dataDir).CombinedOutput()
	if err != nil {
		t.Fatalf("virga logs %s: %v\n%s", fn, err, out)
	}
	return string(out)
}

// records waits for n destination records in the sink's log.
func records(t *testing.T, s *server, n int, within time.Duration) []map[string]any {
	t.Helper()
	var got []map[string]any
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		got = got[:0]
		for _, line := range strings.Split(logText(t, s, "sink"), "\n") {
			if _, rec, ok := strings.Cut(line, "RECORD "); ok {
				var m map[string]any
				if err := json.Unmarshal([]byte(rec), &m); err != nil {
					t.Fatalf("record %q: %v", rec, err)
				}
				got = append(got, m)
			}
		}
		if len(got) >= n {
			return got
		}
	}
	t.Fatalf("%d destination records after %v, want %d", len(got), within, n)
	return nil
}

// sendEvent sends an Event invocation with a raw signed request and returns
// the status and request id; a failed connection is not a test failure,
// since the crash test kills the server while sending.
func sendEvent(s *server, fn string, payload []byte) (int, string, error) {
	req, err := http.NewRequest("POST", s.endpoint+"/2015-03-31/functions/"+fn+"/invocations", bytes.NewReader(payload))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("X-Amz-Invocation-Type", "Event")
	sum := sha256.Sum256(payload)
	creds := aws.Credentials{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: s.admin.SecretAccessKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "lambda", "us-east-1", time.Now()); err != nil {
		return 0, "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("x-amzn-RequestId"), nil
}

func acceptedEvent(t *testing.T, s *server, fn, payload string) string {
	t.Helper()
	status, id, err := sendEvent(s, fn, []byte(payload))
	if err != nil || status != 202 || id == "" {
		t.Fatalf("event invoke of %s: status %d id %q err %v", fn, status, id, err)
	}
	return id
}

func configureAsync(t *testing.T, s *server, fn string, retries int, maxAge int, onSuccess, onFailure string) {
	t.Helper()
	in := &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String(fn), MaximumRetryAttempts: aws.Int32(int32(retries)),
		DestinationConfig: &types.DestinationConfig{}}
	if maxAge > 0 {
		in.MaximumEventAgeInSeconds = aws.Int32(int32(maxAge))
	}
	if onSuccess != "" {
		in.DestinationConfig.OnSuccess = &types.OnSuccess{Destination: aws.String(onSuccess)}
	}
	if onFailure != "" {
		in.DestinationConfig.OnFailure = &types.OnFailure{Destination: aws.String(onFailure)}
	}
	if _, err := s.lambda().PutFunctionEventInvokeConfig(ctx(t), in); err != nil {
		t.Fatal(err)
	}
}

func fnARN(s *server, fn string) string {
	return "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:" + fn
}

func TestAsyncDestinations(t *testing.T) {
	s := startServer(t, "--async-retry-base", "200ms")
	createFn(t, s, "sink", "python3.12", "app.handler", map[string]string{"app.py": sink}, nil)
	createFn(t, s, "work", "python3.12", "app.handler", map[string]string{"app.py": recorder}, nil)
	configureAsync(t, s, "work", 1, 0, fnARN(s, "sink"), fnARN(s, "sink"))

	okID := acceptedEvent(t, s, "work", `{"n": 7}`)
	failID := acceptedEvent(t, s, "work", `{"fail": true, "n": 8}`)
	byID := map[string]map[string]any{}
	for _, r := range records(t, s, 2, 30*time.Second) {
		byID[r["requestContext"].(map[string]any)["requestId"].(string)] = r
	}

	ok := byID[okID]
	if ok == nil || ok["version"] != "1.0" || ok["timestamp"] == nil {
		t.Fatalf("success record: %v", ok)
	}
	if rc := ok["requestContext"].(map[string]any); rc["condition"] != "Success" || rc["approximateInvokeCount"] != 1.0 ||
		rc["functionArn"] != fnARN(s, "work")+":$LATEST" {
		t.Errorf("success requestContext %v", rc)
	}
	if resp := ok["responseContext"].(map[string]any); resp["statusCode"] != 200.0 || resp["executedVersion"] != "$LATEST" || resp["functionError"] != nil {
		t.Errorf("success responseContext %v", resp)
	}
	if p := ok["responsePayload"].(map[string]any); p["ok"] != 7.0 {
		t.Errorf("success responsePayload %v", p)
	}

	failed := byID[failID]
	if failed == nil {
		t.Fatalf("no failure record among %v", byID)
	}
	if rc := failed["requestContext"].(map[string]any); rc["condition"] != "RetriesExhausted" || rc["approximateInvokeCount"] != 2.0 {
		t.Errorf("failure requestContext %v", rc)
	}
	if p := failed["requestPayload"].(map[string]any); p["n"] != 8.0 {
		t.Errorf("failure requestPayload %v", p)
	}
	if resp := failed["responseContext"].(map[string]any); resp["functionError"] != "Unhandled" {
		t.Errorf("failure responseContext %v", resp)
	}
	if p := failed["responsePayload"].(map[string]any); p["errorType"] != "Exception" || p["errorMessage"] != "failing on purpose" {
		t.Errorf("failure responsePayload %v", p)
	}
	if n := strings.Count(logText(t, s, "work"), "ran "+failID); n != 2 {
		t.Errorf("the failing event ran %d times with its request id, want 2 (one retry)", n)
	}

	t.Run("ZeroReservedConcurrency", func(t *testing.T) {
		c := s.lambda()
		createFn(t, s, "stopped", "python3.12", "app.handler", map[string]string{"app.py": recorder}, nil)
		configureAsync(t, s, "stopped", 2, 0, "", fnARN(s, "sink"))
		c.PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("stopped"), ReservedConcurrentExecutions: aws.Int32(0)})
		id := acceptedEvent(t, s, "stopped", `{}`)
		for _, r := range records(t, s, 3, 30*time.Second) {
			rc := r["requestContext"].(map[string]any)
			if rc["requestId"] != id {
				continue
			}
			if rc["condition"] != "ZeroReservedConcurrency" || rc["approximateInvokeCount"] != 0.0 || r["responseContext"] != nil {
				t.Errorf("record %v", r)
			}
			return
		}
		t.Error("no ZeroReservedConcurrency record")
	})
	t.Run("ThrottledEventsWait", func(t *testing.T) {
		createFn(t, s, "narrow", "python3.12", "app.handler", map[string]string{"app.py": recorder}, nil)
		s.lambda().PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("narrow"), ReservedConcurrentExecutions: aws.Int32(1)})
		var ids []string
		for range 20 {
			ids = append(ids, acceptedEvent(t, s, "narrow", `{}`))
		}
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
			text, done := logText(t, s, "narrow"), 0
			for _, id := range ids {
				if strings.Contains(text, "ran "+id) {
					done++
				}
			}
			if done == len(ids) {
				return
			}
		}
		t.Error("throttled events were not all run")
	})
	t.Run("PayloadLimit", func(t *testing.T) {
		big := []byte(`{"x":"` + strings.Repeat("a", 1<<20) + `"}`)
		resp := s.send(t, "POST", "/2015-03-31/functions/work/invocations", big, s.admin.AccessKeyID, s.admin.SecretAccessKey,
			map[string]string{"X-Amz-Invocation-Type": "Event"})
		if resp.status != 413 || resp.header.Get("x-amzn-ErrorType") != "RequestEntityTooLargeException" ||
			!strings.Contains(string(resp.body), "byte payload is too large for the Event invocation type (limit 1048576 bytes)") {
			t.Errorf("status %d %s", resp.status, resp.body)
		}
	})
}

// TestAsyncEventAge lets an event outlive its maximum age between retries.
func TestAsyncEventAge(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--async-retry-base", "100s")
	createFn(t, s, "sink", "python3.12", "app.handler", map[string]string{"app.py": sink}, nil)
	createFn(t, s, "old", "python3.12", "app.handler", map[string]string{"app.py": recorder}, nil)
	configureAsync(t, s, "old", 2, 60, "", fnARN(s, "sink"))
	id := acceptedEvent(t, s, "old", `{"fail": true}`)
	r := records(t, s, 1, 90*time.Second)[0]
	rc := r["requestContext"].(map[string]any)
	if rc["requestId"] != id || rc["condition"] != "EventAgeExceeded" || rc["approximateInvokeCount"] != 1.0 {
		t.Errorf("record %v", r)
	}
}

// TestAsyncSurvivesKill sends thousands of events, kills the server with
// SIGKILL while they arrive and run, restarts it, and checks that every
// accepted event ran at least once.
func TestAsyncSurvivesKill(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	createFn(t, s, "rec", "python3.12", "app.handler", map[string]string{"app.py": recorder}, nil)

	const total = 2000
	var (
		mu       sync.Mutex
		accepted = map[string]bool{}
		sent     atomic.Int64
	)
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sent.Add(1) <= total {
				status, id, err := sendEvent(s, "rec", []byte(`{"n": 1}`))
				if err != nil {
					return // the server was killed
				}
				if status == 202 {
					mu.Lock()
					accepted[id] = true
					mu.Unlock()
				}
			}
		}()
	}
	for sent.Load() < total/2 {
		time.Sleep(5 * time.Millisecond)
	}
	s.kill()
	wg.Wait()
	t.Logf("%d events accepted before SIGKILL", len(accepted))
	if len(accepted) < total/4 {
		t.Fatalf("only %d events accepted", len(accepted))
	}

	s.start()
	var missing []string
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(time.Second) {
		text := logText(t, s, "rec")
		missing = missing[:0]
		for id := range accepted {
			if !strings.Contains(text, "ran "+id) {
				missing = append(missing, id)
			}
		}
		if len(missing) == 0 {
			return
		}
	}
	t.Errorf("%d of %d accepted events never ran, e.g. %v", len(missing), len(accepted), missing[:min(3, len(missing))])
}
