package cluster

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type noRoom struct{}

func (noRoom) HasRoom(string) bool { return false }

// TestForwardRelays: an invocation without room here runs on the peer, the
// peer's answer (a throttle) comes back whole, and the peer sees the token.
func TestForwardRelays(t *testing.T) {
	var gotToken, gotHost, gotBody string
	peer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotToken, gotHost = r.Header.Get(tokenHeader), r.Host
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		w.Header().Set("X-Amzn-ErrorType", "TooManyRequestsException")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"Reason":"ConcurrentInvocationLimitExceeded","message":"Rate Exceeded."}`)
	}))
	defer peer.Close()
	m := &Membership{cfg: Config{Node: "a", Heartbeat: time.Second, Logger: slog.New(slog.NewTextHandler(testWriter{t}, nil))}, members: map[string]Member{
		key("b"): {Node: "b", URL: peer.URL, Seen: time.Now()},
	}}
	local := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("ran here") })
	front := httptest.NewServer(NewForwarder(m, noRoom{}, "secret", local))
	defer front.Close()
	req, _ := http.NewRequest(http.MethodPost, front.URL+"/2015-03-31/functions/f/invocations", strings.NewReader(`{"x":1}`))
	req.Host = "example:9000"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 429 || !strings.Contains(string(body), "Rate Exceeded") || resp.Header.Get(NodeHeader) != "b" {
		t.Errorf("answer %d %q %v, node %q", resp.StatusCode, body, err, resp.Header.Get(NodeHeader))
	}
	if gotToken != "secret" || gotHost != "example:9000" || gotBody != `{"x":1}` {
		t.Errorf("peer saw token %q host %q body %q", gotToken, gotHost, gotBody)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }
