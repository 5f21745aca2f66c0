package api

import "net/http"

type tagsBody struct {
	Tags map[string]string
}

func (s *Server) listTags(c *call) error {
	tags, err := s.control.ListTags(c.r.Context(), c.r.PathValue("arn"))
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, tagsBody{Tags: tags})
}

func (s *Server) tagResource(c *call) error {
	var in tagsBody
	if err := c.decode(&in); err != nil {
		return err
	}
	if err := s.control.TagResource(c.r.Context(), c.r.PathValue("arn"), in.Tags); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

func (s *Server) untagResource(c *call) error {
	keys := c.r.URL.Query()["tagKeys"]
	if err := s.control.UntagResource(c.r.Context(), c.r.PathValue("arn"), keys); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}
