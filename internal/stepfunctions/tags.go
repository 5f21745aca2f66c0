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

func (s *Server) tagResource(c *awsproto.Call) error {
	var in struct {
		ResourceArn string
		Tags        []tag
	}
	if err := c.Decode(&in); err != nil {
		return err
	}
	err := s.changeTags(c.R.Context(), in.ResourceArn, func(old []tag) ([]tag, error) {
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
	if err != nil {
		return err
	}
	return c.Reply(200, map[string]any{})
}

func (s *Server) untagResource(c *awsproto.Call) error {
	var in struct {
		ResourceArn string
		TagKeys     []string
	}
	if err := c.Decode(&in); err != nil {
		return err
	}
	err := s.changeTags(c.R.Context(), in.ResourceArn, func(old []tag) ([]tag, error) {
		return slices.DeleteFunc(old, func(t tag) bool { return slices.Contains(in.TagKeys, t.Key) }), nil
	})
	if err != nil {
		return err
	}
	return c.Reply(200, map[string]any{})
}

func (s *Server) listTagsForResource(c *awsproto.Call) error {
	var in struct{ ResourceArn string }
	if err := c.Decode(&in); err != nil {
		return err
	}
	m, err := s.machine(c.R.Context(), in.ResourceArn)
	if err != nil {
		return aws.Errorf(aws.ErrNotFound, "Resource not found: '%s'", in.ResourceArn)
	}
	tags := m.Tags
	if tags == nil {
		tags = []tag{}
	}
	return c.Reply(200, map[string]any{"tags": tags})
}

// tag is a tag as Step Functions spells it.
type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}
