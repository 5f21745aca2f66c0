package stepfunctions

import (
	"context"
	"slices"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/store"
)

// changeTags changes the tags of the state machine an ARN names.
func (s *Server) changeTags(ctx context.Context, arn string, change func([]tag) ([]tag, error)) error {
	account, name, err := machineOf(arn)
	if err != nil {
		return err
	}
	_, err = store.Modify(ctx, s.b.Machines, machineKey(account, name), func(m *Machine, exists bool) error {
		if !exists {
			return aws.Errorf(aws.ErrNotFound, "Resource not found: '%s'", arn)
		}
		tags, err := change(m.Tags)
		m.Tags = tags
		return err
	})
	return err
}

// tagInput is TagResource's and UntagResource's input.
type tagInput struct {
	ResourceArn string
	Tags        []tag
	TagKeys     []string
}

func (s *Server) tagResource(c *awsproto.Call) error {
	return s.retag(c, func(in tagInput, old []tag) ([]tag, error) {
		for _, t := range in.Tags {
			if i := slices.IndexFunc(old, func(o tag) bool { return o.Key == t.Key }); i >= 0 {
				old[i] = t
			} else {
				old = append(old, t)
			}
		}
		if len(old) > 50 {
			return nil, aws.Errorf(errTooManyTags, "Too many tags")
		}
		return old, nil
	})
}

func (s *Server) untagResource(c *awsproto.Call) error {
	return s.retag(c, func(in tagInput, old []tag) ([]tag, error) {
		return slices.DeleteFunc(old, func(t tag) bool { return slices.Contains(in.TagKeys, t.Key) }), nil
	})
}

// retag changes the tags of the machine the input names.
func (s *Server) retag(c *awsproto.Call, change func(tagInput, []tag) ([]tag, error)) error {
	var in tagInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	err := s.changeTags(c.R.Context(), in.ResourceArn, func(old []tag) ([]tag, error) { return change(in, old) })
	if err != nil {
		return err
	}
	return c.Reply(200, map[string]any{})
}

func (s *Server) listTagsForResource(c *awsproto.Call) error {
	return answer(c, s.tagged, func(m Machine) map[string]any {
		if m.Tags == nil {
			m.Tags = []tag{}
		}
		return map[string]any{"tags": m.Tags}
	})
}

// tagged reads the state machine whose tags are asked for.
func (s *Server) tagged(ctx context.Context, arn string) (Machine, error) {
	m, err := s.machine(ctx, arn)
	if err != nil {
		return Machine{}, aws.Errorf(aws.ErrNotFound, "Resource not found: '%s'", arn)
	}
	return m, nil
}

// tag is a tag as Step Functions spells it.
type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}
