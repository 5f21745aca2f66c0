// Command goecho is a provided.al2023 function built with aws-lambda-go: it
// echoes its event, fails or sleeps when asked, and reports its context.
package main

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

type event struct {
	Fail    string `json:"fail"`
	Echo    any    `json:"echo"`
	SleepMs int    `json:"sleepMs"`
}

type result struct {
	Echo      any    `json:"echo"`
	RequestID string `json:"requestId"`
	ARN       string `json:"arn"`
	Version   string `json:"version"`
	Handler   string `json:"handler"`
}

func handle(ctx context.Context, e event) (result, error) {
	if e.Fail != "" {
		return result{}, errors.New(e.Fail)
	}
	time.Sleep(time.Duration(e.SleepMs) * time.Millisecond)
	lc, _ := lambdacontext.FromContext(ctx)
	return result{Echo: e.Echo, RequestID: lc.AwsRequestID, ARN: lc.InvokedFunctionArn,
		Version: lambdacontext.FunctionVersion, Handler: os.Getenv("_HANDLER")}, nil
}

func main() { lambda.Start(handle) }
