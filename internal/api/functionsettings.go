package api

import "net/http"

// The settings below are ones Virga does not implement but infrastructure
// tools read back on every refresh: each answers with AWS's default for a
// function that exists.

type codeSigningConfigOutput struct {
	CodeSigningConfigArn string `json:",omitempty"`
	FunctionName         string
}

// getFunctionCodeSigningConfig: Virga does not verify code signatures, so
// no function has a code signing configuration.
func (s *Server) getFunctionCodeSigningConfig(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	fn, err := s.control.GetFunction(c.r.Context(), ref)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, codeSigningConfigOutput{FunctionName: fn.Configuration.FunctionName})
}

type runtimeManagementConfigOutput struct {
	UpdateRuntimeOn string
	FunctionArn     string
}

// getRuntimeManagementConfig: functions run on the host's runtime, which
// is updated with the host, as AWS's "Auto" mode updates runtimes.
func (s *Server) getRuntimeManagementConfig(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	fn, err := s.control.GetFunction(c.r.Context(), ref)
	if err != nil {
		return err
	}
	return c.json(http.StatusOK, runtimeManagementConfigOutput{UpdateRuntimeOn: "Auto", FunctionArn: fn.Configuration.FunctionArn})
}

// getFunctionRecursionConfig: AWS's default, stopping recursive loops.
func (s *Server) getFunctionRecursionConfig(c *call) error {
	ref, err := c.function()
	if err != nil {
		return err
	}
	if _, err := s.control.GetFunction(c.r.Context(), ref); err != nil {
		return err
	}
	return c.json(http.StatusOK, map[string]string{"RecursiveLoop": "Terminate"})
}
