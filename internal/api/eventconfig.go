package api

import (
	"net/http"

	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
)

func (s *Server) putEventInvokeConfig(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	var in control.EventConfigInput
	if err := c.decode(&in); err != nil {
		return err
	}
	cfg, err := s.control.PutFunctionEventInvokeConfig(c.r.Context(), ref, in)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, cfg)
}

func (s *Server) updateEventInvokeConfig(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	var in control.EventConfigInput
	if err := c.decode(&in); err != nil {
		return err
	}
	cfg, err := s.control.UpdateFunctionEventInvokeConfig(c.r.Context(), ref, in)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, cfg)
}

func (s *Server) getEventInvokeConfig(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	cfg, err := s.control.GetFunctionEventInvokeConfig(c.r.Context(), ref)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, cfg)
}

func (s *Server) deleteEventInvokeConfig(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	if err := s.control.DeleteFunctionEventInvokeConfig(c.r.Context(), ref); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}

type listEventInvokeConfigsOutput struct {
	FunctionEventInvokeConfigs []lambda.EventInvokeConfig
	NextMarker                 string `json:",omitempty"`
}

func (s *Server) listEventInvokeConfigs(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	max, err := c.maxItems()
	if err != nil {
		return err
	}
	cfgs, next, err := s.control.ListFunctionEventInvokeConfigs(c.r.Context(), ref, c.r.URL.Query().Get("Marker"), max)
	if err != nil {
		return err
	}
	if cfgs == nil {
		cfgs = []lambda.EventInvokeConfig{}
	}
	return c.json(http.StatusOK, listEventInvokeConfigsOutput{FunctionEventInvokeConfigs: cfgs, NextMarker: next})
}
