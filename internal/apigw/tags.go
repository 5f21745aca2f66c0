package apigw

import (
	"context"
	"net/http"
	"regexp"

	"github.com/virga-dev/virga/internal/aws"
)

// taggedARN is the ARN of an API or of one of its stages, the resources
// that carry tags.
var taggedARN = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:apigateway:[a-z0-9-]+::/apis/([a-z0-9]+)(?:/stages/([^/]+))?$`)

const maxTags = 50

func checkTags(tags map[string]string) error {
	if len(tags) > maxTags {
		return aws.Errorf(aws.ErrInvalid, "Too many tags: a resource can have at most %d tags.", maxTags)
	}
	for k, v := range tags {
		if len(k) < 1 || len(k) > 128 || len(v) > 1600 {
			return aws.Errorf(aws.ErrInvalid, "Invalid tag %s: keys are 1 to 128 characters and values at most 1600.", k)
		}
	}
	return nil
}

// tagsOf finds the tags of the resource an ARN names, inside its API.
func tagsOf(a *API, stage string) (*map[string]string, error) {
	if stage == "" {
		return &a.Tags, nil
	}
	st, err := stageByName(a, stage)
	if err != nil {
		return nil, err
	}
	return &st.Tags, nil
}

// tagged runs change on the tags of the resource the path's ARN names.
func (s *Server) tagged(ctx context.Context, resource string, change func(tags *map[string]string) error) (map[string]string, error) {
	m := taggedARN.FindStringSubmatch(resource)
	if m == nil {
		return nil, aws.Errorf(aws.ErrNotFound, "Invalid resource ARN specified %s", resource)
	}
	var out map[string]string
	_, err := s.modify(ctx, m[1], func(a *API) error {
		tags, err := tagsOf(a, m[2])
		if err != nil {
			return err
		}
		if err := change(tags); err != nil {
			return err
		}
		out = *tags
		return nil
	})
	return out, err
}

func (s *Server) getTags(c *call) error {
	tags, err := s.tagged(c.R.Context(), c.R.PathValue("arn"), func(*map[string]string) error { return nil })
	if err != nil {
		return err
	}
	if tags == nil {
		tags = map[string]string{}
	}
	return c.Reply(http.StatusOK, map[string]any{"tags": tags})
}

func (s *Server) tagResource(c *call) error {
	var in struct {
		Tags map[string]string `json:"tags"`
	}
	if err := c.Decode(&in); err != nil {
		return err
	}
	_, err := s.tagged(c.R.Context(), c.R.PathValue("arn"), func(tags *map[string]string) error {
		merged := map[string]string{}
		for k, v := range *tags {
			merged[k] = v
		}
		for k, v := range in.Tags {
			merged[k] = v
		}
		if err := checkTags(merged); err != nil {
			return err
		}
		*tags = merged
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusCreated, struct{}{})
}

func (s *Server) untagResource(c *call) error {
	keys := c.R.URL.Query()["tagKeys"]
	_, err := s.tagged(c.R.Context(), c.R.PathValue("arn"), func(tags *map[string]string) error {
		for _, k := range keys {
			delete(*tags, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}
