package s3

import (
	"net/http"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/objects"
)

// errNotModified answers a GET whose copy is still fresh.
var errNotModified = &aws.Error{Kind: objects.ErrNotModified, Message: "Not Modified"}

func errPrecondition() error {
	return &aws.Error{Kind: objects.ErrPreconditionFailed, Message: "At least one of the pre-conditions you specified did not hold"}
}

// checkConditions applies If-Match, If-Unmodified-Since, If-None-Match and
// If-Modified-Since to an object as S3 does: a matching If-Match overrides a
// failed If-Unmodified-Since, a failed If-None-Match a passed
// If-Modified-Since.
func checkConditions(h http.Header, etag string, modified time.Time) error {
	match, unmodified := h.Get("If-Match"), h.Get("If-Unmodified-Since")
	switch {
	case match != "" && !etagMatches(match, etag):
		return errPrecondition()
	case match == "" && unmodified != "" && after(modified, unmodified):
		return errPrecondition()
	}
	noneMatch, modifiedSince := h.Get("If-None-Match"), h.Get("If-Modified-Since")
	switch {
	case noneMatch != "" && etagMatches(noneMatch, etag):
		return errNotModified
	case noneMatch == "" && modifiedSince != "" && !after(modified, modifiedSince):
		return errNotModified
	}
	return nil
}

// etagMatches reports whether a list of entity tags (or "*") names etag.
func etagMatches(list, etag string) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || strings.Trim(t, `"`) == etag {
			return true
		}
	}
	return false
}

// after reports whether t is after the HTTP date since; an unreadable
// date is ignored, as if the condition were not there.
func after(t time.Time, since string) bool {
	s, err := http.ParseTime(since)
	if err != nil {
		return false
	}
	return t.Truncate(time.Second).After(s)
}
