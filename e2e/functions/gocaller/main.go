// Command gocaller is a provided.al2023 function built with aws-lambda-go
// that calls AWS services with aws-sdk-go-v2 and its default configuration
// only: credentials, region and endpoint come from the environment Lambda
// gives it. It reports each call's outcome.
package main

import (
	"context"
	"errors"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

type event struct {
	// Target is the function to invoke.
	Target string `json:"target"`
}

// outcome is one call's result: a value, or the error code and message.
type outcome struct {
	Value   any    `json:"value,omitempty"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

func handle(ctx context.Context, e event) (map[string]outcome, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]outcome{}
	identity, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	out["sts"] = result(func() any { return aws.ToString(identity.Arn) }, err)
	fns, err := awslambda.NewFromConfig(cfg).ListFunctions(ctx, &awslambda.ListFunctionsInput{})
	out["list"] = result(func() any { return len(fns.Functions) }, err)
	inv, err := awslambda.NewFromConfig(cfg).Invoke(ctx, &awslambda.InvokeInput{FunctionName: aws.String(e.Target), Payload: []byte(`{"name":"go"}`)})
	out["invoke"] = result(func() any { return string(inv.Payload) }, err)
	groups, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	out["logs"] = result(func() any { return len(groups.LogGroups) }, err)
	return out, nil
}

func result(value func() any, err error) outcome {
	var api smithy.APIError
	if errors.As(err, &api) {
		return outcome{Code: api.ErrorCode(), Message: api.ErrorMessage()}
	}
	if err != nil {
		return outcome{Code: "client", Message: err.Error()}
	}
	return outcome{Value: value()}
}

func main() { lambda.Start(handle) }
