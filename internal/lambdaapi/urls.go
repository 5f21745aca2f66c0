package lambdaapi

import (
	"net/http"

	"github.com/virga-dev/virga/internal/lambda"
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

type listFunctionURLConfigsOutput struct {
	FunctionUrlConfigs []lambda.FunctionURLConfig
	NextMarker         string `json:",omitempty"`
}

func (s *Server) listFunctionURLConfigs(c *call) error {
	return listPage(c, 50, s.urls.ListFunctionURLConfigs, func(cfgs []lambda.FunctionURLConfig, next string) any {
		return listFunctionURLConfigsOutput{FunctionUrlConfigs: cfgs, NextMarker: next}
	})
}
