package logsapi

import (
	"net/http"
	"regexp"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/logs"
)

// Tags of log groups, through the ARN-based operations (TagResource …) and
// the older name-based ones (TagLogGroup …).

var tagKeyRE = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$`)

// checkTags validates tags about to join existing ones.
func checkTags(tags map[string]string, existing int) error {
	for k, v := range tags {
		switch {
		case len(k) < 1 || len(k) > 128 || !tagKeyRE.MatchString(k):
			return constraint(k, "tags", "Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$]")
		case len(v) > 256:
			return constraint(v, "tags", "Map value must satisfy constraint: [Member must have length less than or equal to 256]")
		}
	}
	if len(tags)+existing > 50 {
		return aws.Errorf(aws.ErrInvalid, "A log group can have at most 50 tags.")
	}
	return nil
}

type resourceTagsInput struct {
	ResourceArn string            `json:"resourceArn"`
	Tags        map[string]string `json:"tags"`
	TagKeys     []string          `json:"tagKeys"`
}

type tagsOutput struct {
	Tags map[string]string `json:"tags"`
}

// taggedGroup resolves the log group a tagging request names by ARN.
func (s *Server) taggedGroup(c *call, in *resourceTagsInput) (string, error) {
	if err := c.Decode(in); err != nil {
		return "", err
	}
	if in.ResourceArn == "" {
		return "", notNull("resourceArn")
	}
	name, ok := groupFromARN(in.ResourceArn)
	if !ok {
		return "", aws.Errorf(aws.ErrInvalid, "Invalid ARN: %s is not the ARN of a log group.", in.ResourceArn)
	}
	if s.groupARN(c, name, false) != in.ResourceArn && s.groupARN(c, name, true) != in.ResourceArn {
		return "", aws.Errorf(aws.ErrNotFound, "The specified log group does not exist.")
	}
	return name, nil
}

func (s *Server) listLogTags(c *call) error {
	var in resourceTagsInput
	name, err := s.taggedGroup(c, &in)
	if err != nil {
		return err
	}
	return s.writeTags(c, name)
}

func (s *Server) writeTags(c *call, name string) error {
	g, err := s.logs.Group(c.R.Context(), name)
	if err != nil {
		return err
	}
	if g.Tags == nil {
		g.Tags = map[string]string{}
	}
	return c.Reply(http.StatusOK, tagsOutput{Tags: g.Tags})
}

func (s *Server) tagLogResource(c *call) error {
	var in resourceTagsInput
	name, err := s.taggedGroup(c, &in)
	if err != nil {
		return err
	}
	return s.addTags(c, name, in.Tags)
}

func (s *Server) addTags(c *call, name string, tags map[string]string) error {
	if len(tags) == 0 {
		return notNull("tags")
	}
	_, err := s.logs.UpdateGroup(c.R.Context(), name, func(g *logs.Group) error {
		added := 0
		for k := range tags {
			if _, ok := g.Tags[k]; !ok {
				added++
			}
		}
		if err := checkTags(tags, len(g.Tags)+added-len(tags)); err != nil {
			return err
		}
		if g.Tags == nil {
			g.Tags = map[string]string{}
		}
		for k, v := range tags {
			g.Tags[k] = v
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

func (s *Server) untagLogResource(c *call) error {
	var in resourceTagsInput
	name, err := s.taggedGroup(c, &in)
	if err != nil {
		return err
	}
	if in.TagKeys == nil {
		return notNull("tagKeys")
	}
	return s.removeTags(c, name, in.TagKeys)
}

func (s *Server) removeTags(c *call, name string, keys []string) error {
	_, err := s.logs.UpdateGroup(c.R.Context(), name, func(g *logs.Group) error {
		for _, k := range keys {
			delete(g.Tags, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

type groupTagsInput struct {
	LogGroupName string            `json:"logGroupName"`
	Tags         map[string]string `json:"tags"`
}

func (s *Server) listTagsLogGroup(c *call) error {
	name, err := c.groupName()
	if err != nil {
		return err
	}
	return s.writeTags(c, name)
}

func (s *Server) tagLogGroup(c *call) error {
	var in groupTagsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if err := checkGroupName(in.LogGroupName); err != nil {
		return err
	}
	return s.addTags(c, in.LogGroupName, in.Tags)
}

func (s *Server) untagLogGroup(c *call) error {
	var in struct {
		LogGroupName string   `json:"logGroupName"`
		Tags         []string `json:"tags"`
	}
	if err := c.Decode(&in); err != nil {
		return err
	}
	if err := checkGroupName(in.LogGroupName); err != nil {
		return err
	}
	if len(in.Tags) == 0 {
		return notNull("tags")
	}
	return s.removeTags(c, in.LogGroupName, in.Tags)
}
