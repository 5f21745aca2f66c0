package extensions

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixture serves a registry's routes over HTTP.
func fixture(t *testing.T) (*Registry, *httptest.Server) {
	t.Helper()
	tel := NewTelemetry(func(addr string) (net.Conn, error) { return net.Dial("tcp", addr) })
	r := NewRegistry(Info{FunctionName: "f", FunctionVersion: "$LATEST", Handler: "h", AccountID: "123456789012"}, tel)
	mux := http.NewServeMux()
	for p, h := range r.Routes() {
		mux.Handle(p, h)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { r.Close(); tel.Close(); srv.Close() })
	return r, srv
}

func call(t *testing.T, method, url, id string, header map[string]string, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if id != "" {
		req.Header.Set(hdrID, id)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(data)
}

func register(t *testing.T, srv *httptest.Server, name string, events string) string {
	t.Helper()
	resp, body := call(t, "POST", srv.URL+"/2020-01-01/extension/register", "",
		map[string]string{hdrName: name, hdrFeatures: "accountId"}, `{"events":`+events+`}`)
	if resp.StatusCode != 200 || resp.Header.Get(hdrID) == "" || !strings.Contains(body, `"accountId":"123456789012"`) {
		t.Fatalf("register: %d %s", resp.StatusCode, body)
	}
	return resp.Header.Get(hdrID)
}

// nextAsync calls event/next in the background and returns its body.
func nextAsync(t *testing.T, srv *httptest.Server, id string) <-chan string {
	out := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest("GET", srv.URL+"/2020-01-01/extension/event/next", nil)
		req.Header.Set(hdrID, id)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			out <- "error: " + err.Error()
			return
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out <- string(data)
	}()
	return out
}

func TestLifecycle(t *testing.T) {
	r, srv := fixture(t)
	id := register(t, srv, "ext", `["INVOKE","SHUTDOWN"]`)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	first := nextAsync(t, srv, id)
	if err := r.AwaitReady(ctx, []string{"ext"}, func(string) bool { return true }); err != nil {
		t.Fatal(err)
	}
	r.Invoke(InvokeEvent{RequestID: "req-1", InvokedFunctionARN: "arn", Deadline: time.Now().Add(time.Second)})
	var ev map[string]any
	json.Unmarshal([]byte(<-first), &ev)
	if ev["eventType"] != "INVOKE" || ev["requestId"] != "req-1" {
		t.Fatalf("event %v", ev)
	}
	second := nextAsync(t, srv, id)
	if err := r.AwaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	sctx, scancel := context.WithTimeout(ctx, time.Second)
	defer scancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); r.Shutdown(sctx, "spindown") }()
	json.Unmarshal([]byte(<-second), &ev)
	if ev["eventType"] != "SHUTDOWN" || ev["shutdownReason"] != "spindown" {
		t.Fatalf("event %v", ev)
	}
	nextAsync(t, srv, id)
	wg.Wait()
}

func TestCrashBeforeRegistering(t *testing.T) {
	r, _ := fixture(t)
	err := r.AwaitReady(context.Background(), []string{"ext"}, func(string) bool { return false })
	var f *Failure
	if !errors.As(err, &f) || f.ErrorType != "Extension.Crash" {
		t.Fatalf("got %v", err)
	}
}

func TestInitError(t *testing.T) {
	r, srv := fixture(t)
	id := register(t, srv, "ext", `["INVOKE"]`)
	resp, _ := call(t, "POST", srv.URL+"/2020-01-01/extension/init/error", id, map[string]string{hdrErrorType: "Extension.ConfigInvalid"}, `{}`)
	if resp.StatusCode != 202 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	err := r.AwaitReady(context.Background(), []string{"ext"}, func(string) bool { return true })
	var f *Failure
	if !errors.As(err, &f) || f.ErrorType != "Extension.ConfigInvalid" {
		t.Fatalf("got %v", err)
	}
}

func TestRequestErrors(t *testing.T) {
	_, srv := fixture(t)
	cases := []struct {
		method, path, id string
		header           map[string]string
		body             string
		status           int
		errorType        string
	}{
		{"POST", "/2020-01-01/extension/register", "", nil, `{"events":[]}`, 400, "Extension.InvalidExtensionName"},
		{"POST", "/2020-01-01/extension/register", "", map[string]string{hdrName: "x"}, `{"events":["BOOT"]}`, 400, "Extension.InvalidEventType"},
		{"POST", "/2020-01-01/extension/register", "", map[string]string{hdrName: "x"}, `not json`, 400, "Extension.InvalidRequest"},
		{"GET", "/2020-01-01/extension/event/next", "", nil, ``, 403, "Extension.MissingExtensionIdentifier"},
		{"GET", "/2020-01-01/extension/event/next", "nope", nil, ``, 403, "Extension.UnknownExtensionIdentifier"},
		{"PUT", "/2022-07-01/telemetry", "nope", nil, `{}`, 403, "Extension.UnknownExtensionIdentifier"},
	}
	for _, c := range cases {
		resp, body := call(t, c.method, srv.URL+c.path, c.id, c.header, c.body)
		if resp.StatusCode != c.status || !strings.Contains(body, `"errorType":"`+c.errorType+`"`) {
			t.Errorf("%s %s: %d %s", c.method, c.path, resp.StatusCode, body)
		}
	}
}

func TestTelemetryDelivery(t *testing.T) {
	r, srv := fixture(t)
	id := register(t, srv, "ext", `["INVOKE"]`)
	got := make(chan []Event, 10)
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var batch []Event
		json.NewDecoder(req.Body).Decode(&batch)
		got <- batch
	}))
	defer sink.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(sink.URL, "http://"))
	r.telemetry.Emit("platform.initStart", map[string]any{"phase": "init"}) // before the subscription: replayed
	sub := `{"schemaVersion":"2022-12-13","destination":{"protocol":"HTTP","URI":"http://sandbox.localdomain:` + port + `"},"types":["platform","function"],"buffering":{"timeoutMs":25}}`
	if resp, body := call(t, "PUT", srv.URL+"/2022-07-01/telemetry", id, nil, sub); resp.StatusCode != 200 {
		t.Fatalf("subscribe: %d %s", resp.StatusCode, body)
	}
	r.telemetry.EndInit()
	r.telemetry.Emit("function", "hello")
	r.telemetry.Emit("extension", "not subscribed")
	var types []string
	for deadline := time.After(5 * time.Second); len(types) < 2; {
		select {
		case batch := <-got:
			for _, ev := range batch {
				types = append(types, ev.Type)
			}
		case <-deadline:
			t.Fatalf("delivered %v", types)
		}
	}
	if strings.Join(types, ",") != "platform.initStart,function" {
		t.Errorf("delivered %v", types)
	}
	bad := `{"destination":{"protocol":"TCP","URI":"http://sandbox.localdomain:1"},"types":["platform"]}`
	if resp, body := call(t, "PUT", srv.URL+"/2022-07-01/telemetry", id, nil, bad); resp.StatusCode != 400 || !strings.Contains(body, "ValidationError") {
		t.Errorf("TCP subscription: %d %s", resp.StatusCode, body)
	}
}
