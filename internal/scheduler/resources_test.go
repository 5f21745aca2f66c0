package scheduler

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/awsproto"
)

// TestScheduleResource finds a schedule's group in the body or the query.
func TestScheduleResource(t *testing.T) {
	s := &Server{cfg: Config{Region: "us-east-1", Account: "123456789012"}}
	const prefix = "arn:aws:scheduler:us-east-1:123456789012:schedule/"
	for _, tc := range []struct{ target, body, want string }{
		{"/schedules/s", `{"GroupName":"g"}`, prefix + "g/s"},
		{"/schedules/s", `{}`, prefix + "default/s"},
		{"/schedules/s?groupName=g", ``, prefix + "g/s"},
		{"/schedules/s", `{"GroupName":`, "*"},
	} {
		r := httptest.NewRequest("POST", tc.target, strings.NewReader(tc.body))
		r.SetPathValue("Name", "s")
		if got, _ := s.scheduleResource(&awsproto.Call{R: r, Body: []byte(tc.body)}); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.target, tc.body, got, tc.want)
		}
	}
}
