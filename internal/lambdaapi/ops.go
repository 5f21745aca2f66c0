package lambdaapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/control"
)

// The shapes most operations on one function (or qualifier) share: the
// function from the path, maybe a JSON body, one control-plane call, and
// its result as JSON or an empty answer.

func withBody[In, Out any](c *call, status int, op func(context.Context, arn.Function, In) (Out, error)) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	var in In
	if err := c.Decode(&in); err != nil {
		return err
	}
	out, err := op(c.R.Context(), ref, in)
	if err != nil {
		return err
	}
	return c.Reply(status, out)
}

func read[Out any](c *call, op func(context.Context, arn.Function) (Out, error)) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	out, err := op(c.R.Context(), ref)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, out)
}

// answerFunction answers with what answer makes of the function (or
// version) the path names.
func (s *Server) answerFunction(c *call, answer func(control.Function) any) error {
	return read(c, func(ctx context.Context, ref arn.Function) (any, error) {
		fn, err := s.functions.GetFunction(ctx, ref)
		if err != nil {
			return nil, err
		}
		return answer(fn), nil
	})
}

func remove(c *call, op func(context.Context, arn.Function) error) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	if err := op(c.R.Context(), ref); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

// listOf answers a list operation on the function the path names: the page
// list returns under member, then NextMarker when more follow; limit is
// MaxItems' bound in the model.
func listOf[T any](c *call, member string, limit int, list func(ctx context.Context, ref arn.Function, marker string, max int) ([]T, string, error)) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	max, err := c.maxItemsUpTo(limit)
	if err != nil {
		return err
	}
	items, next, err := list(c.R.Context(), ref, c.R.URL.Query().Get("Marker"), max)
	if err != nil {
		return err
	}
	if items == nil {
		items = []T{}
	}
	return c.Reply(http.StatusOK, page{member, items, next})
}

// page is a list's answer: {"<member>": [...], "NextMarker": "..."}.
type page struct {
	member string
	items  any
	next   string
}

func (p page) MarshalJSON() ([]byte, error) {
	items, err := json.Marshal(p.items)
	if err != nil {
		return nil, err
	}
	member, _ := json.Marshal(p.member)
	out := append(append(append([]byte("{"), member...), ':'), items...)
	if p.next != "" {
		next, _ := json.Marshal(p.next)
		out = append(append(out, `,"NextMarker":`...), next...)
	}
	return append(out, '}'), nil
}
