package awsproto

import (
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/virga-dev/virga/internal/aws"
)

func TestErrorsFault(t *testing.T) {
	special := aws.Refine(aws.ErrNotFound, "special")
	unmapped := aws.Refine(aws.ErrConflict, "unmapped")
	table := Errors{
		aws.ErrNotFound:        {Code: "NotFound", Status: http.StatusNotFound, Capital: true},
		special:                {Code: "SpecialNotFound", Status: http.StatusNotFound},
		aws.ErrConflict:        {Code: "Conflict", Status: http.StatusConflict},
		aws.ErrUnauthenticated: {Code: "AccessDenied", Status: http.StatusForbidden},
		aws.ErrInternal:        {Code: "Internal", Status: http.StatusInternalServerError},
	}
	tests := []struct {
		name  string
		err   error
		want  Fault
		known bool
	}{
		{"Kind", aws.Errorf(aws.ErrNotFound, "gone"), Fault{Code: "NotFound", Status: 404, Message: "gone", Capital: true}, true},
		{"Refined", aws.Errorf(special, "gone"), Fault{Code: "SpecialNotFound", Status: 404, Message: "gone"}, true},
		{"RefinedFallsBackToParent", aws.Errorf(unmapped, "busy"), Fault{Code: "Conflict", Status: 409, Message: "busy"}, true},
		{"Wrapped", errors.Join(errors.New("context"), aws.Errorf(aws.ErrConflict, "busy")), Fault{Code: "Conflict", Status: 409, Message: "busy"}, true},
		{"OwnCode", &aws.Error{Kind: aws.ErrUnauthenticated, Code: "InvalidSignatureException", Message: "bad"},
			Fault{Code: "InvalidSignatureException", Status: 403, Message: "bad"}, true},
		{"Throttle", &aws.Error{Kind: aws.ErrConflict, Message: "m", Reason: "r"}, Fault{Code: "Conflict", Status: 409, Message: "m", Reason: "r"}, true},
		{"KindNotInTable", aws.Errorf(aws.ErrThrottled, "slow"), Fault{Code: "Internal", Status: 500, Message: "slow"}, true},
		{"Unexpected", errors.New("disk on fire"), Fault{Code: "Internal", Status: 500, Message: internalMessage, Server: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, known := table.Fault(tt.err)
			if known != tt.known {
				t.Errorf("known = %v, want %v", known, tt.known)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Fault (-want +got):\n%s", diff)
			}
		})
	}
}
