package api

import (
	"net/http"

	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
)

func (s *Server) publishVersion(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	var in control.PublishVersionInput
	if err := c.decode(&in); err != nil {
		return err
	}
	cfg, err := s.control.PublishVersion(c.r.Context(), ref, in)
	if err != nil {
		return err
	}
	return c.json(http.StatusCreated, cfg)
}

type listVersionsOutput struct {
	Versions   []lambda.FunctionConfiguration
	NextMarker string `json:",omitempty"`
}

func (s *Server) listVersionsByFunction(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	max, err := c.maxItems()
	if err != nil {
		return err
	}
	versions, next, err := s.control.ListVersionsByFunction(c.r.Context(), ref, c.r.URL.Query().Get("Marker"), max)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, listVersionsOutput{Versions: versions, NextMarker: next})
}
