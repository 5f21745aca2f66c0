package api

import (
	"net/http"

	"github.com/virga-dev/virga/internal/lambda"
)

func (s *Server) putEventInvokeConfig(c *call) error {
	return withBody(c, http.StatusOK, s.control.PutFunctionEventInvokeConfig)
}

func (s *Server) updateEventInvokeConfig(c *call) error {
	return withBody(c, http.StatusOK, s.control.UpdateFunctionEventInvokeConfig)
}

func (s *Server) getEventInvokeConfig(c *call) error {
	return read(c, s.control.GetFunctionEventInvokeConfig)
}

func (s *Server) deleteEventInvokeConfig(c *call) error {
	return remove(c, s.control.DeleteFunctionEventInvokeConfig)
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
