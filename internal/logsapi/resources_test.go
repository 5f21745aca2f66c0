package logsapi

import (
	"net/http/httptest"
	"testing"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/sigv4"
)

func TestResources(t *testing.T) {
	s := New(Config{Region: "us-east-1"}, nil)
	call := func(body string) *awsproto.Call {
		return &awsproto.Call{R: httptest.NewRequest("POST", "/", nil), Body: []byte(body),
			Identity: sigv4.Identity{Key: sigv4.Key{Account: "111122223333"}}}
	}
	group := "arn:aws:logs:us-east-1:111122223333:log-group:"
	cases := []struct {
		name     string
		resource func(*awsproto.Call) (string, error)
		body     string
		want     string
	}{
		{"Group", s.groupResource, `{"logGroupName":"/aws/lambda/orders"}`, group + "/aws/lambda/orders:*"},
		{"GroupByARN", s.groupResource, `{"logGroupIdentifier":"` + group + `app:*"}`, group + "app:*"},
		{"NoGroup", s.groupResource, `{}`, "*"},
		{"Stream", s.streamResource, `{"logGroupName":"app","logStreamName":"2026/01/01/[$LATEST]abc"}`, group + "app:log-stream:2026/01/01/[$LATEST]abc"},
		{"AllGroups", s.allGroups, `{}`, group + "*"},
		{"Tagged", s.taggedResource, `{"resourceArn":"` + group + `app"}`, group + "app"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.resource(call(tc.body))
			if err != nil || got != tc.want {
				t.Errorf("resource = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
