package lambdaapi

import (
	"net/http"
)

func (s *Server) createFunctionURLConfig(c *call) error {
	return withBody(c, http.StatusCreated, s.urls.CreateFunctionURLConfig)
}

func (s *Server) updateFunctionURLConfig(c *call) error {
	return withBody(c, http.StatusOK, s.urls.UpdateFunctionURLConfig)
}

func (s *Server) getFunctionURLConfig(c *call) error {
	return read(c, s.urls.GetFunctionURLConfig)
}

func (s *Server) deleteFunctionURLConfig(c *call) error {
	return remove(c, s.urls.DeleteFunctionURLConfig)
}

func (s *Server) listFunctionURLConfigs(c *call) error {
	return listOf(c, "FunctionUrlConfigs", 50, s.urls.ListFunctionURLConfigs)
}
