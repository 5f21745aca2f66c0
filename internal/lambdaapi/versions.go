package lambdaapi

import (
	"net/http"
)

func (s *Server) publishVersion(c *call) error {
	return withBody(c, http.StatusCreated, s.versions.PublishVersion)
}

func (s *Server) listVersionsByFunction(c *call) error {
	return listOf(c, "Versions", 10000, s.versions.ListVersionsByFunction)
}
