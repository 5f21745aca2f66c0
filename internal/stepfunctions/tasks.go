package stepfunctions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/workflow"
)

// Invoker runs functions.
type Invoker interface {
	Invoke(ctx context.Context, inv lambda.Invocation) (lambda.InvokeResult, error)
}

// tasks runs Task states' resources: functions, and the integrations
// Virga serves.
type tasks struct {
	invoker         Invoker
	targets         map[string]Target
	region, account string
	start           *Server
}

func (t *tasks) Run(ctx context.Context, task workflow.Task) (any, error) {
	r := task.Resource
	switch {
	case r.Function:
		res, err := t.invoke(ctx, r.ARN, "", task)
		if err != nil {
			return nil, err
		}
		return decodePayload(res.Payload), nil
	case r.Service == "lambda" && r.Action == "invoke":
		return t.lambdaInvoke(ctx, task)
	}
	if run := integrations[r.Service+":"+r.Action]; run != nil {
		params, _ := task.Parameters.(map[string]any)
		return run(t, ctx, task, params)
	}
	return nil, workflow.TaskFailure("States.Runtime", fmt.Sprintf("The resource '%s' is not supported by Virga", r.ARN))
}

// lambdaInvoke is arn:aws:states:::lambda:invoke: its result is Invoke's
// response, its payload parsed.
func (t *tasks) lambdaInvoke(ctx context.Context, task workflow.Task) (any, error) {
	params, _ := task.Parameters.(map[string]any)
	name, _ := params["FunctionName"].(string)
	qualifier, _ := params["Qualifier"].(string)
	res, err := t.invoke(ctx, name, qualifier, workflow.Task{Parameters: params["Payload"], RequestID: task.RequestID})
	if err != nil {
		return nil, err
	}
	requestID := lambda.DerivedUUID(task.RequestID)
	out := sdkMetadata(requestID, map[string]any{"Connection": "keep-alive", "Content-Type": "application/json",
		"X-Amz-Executed-Version": res.ExecutedVersion, "x-amzn-Remapped-Content-Length": "0", "x-amzn-RequestId": requestID})
	out["ExecutedVersion"], out["Payload"], out["StatusCode"] = res.ExecutedVersion, decodePayload(res.Payload), 200
	return out, nil
}

// invoke runs a function synchronously with the task's parameters as its
// event. The request id derives from the try, so a try made again after
// a crash invokes with the same id. A function error fails the task with
// the error's type and the error document as the cause.
func (t *tasks) invoke(ctx context.Context, name, qualifier string, task workflow.Task) (lambda.InvokeResult, error) {
	ref, err := arn.ParseFunction(name, "FunctionName")
	if err != nil {
		return lambda.InvokeResult{}, workflow.TaskFailure("Lambda.InvalidParameterValueException", err.Error())
	}
	if qualifier != "" {
		ref.Qualifier = qualifier
	}
	payload := []byte(workflow.Encode(task.Parameters))
	res, err := t.invoker.Invoke(ctx, lambda.Invocation{Region: ref.Region, Account: ref.Account, Name: ref.Name,
		Qualifier: ref.Qualifier, Type: lambda.InvokeRequestResponse, RequestID: lambda.DerivedUUID(task.RequestID), Payload: payload})
	if err != nil {
		return res, t.lambdaError(ctx, name, err)
	}
	if res.FunctionError != "" {
		return res, functionError(res.Payload)
	}
	return res, nil
}

// functionError is a function's error as a task failure: its errorType
// (Lambda.Unknown without one) and the compact error document.
func functionError(payload []byte) error {
	var doc struct {
		ErrorType string `json:"errorType"`
	}
	_ = json.Unmarshal(payload, &doc)
	name := doc.ErrorType
	if name == "" {
		name = "Lambda.Unknown"
	}
	var compact bytes.Buffer
	if json.Compact(&compact, payload) != nil {
		return workflow.TaskFailure(name, string(payload))
	}
	return workflow.TaskFailure(name, compact.String())
}

// lambdaError is a failed Invoke call as a task failure named as AWS
// names it: Lambda.<Code>, with a Java SDK style cause.
func (t *tasks) lambdaError(ctx context.Context, name string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	code, status := "ServiceException", 500
	switch {
	case errors.Is(err, aws.ErrNotFound):
		code, status = "ResourceNotFoundException", 404
	case errors.Is(err, aws.ErrThrottled):
		code, status = "TooManyRequestsException", 429
	case errors.Is(err, aws.ErrInvalid), errors.Is(err, aws.ErrValidation), errors.Is(err, aws.ErrTooLarge):
		code, status = "InvalidParameterValueException", 400
	}
	msg := err.Error()
	if code == "ResourceNotFoundException" {
		msg = "Function not found: " + name
	}
	return workflow.TaskFailure("Lambda."+code, fmt.Sprintf("%s (Service: AWSLambda; Status Code: %d; Error Code: %s; Request ID: %s; Proxy: null)",
		msg, status, code, lambda.NewUUID()))
}

// decodePayload is a function's response as JSON, or as a string when it
// is not JSON.
func decodePayload(p []byte) any {
	if len(p) == 0 {
		return nil
	}
	v, err := workflow.Decode(string(p))
	if err != nil {
		return string(p)
	}
	return v
}
