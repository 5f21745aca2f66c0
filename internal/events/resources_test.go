package events

import (
	"net/http/httptest"
	"testing"

	"github.com/virga-dev/virga/internal/awsproto"
)

// TestResources names the bus or rule each kind of operation acts on.
func TestResources(t *testing.T) {
	s := &Server{cfg: Config{Region: "us-east-1", Account: "123456789012"}}
	const prefix = "arn:aws:events:us-east-1:123456789012:"
	cases := []struct{ op, body, want string }{
		{"PutEvents", `{"Entries":[{"Source":"s"}]}`, prefix + "event-bus/default"},
		{"PutEvents", `{"Entries":[{"EventBusName":"` + prefix + `event-bus/orders"}]}`, prefix + "event-bus/orders"},
		{"DescribeEventBus", `{}`, prefix + "event-bus/default"},
		{"CreateEventBus", `{"Name":"orders"}`, prefix + "event-bus/orders"},
		{"PutRule", `{"Name":"r"}`, prefix + "rule/r"},
		{"PutTargets", `{"Rule":"r","EventBusName":"orders"}`, prefix + "rule/orders/r"},
		{"TagResource", `{"ResourceARN":"` + prefix + `rule/r"}`, prefix + "rule/r"},
		{"PutRule", `{"Name":`, "*"},
	}
	for _, tc := range cases {
		op := s.judged([]awsproto.Operation{{Name: tc.op}})[0]
		c := &awsproto.Call{R: httptest.NewRequest("POST", "/", nil), Body: []byte(tc.body)}
		if got, err := op.Resource(c); err != nil || got != tc.want {
			t.Errorf("%s %s: resource %q, %v; want %q", tc.op, tc.body, got, err, tc.want)
		}
	}
	if op := s.judged([]awsproto.Operation{{Name: "ListRules"}})[0]; op.Resource != nil {
		t.Error("ListRules names a resource")
	}
}
