package lambdaapi

import "net/http"

type tagsBody struct {
	Tags map[string]string
}

func (s *Server) listTags(c *call) error {
	tags, err := s.tags.ListTags(c.R.Context(), c.R.PathValue("arn"))
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
	if err := s.tags.TagResource(c.R.Context(), c.R.PathValue("arn"), in.Tags); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

func (s *Server) untagResource(c *call) error {
	keys := c.R.URL.Query()["tagKeys"]
	if err := s.tags.UntagResource(c.R.Context(), c.R.PathValue("arn"), keys); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}
