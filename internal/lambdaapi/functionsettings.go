package lambdaapi

import "github.com/virga-dev/virga/internal/control"

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
	return s.answerFunction(c, func(fn control.Function) any {
		return codeSigningConfigOutput{FunctionName: fn.Configuration.FunctionName}
	})
}

type runtimeManagementConfigOutput struct {
	UpdateRuntimeOn string
	FunctionArn     string
}

// getRuntimeManagementConfig: functions run on the host's runtime, which
// is updated with the host, as AWS's "Auto" mode updates runtimes.
func (s *Server) getRuntimeManagementConfig(c *call) error {
	return s.answerFunction(c, func(fn control.Function) any {
		return runtimeManagementConfigOutput{UpdateRuntimeOn: "Auto", FunctionArn: fn.Configuration.FunctionArn}
	})
}

// getFunctionRecursionConfig: AWS's default, stopping recursive loops.
func (s *Server) getFunctionRecursionConfig(c *call) error {
	return s.answerFunction(c, func(control.Function) any { return map[string]string{"RecursiveLoop": "Terminate"} })
}
