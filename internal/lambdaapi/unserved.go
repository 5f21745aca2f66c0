package lambdaapi

import (
	"context"
	"net/http"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
)

// The operations of the Lambda model whose features Virga does not have:
// code signing configurations, capacity providers and durable executions.
// Each answers as AWS does for an account that has none of them: lists are
// empty, a named one is not found, and settings of a function that exists
// read back as their defaults. Creating one is refused (docs/compat.md).

// unservedOps is every such operation, in the model's order.
func (s *Server) unservedOps() []awsproto.Operation {
	return []awsproto.Operation{
		op("CreateCodeSigningConfig", "POST /2020-04-22/code-signing-configs", refuse("code signing configurations")),
		op("ListCodeSigningConfigs", "GET /2020-04-22/code-signing-configs", emptyList("CodeSigningConfigs")),
		op("GetCodeSigningConfig", "GET /2020-04-22/code-signing-configs/{csc}", noCodeSigningConfig),
		op("UpdateCodeSigningConfig", "PUT /2020-04-22/code-signing-configs/{csc}", noCodeSigningConfig),
		op("DeleteCodeSigningConfig", "DELETE /2020-04-22/code-signing-configs/{csc}", noCodeSigningConfig),
		op("ListFunctionsByCodeSigningConfig", "GET /2020-04-22/code-signing-configs/{csc}/functions", noCodeSigningConfig),
		op("PutFunctionCodeSigningConfig", "PUT /2020-06-30/functions/{name}/code-signing-config", s.putFunctionCodeSigningConfig),
		op("DeleteFunctionCodeSigningConfig", "DELETE /2020-06-30/functions/{name}/code-signing-config", s.deleteFunctionCodeSigningConfig),
		op("CreateCapacityProvider", "POST /2025-11-30/capacity-providers", refuse("capacity providers")),
		op("ListCapacityProviders", "GET /2025-11-30/capacity-providers", emptyList("CapacityProviders")),
		op("GetCapacityProvider", "GET /2025-11-30/capacity-providers/{provider}", noResource),
		op("UpdateCapacityProvider", "PUT /2025-11-30/capacity-providers/{provider}", noResource),
		op("DeleteCapacityProvider", "DELETE /2025-11-30/capacity-providers/{provider}", noResource),
		op("ListFunctionVersionsByCapacityProvider", "GET /2025-11-30/capacity-providers/{provider}/function-versions", noResource),
		op("GetFunctionScalingConfig", "GET /2025-11-30/functions/{name}/function-scaling-config", s.noCapacityProvider),
		op("PutFunctionScalingConfig", "PUT /2025-11-30/functions/{name}/function-scaling-config", s.noCapacityProvider),
		op("ListDurableExecutionsByFunction", "GET /2025-12-01/functions/{name}/durable-executions", s.listDurableExecutions),
		op("GetDurableExecution", "GET /2025-12-01/durable-executions/{execution}", noResource),
		op("GetDurableExecutionHistory", "GET /2025-12-01/durable-executions/{execution}/history", noResource),
		op("GetDurableExecutionState", "GET /2025-12-01/durable-executions/{execution}/state", noDurableExecution),
		op("StopDurableExecution", "POST /2025-12-01/durable-executions/{execution}/stop", noResource),
		op("CheckpointDurableExecution", "POST /2025-12-01/durable-executions/{execution}/checkpoint", noDurableExecution),
		op("SendDurableExecutionCallbackSuccess", "POST /2025-12-01/durable-execution-callbacks/{callback}/succeed", noCallback),
		op("SendDurableExecutionCallbackFailure", "POST /2025-12-01/durable-execution-callbacks/{callback}/fail", noCallback),
		op("SendDurableExecutionCallbackHeartbeat", "POST /2025-12-01/durable-execution-callbacks/{callback}/heartbeat", noCallback),
	}
}

func refuse(what string) handler {
	return func(*call) error {
		return aws.Errorf(aws.ErrInvalid, "Virga does not support %s.", what)
	}
}

func emptyList(member string) handler {
	return func(c *call) error { return c.Reply(http.StatusOK, map[string][]any{member: {}}) }
}

func noResource(*call) error {
	return aws.Errorf(aws.ErrNotFound, "The resource you requested does not exist.")
}

func noCodeSigningConfig(c *call) error {
	return aws.Errorf(aws.ErrNotFound, "The Lambda code signing configuration %s can not be found.", c.R.PathValue("csc"))
}

func noDurableExecution(c *call) error {
	return aws.Errorf(aws.ErrInvalid, "Durable execution %s does not exist.", c.R.PathValue("execution"))
}

func noCallback(c *call) error {
	return aws.Errorf(aws.ErrInvalid, "Callback %s does not exist.", c.R.PathValue("callback"))
}

type codeSigningInput struct{ CodeSigningConfigArn string }

// putFunctionCodeSigningConfig: no configuration exists to attach.
func (s *Server) putFunctionCodeSigningConfig(c *call) error {
	return withBody(c, http.StatusOK, func(ctx context.Context, ref arn.Function, in codeSigningInput) (any, error) {
		if _, err := s.functions.GetFunction(ctx, ref); err != nil {
			return nil, err
		}
		return nil, aws.Errorf(lambda.ErrCodeSigningConfigNotFound,
			"The code signing configuration cannot be found. Check that the provided configuration is not deleted: %s.", in.CodeSigningConfigArn)
	})
}

// deleteFunctionCodeSigningConfig: a function has none, so nothing changes.
func (s *Server) deleteFunctionCodeSigningConfig(c *call) error {
	return remove(c, func(ctx context.Context, ref arn.Function) error {
		_, err := s.functions.GetFunction(ctx, ref)
		return err
	})
}

// noCapacityProvider: no function runs on a capacity provider.
func (s *Server) noCapacityProvider(c *call) error {
	return read(c, func(ctx context.Context, ref arn.Function) (any, error) {
		fn, err := s.functions.GetFunction(ctx, ref)
		if err != nil {
			return nil, err
		}
		return nil, aws.Errorf(aws.ErrInvalid, "The function %s does not use a capacity provider.", fn.Configuration.FunctionArn)
	})
}

func (s *Server) listDurableExecutions(c *call) error {
	return s.answerFunction(c, func(control.Function) any { return map[string][]any{"DurableExecutions": {}} })
}
