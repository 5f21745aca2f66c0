package lambdaapi

import (
	"net/http"

	"github.com/virga-dev/virga/internal/esm"
)

type tagsBody struct {
	Tags map[string]string
}

func (s *Server) listTags(c *call) error {
	tags, err := s.tagger(c).ListTags(c.R.Context(), c.R.PathValue("arn"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, tagsBody{Tags: tags})
}

func (s *Server) tagResource(c *call) error {
	var in tagsBody
	if err := c.Decode(&in); err != nil {
		return err
	}
	if err := s.tagger(c).TagResource(c.R.Context(), c.R.PathValue("arn"), in.Tags); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

func (s *Server) untagResource(c *call) error {
	keys := c.R.URL.Query()["tagKeys"]
	if err := s.tagger(c).UntagResource(c.R.Context(), c.R.PathValue("arn"), keys); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

// tagger keeps the tags of the resource the path names: an event source
// mapping's are the mappings', any other the control plane's.
func (s *Server) tagger(c *call) Tags {
	if s.mappings != nil && esm.IsMappingARN(c.R.PathValue("arn")) {
		return s.mappings
	}
	return s.tags
}
