package events

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/store"
)

// checkTags records tags whose keys or values are out of bounds.
func checkTags(v *aws.Violations, tags []aws.Tag) {
	for i, t := range tags {
		at := fmt.Sprintf("tags.%d.member", i+1)
		v.Length(t.Key, len(t.Key), at+".key", 1, 128)
		v.Length(t.Value, len(t.Value), at+".value", 0, 256)
	}
}

// mergeTags sets tags over old, keeping old's order.
func mergeTags(old, tags []aws.Tag) []aws.Tag {
	for _, t := range tags {
		if i := slices.IndexFunc(old, func(o aws.Tag) bool { return o.Key == t.Key }); i >= 0 {
			old[i] = t
		} else {
			old = append(old, t)
		}
	}
	return old
}

// modifyTags changes the tags of the bus or rule an ARN names.
func (s *Server) modifyTags(ctx context.Context, arn string, change func([]aws.Tag) []aws.Tag) error {
	if res, ok := strings.CutPrefix(arnResource(arn), "event-bus/"); ok {
		_, err := store.Modify(ctx, s.buses, busKey(res), func(b *Bus, exists bool) error {
			if !exists {
				return busNotFound(res)
			}
			b.Tags = change(b.Tags)
			return nil
		})
		return err
	}
	if _, ok := strings.CutPrefix(arnResource(arn), "rule/"); ok {
		bus, name := ruleOfARN(arn)
		_, err := s.modifyRule(ctx, bus, name, func(r *Rule) error {
			r.Tags = change(r.Tags)
			return nil
		})
		return err
	}
	return errBadARN
}

// tagsOf reads the tags of the bus or rule an ARN names.
func (s *Server) tagsOf(ctx context.Context, arn string) ([]aws.Tag, error) {
	if name, ok := strings.CutPrefix(arnResource(arn), "event-bus/"); ok {
		b, err := s.bus(ctx, name)
		return b.Tags, err
	}
	if _, ok := strings.CutPrefix(arnResource(arn), "rule/"); ok {
		bus, name := ruleOfARN(arn)
		r, err := s.rule(ctx, bus, name)
		return r.Tags, err
	}
	return nil, errBadARN
}

// errBadARN answers an ARN that names neither a bus nor a rule.
var errBadARN = aws.Errorf(aws.ErrValidation, "Provided Arn is not in correct format.")

// arnResource is the resource part of an ARN of this account and region.
func arnResource(arn string) string {
	a, ok := aws.ParseARN(arn)
	if !ok || a.Service != "events" {
		return ""
	}
	return a.Resource
}

type tagResourceInput struct {
	ResourceARN string
	Tags        []aws.Tag
}

func (in *tagResourceInput) check(v *aws.Violations) {
	v.Text(in.ResourceARN, "resourceARN", true, 1, 1600, nil, "")
	if in.Tags == nil {
		v.Null("tags")
	}
	checkTags(v, in.Tags)
}

func (s *Server) tagResource(c *awsproto.Call) error {
	in, err := decode[tagResourceInput](c)
	if err != nil {
		return err
	}
	err = s.modifyTags(c.R.Context(), in.ResourceARN, func(old []aws.Tag) []aws.Tag { return mergeTags(old, in.Tags) })
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

type untagResourceInput struct {
	ResourceARN string
	TagKeys     []string
}

func (in *untagResourceInput) check(v *aws.Violations) {
	v.Text(in.ResourceARN, "resourceARN", true, 1, 1600, nil, "")
	if in.TagKeys == nil {
		v.Null("tagKeys")
	}
}

func (s *Server) untagResource(c *awsproto.Call) error {
	in, err := decode[untagResourceInput](c)
	if err != nil {
		return err
	}
	err = s.modifyTags(c.R.Context(), in.ResourceARN, func(old []aws.Tag) []aws.Tag {
		return slices.DeleteFunc(old, func(t aws.Tag) bool { return slices.Contains(in.TagKeys, t.Key) })
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

type resourceInput struct{ ResourceARN string }

func (in *resourceInput) check(v *aws.Violations) {
	v.Text(in.ResourceARN, "resourceARN", true, 1, 1600, nil, "")
}

func (s *Server) listTagsForResource(c *awsproto.Call) error {
	in, err := decode[resourceInput](c)
	if err != nil {
		return err
	}
	tags, err := s.tagsOf(c.R.Context(), in.ResourceARN)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{ Tags []aws.Tag }{append([]aws.Tag{}, tags...)})
}
