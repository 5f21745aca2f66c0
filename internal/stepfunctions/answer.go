package stepfunctions

import (
	"cmp"
	"context"
	"errors"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/store"
)

// arnInput is the input of the operations that name one resource.
type arnInput struct {
	StateMachineArn, ExecutionArn, ResourceArn string
}

func (in arnInput) arn() string { return cmp.Or(in.StateMachineArn, in.ExecutionArn, in.ResourceArn) }

// read reads a record, or answers missing when there is none.
func read[T any](ctx context.Context, b store.KV, key string, missing error) (T, error) {
	v, err := store.Get[T](ctx, b, key)
	if errors.Is(err, store.ErrNotFound) {
		return v, missing
	}
	return v, err
}

// listInput is the paging part of the List operations' input.
type listInput struct {
	StateMachineArn, StatusFilter, NextToken string
	MaxResults                               int
}

// answer serves an operation that reads the resource its input names
// and answers with what render makes of it.
func answer[T any](c *awsproto.Call, read func(context.Context, string) (T, error), render func(T) map[string]any) error {
	var in arnInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	v, err := read(c.R.Context(), in.arn())
	if err != nil {
		return err
	}
	return c.Reply(200, render(v))
}
