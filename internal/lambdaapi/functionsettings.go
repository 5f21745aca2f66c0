package lambdaapi

import (
	"context"
	"net/http"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/control"
)

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

type recursionConfig struct{ RecursiveLoop *string }

// getFunctionRecursionConfig answers with what PutFunctionRecursionConfig
// stored, or AWS's default, stopping recursive loops.
func (s *Server) getFunctionRecursionConfig(c *call) error {
	return read(c, func(ctx context.Context, ref arn.Function) (recursionConfig, error) {
		loop, err := s.functions.RecursionConfig(ctx, ref)
		return recursionConfig{&loop}, err
	})
}

// putFunctionRecursionConfig stores the setting; Virga does not detect
// recursive loops.
func (s *Server) putFunctionRecursionConfig(c *call) error {
	return withBody(c, http.StatusOK, func(ctx context.Context, ref arn.Function, in recursionConfig) (recursionConfig, error) {
		loop, err := s.functions.PutRecursionConfig(ctx, ref, in.RecursiveLoop)
		return recursionConfig{&loop}, err
	})
}

type runtimeManagementInput struct {
	UpdateRuntimeOn   *string
	RuntimeVersionArn *string
}

// putRuntimeManagementConfig accepts the one mode Virga has, "Auto"; the
// others pin a runtime version, which Virga cannot (docs/compat.md).
func (s *Server) putRuntimeManagementConfig(c *call) error {
	return withBody(c, http.StatusOK, func(ctx context.Context, ref arn.Function, in runtimeManagementInput) (any, error) {
		if err := checkUpdateRuntimeOn(in.UpdateRuntimeOn); err != nil {
			return nil, err
		}
		fn, err := s.functions.GetFunction(ctx, ref)
		if err != nil {
			return nil, err
		}
		if *in.UpdateRuntimeOn != "Auto" {
			return nil, aws.Errorf(aws.ErrInvalid, "Virga runs the host's runtime and supports only UpdateRuntimeOn Auto.")
		}
		return runtimeManagementConfigOutput{UpdateRuntimeOn: "Auto", FunctionArn: fn.Configuration.FunctionArn}, nil
	})
}

func checkUpdateRuntimeOn(mode *string) error {
	switch {
	case mode == nil:
		return arn.NullError("updateRuntimeOn")
	case *mode != "Auto" && *mode != "Manual" && *mode != "FunctionUpdate":
		return arn.ConstraintError(*mode, "updateRuntimeOn", "Member must satisfy enum value set: [Auto, Manual, FunctionUpdate]")
	}
	return nil
}
