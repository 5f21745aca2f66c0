package lambdaapi

import (
	"net/http"

	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
)

func (s *Server) createAlias(c *call) error {
	return withBody(c, http.StatusCreated, s.versions.CreateAlias)
}

func (s *Server) getAlias(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	a, err := s.versions.GetAlias(c.R.Context(), ref, c.R.PathValue("alias"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, a)
}

func (s *Server) updateAlias(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	var in control.AliasInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	in.Name = c.R.PathValue("alias")
	a, err := s.versions.UpdateAlias(c.R.Context(), ref, in)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, a)
}

func (s *Server) deleteAlias(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	if err := s.versions.DeleteAlias(c.R.Context(), ref, c.R.PathValue("alias")); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

type listAliasesOutput struct {
	Aliases    []lambda.Alias
	NextMarker string `json:",omitempty"`
}

func (s *Server) listAliases(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	max, err := c.maxItems()
	if err != nil {
		return err
	}
	q := c.R.URL.Query()
	aliases, next, err := s.versions.ListAliases(c.R.Context(), ref, q.Get("FunctionVersion"), q.Get("Marker"), max)
	if err != nil {
		return err
	}
	if aliases == nil {
		aliases = []lambda.Alias{}
	}
	return c.Reply(http.StatusOK, listAliasesOutput{Aliases: aliases, NextMarker: next})
}
