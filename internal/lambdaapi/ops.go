package lambdaapi

import (
	"context"
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

// listPage answers one page of what op lists for the function in the path,
// as reply wraps it; limit is MaxItems' bound in the model.
func listPage[T any](c *call, limit int, op func(context.Context, arn.Function, string, int) ([]T, string, error), reply func(items []T, next string) any) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	max, err := c.maxItemsUpTo(limit)
	if err != nil {
		return err
	}
	items, next, err := op(c.R.Context(), ref, c.R.URL.Query().Get("Marker"), max)
	if err != nil {
		return err
	}
	if items == nil {
		items = []T{}
	}
	return c.Reply(http.StatusOK, reply(items, next))
}
