package lambdaapi

import (
	"net/http"
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

func (s *Server) listEventInvokeConfigs(c *call) error {
	return listOf(c, "FunctionEventInvokeConfigs", 10000, s.eventConfigs.ListFunctionEventInvokeConfigs)
}
