package scheduler

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/store"
)

const groupARNPattern = `^arn:aws(-[a-z]+)?:scheduler:[a-z0-9\-]+:\d{12}:schedule-group\/[0-9a-zA-Z-_.]+$`

var groupARNRE = regexp.MustCompile(groupARNPattern)

// checkTags checks a list of tags against the model: at most 200, keys of
// 1 to 128 characters, values of 1 to 256.
func checkTags(tags []aws.Tag) error {
	var v aws.Violations
	if len(tags) > 200 {
		v.Add(tags, "tags", "Member must have length less than or equal to 200")
	}
	for i, t := range tags {
		at := fmt.Sprintf("tags.%d.member", i+1)
		v.Length(t.Key, len(t.Key), at+".key", 1, 128)
		v.Length(t.Value, len(t.Value), at+".value", 1, 256)
	}
	return v.Err()
}

// taggedGroup reads the schedule group a tag request's ARN names; only
// groups carry tags.
func (s *Server) taggedGroup(c *awsproto.Call) (string, error) {
	arn := c.R.PathValue("ResourceArn")
	var v aws.Violations
	v.Text(arn, "resourceArn", true, 1, 1011, groupARNRE, groupARNPattern)
	if err := v.Err(); err != nil {
		return "", err
	}
	return arn[strings.LastIndexByte(arn, '/')+1:], nil
}

// changeTags changes the tags of the group a request names.
func (s *Server) changeTags(c *awsproto.Call, change func([]aws.Tag) []aws.Tag) error {
	name, err := s.taggedGroup(c)
	if err != nil {
		return err
	}
	_, err = store.Modify(c.R.Context(), s.groups, key(name), func(g *Group, exists bool) error {
		if !exists {
			return groupNotFound(name)
		}
		g.Tags = change(g.Tags)
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

func (s *Server) tagResource(c *awsproto.Call) error {
	var in struct{ Tags []aws.Tag }
	if err := c.Decode(&in); err != nil {
		return err
	}
	if in.Tags == nil {
		var v aws.Violations
		v.Null("tags")
		return v.Err()
	}
	if err := checkTags(in.Tags); err != nil {
		return err
	}
	return s.changeTags(c, func(old []aws.Tag) []aws.Tag {
		for _, t := range in.Tags {
			if i := slices.IndexFunc(old, func(o aws.Tag) bool { return o.Key == t.Key }); i >= 0 {
				old[i] = t
			} else {
				old = append(old, t)
			}
		}
		return old
	})
}

func (s *Server) untagResource(c *awsproto.Call) error {
	keys, ok := c.R.URL.Query()["TagKeys"]
	if !ok {
		var v aws.Violations
		v.Null("tagKeys")
		return v.Err()
	}
	return s.changeTags(c, func(old []aws.Tag) []aws.Tag {
		return slices.DeleteFunc(old, func(t aws.Tag) bool { return slices.Contains(keys, t.Key) })
	})
}

func (s *Server) listTagsForResource(c *awsproto.Call) error {
	name, err := s.taggedGroup(c)
	if err != nil {
		return err
	}
	g, err := s.group(c.R.Context(), name)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{ Tags []aws.Tag }{append([]aws.Tag{}, g.Tags...)})
}
