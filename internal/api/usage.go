package api

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
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
	q := c.r.URL.Query()
	var since time.Time
	if v := q.Get("since"); v != "" {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil || ms < 0 {
			return lambda.Errorf(lambda.ErrInvalidParameter, "since must be a time in Unix milliseconds, not %q", v)
		}
		since = time.UnixMilli(ms)
	}
	fn := q.Get("function")
	if fn != "" && !functionNameRE.MatchString(fn) {
		return lambda.Errorf(lambda.ErrInvalidParameter, "%q is not a function name", fn)
	}
	totals, err := s.meter.Totals(c.r.Context(), since, fn)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, usageOutput{Functions: totals})
}
