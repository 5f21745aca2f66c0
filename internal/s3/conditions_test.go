package s3

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/objects"
)

func TestCheckConditions(t *testing.T) {
	modified := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	before, after := modified.Add(-time.Hour).Format(http.TimeFormat), modified.Add(time.Hour).Format(http.TimeFormat)
	for _, c := range []struct {
		name   string
		header map[string]string
		want   error
	}{
		{"None", nil, nil},
		{"IfMatch", map[string]string{"If-Match": `"abc"`}, nil},
		{"IfMatchOther", map[string]string{"If-Match": `"xyz"`}, objects.ErrPreconditionFailed},
		{"IfMatchWinsOverUnmodifiedSince", map[string]string{"If-Match": `"abc"`, "If-Unmodified-Since": before}, nil},
		{"UnmodifiedSinceBefore", map[string]string{"If-Unmodified-Since": before}, objects.ErrPreconditionFailed},
		{"IfNoneMatch", map[string]string{"If-None-Match": `"abc"`}, objects.ErrNotModified},
		{"IfNoneMatchStar", map[string]string{"If-None-Match": "*"}, objects.ErrNotModified},
		{"ModifiedSinceAfter", map[string]string{"If-Modified-Since": after}, objects.ErrNotModified},
		{"ModifiedSinceBefore", map[string]string{"If-Modified-Since": before}, nil},
		{"IfNoneMatchOtherWinsOverModifiedSince", map[string]string{"If-None-Match": `"xyz"`, "If-Modified-Since": after}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range c.header {
				h.Set(k, v)
			}
			err := checkConditions(h, "abc", modified)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("checkConditions = %v, want %v", err, c.want)
			}
		})
	}
}
