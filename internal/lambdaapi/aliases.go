package lambdaapi

import (
	"context"
	"net/http"

	"github.com/virga-dev/virga/internal/arn"
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

func (s *Server) listAliases(c *call) error {
	version := c.R.URL.Query().Get("FunctionVersion")
	return listOf(c, "Aliases", 10000, func(ctx context.Context, ref arn.Function, marker string, max int) ([]lambda.Alias, string, error) {
		return s.versions.ListAliases(ctx, ref, version, marker, max)
	})
}
