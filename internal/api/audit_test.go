package api

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/virga-dev/virga/internal/audit"
)

// trail keeps what the front door records.
type trail struct {
	mu     sync.Mutex
	events []audit.Event
}

func (t *trail) Record(_ context.Context, e audit.Event) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.events = append(t.events, e)
	return nil
}

func TestAuditRecordsWritesAndRefusals(t *testing.T) {
	tr := &trail{}
	h := New(Config{Account: "111111111111", Audit: tr}, fakeVerifier{}, toyServices()...).Handler()
	send := func(identity, target, body string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("X-Amz-Target", target)
		if identity != "" {
			r.Header.Set("X-Test-Identity", identity)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	send("111111111111/json", "Toy_2026.Ping", `{"ThingName":"a","Secret":"hunter2"}`)
	send("", "Toy_2026.Ping", `{}`)
	r := httptest.NewRequest("GET", "/things/1", nil)
	r.Header.Set("X-Test-Identity", "111111111111/rest")
	h.ServeHTTP(httptest.NewRecorder(), r) // a read: not recorded
	if len(tr.events) != 2 {
		t.Fatalf("events %+v", tr.events)
	}
	write, unsigned := tr.events[0], tr.events[1]
	if write.EventName != "Ping" || write.EventSource != "json.amazonaws.com" || write.UserIdentity.Type != "Root" ||
		write.RequestParameters["ThingName"] != "a" || write.RequestParameters["Secret"] != "" || write.ErrorCode != "" {
		t.Errorf("write %+v", write)
	}
	if unsigned.ErrorCode != "MissingAuthenticationTokenException" || unsigned.RecipientAccountID != "111111111111" || unsigned.UserIdentity.ARN != "" {
		t.Errorf("unsigned %+v", unsigned)
	}
}
