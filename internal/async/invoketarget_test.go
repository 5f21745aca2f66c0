package async

import (
	"context"
	"errors"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
)

func TestInvokeTarget(t *testing.T) {
	tests := []struct {
		name, target string
		err          error
		want         error
	}{
		{"Queued", "arn:aws:lambda:us-east-1:123456789012:function:fn:live", nil, nil},
		{"PlainName", "fn", nil, nil},
		{"Gone", "fn", aws.Errorf(aws.ErrNotFound, "no"), delivery.ErrGone},
		{"TooLarge", "fn", aws.Errorf(aws.ErrTooLarge, "big"), delivery.ErrPermanent},
		{"BadName", "arn:aws:sqs:us-east-1:1:q", nil, delivery.ErrPermanent},
		{"StoreDown", "fn", errors.New("store unavailable"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := &fakeInvoker{err: tc.err}
			d := delivery.Delivery{ID: "d1", Target: delivery.Address{Kind: InvokeKind, Name: tc.target}, Payload: []byte(`{"a":1}`),
				Attributes: map[string]string{attrTrace: "Root=1"}}
			_, err := NewInvokeTarget(inv, nil).Deliver(context.Background(), d)
			switch {
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("err = %v, want %v", err, tc.want)
			case tc.want == nil && !errors.Is(err, tc.err):
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if tc.name == "Queued" {
				got := inv.last
				if got.Type != lambda.InvokeEvent || got.Name != "fn" || got.Qualifier != "live" || got.Account != "123456789012" ||
					string(got.Payload) != `{"a":1}` || got.TraceID != "Root=1" || got.RequestID == "" {
					t.Errorf("invocation = %+v", got)
				}
			}
		})
	}
}
