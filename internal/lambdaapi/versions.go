package lambdaapi

import (
	"net/http"

	"github.com/virga-dev/virga/internal/lambda"
)

func (s *Server) publishVersion(c *call) error {
	return withBody(c, http.StatusCreated, s.versions.PublishVersion)
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
	versions, next, err := s.versions.ListVersionsByFunction(c.R.Context(), ref, c.R.URL.Query().Get("Marker"), max)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, listVersionsOutput{Versions: versions, NextMarker: next})
}
