package api

import (
	"net/http"

	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
)

func (s *Server) createAlias(c *call) error {
	return withBody(c, http.StatusCreated, s.control.CreateAlias)
}

func (s *Server) getAlias(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	a, err := s.control.GetAlias(c.r.Context(), ref, c.r.PathValue("alias"))
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, a)
}

func (s *Server) updateAlias(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	var in control.AliasInput
	if err := c.decode(&in); err != nil {
		return err
	}
	in.Name = c.r.PathValue("alias")
	a, err := s.control.UpdateAlias(c.r.Context(), ref, in)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, a)
}

func (s *Server) deleteAlias(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	if err := s.control.DeleteAlias(c.r.Context(), ref, c.r.PathValue("alias")); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
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
	q := c.r.URL.Query()
	aliases, next, err := s.control.ListAliases(c.r.Context(), ref, q.Get("FunctionVersion"), q.Get("Marker"), max)
	if err != nil {
		return err
	}
	if aliases == nil {
		aliases = []lambda.Alias{}
	}
	return c.json(http.StatusOK, listAliasesOutput{Aliases: aliases, NextMarker: next})
}
