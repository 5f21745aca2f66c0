package lambdaapi

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/usage"
)

var functionNameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,140}$`)

// Usage totals what invocations were billed.
type Usage interface {
	Totals(ctx context.Context, since time.Time, function string) ([]usage.Total, error)
}

type usageOutput struct {
	Functions []usage.Total `json:"functions"`
}

// usage answers `virga usage`: GET /_virga/usage?since=<Unix ms>&function=f.
func (s *Server) usage(c *call) error {
	q := c.R.URL.Query()
	var since time.Time
	if v := q.Get("since"); v != "" {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil || ms < 0 {
			return aws.Errorf(aws.ErrInvalid, "since must be a time in Unix milliseconds, not %q", v)
		}
		since = time.UnixMilli(ms)
	}
	fn := q.Get("function")
	if fn != "" && !functionNameRE.MatchString(fn) {
		return aws.Errorf(aws.ErrInvalid, "%q is not a function name", fn)
	}
	totals, err := s.meter.Totals(c.R.Context(), since, fn)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, usageOutput{Functions: totals})
}
