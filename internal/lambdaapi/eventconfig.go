package lambdaapi

import (
	"net/http"

	"github.com/virga-dev/virga/internal/lambda"
)

func (s *Server) putEventInvokeConfig(c *call) error {
	return withBody(c, http.StatusOK, s.eventConfigs.PutFunctionEventInvokeConfig)
}

func (s *Server) updateEventInvokeConfig(c *call) error {
	return withBody(c, http.StatusOK, s.eventConfigs.UpdateFunctionEventInvokeConfig)
}

func (s *Server) getEventInvokeConfig(c *call) error {
	return read(c, s.eventConfigs.GetFunctionEventInvokeConfig)
}

func (s *Server) deleteEventInvokeConfig(c *call) error {
	return remove(c, s.eventConfigs.DeleteFunctionEventInvokeConfig)
}

type listEventInvokeConfigsOutput struct {
	FunctionEventInvokeConfigs []lambda.EventInvokeConfig
	NextMarker                 string `json:",omitempty"`
}

func (s *Server) listEventInvokeConfigs(c *call) error {
	return listPage(c, 10000, s.eventConfigs.ListFunctionEventInvokeConfigs, func(cfgs []lambda.EventInvokeConfig, next string) any {
		return listEventInvokeConfigsOutput{FunctionEventInvokeConfigs: cfgs, NextMarker: next}
	})
}
