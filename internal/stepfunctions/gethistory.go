package stepfunctions

import (
	"slices"
	"strconv"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/workflow"
)

func (s *Server) getExecutionHistory(c *awsproto.Call) error {
	var in struct {
		ExecutionArn, NextToken string
		MaxResults              int
		ReverseOrder            bool
		IncludeExecutionData    *bool
	}
	if err := c.Decode(&in); err != nil {
		return err
	}
	if in.MaxResults < 0 || in.MaxResults > 1000 {
		return aws.Errorf(aws.ErrValidation, "1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000", in.MaxResults)
	}
	x, err := s.execution(c.R.Context(), in.ExecutionArn)
	if err != nil {
		return err
	}
	events, _, err := s.history.read(c.R.Context(), x.ID)
	if err != nil {
		return err
	}
	if in.ReverseOrder {
		slices.Reverse(events)
	}
	page, next, err := aws.TokenPage(events, func(e workflow.Event) string { return strconv.FormatInt(e.ID, 10) },
		in.NextToken, limit(in.MaxResults), false)
	if err != nil {
		return aws.Errorf(errInvalidToken, "Invalid Token: 'Invalid token'")
	}
	items := make([]map[string]any, len(page))
	for i, e := range page {
		items[i] = wireEvent(e, in.IncludeExecutionData == nil || *in.IncludeExecutionData)
	}
	return reply(c, map[string]any{"events": items}, next)
}

// wireEvent is an event as GetExecutionHistory returns it.
func wireEvent(e workflow.Event, data bool) map[string]any {
	out := map[string]any{"timestamp": epoch(e.Time), "type": e.Type, "id": e.ID, "previousEventId": e.Previous}
	if f := e.DetailsField(); f != "" && e.Details != nil {
		d := e.Details
		if !data {
			d = withoutData(d)
		}
		out[f] = d
	}
	return out
}

// withoutData drops inputs and outputs, for includeExecutionData false.
func withoutData(d map[string]any) map[string]any {
	out := make(map[string]any, len(d))
	for k, v := range d {
		switch k {
		case "input", "output", "parameters":
		case "inputDetails", "outputDetails":
			out[k] = map[string]any{"truncated": false}
		default:
			out[k] = v
		}
	}
	return out
}
