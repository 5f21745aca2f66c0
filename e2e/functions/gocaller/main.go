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
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	schtypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// event names what the function calls.
type event struct {
	// Target is the function to invoke.
	Target string `json:"target"`
	// Queue, Granted and Refused are queue URLs: one judged by the role's
	// policies, one whose policy grants the role, one whose policy denies it.
	Queue   string `json:"queue"`
	Granted string `json:"granted"`
	Refused string `json:"refused"`
	// Topic is the topic to publish to.
	Topic string `json:"topic"`
	// Schedule names the schedule to create, which sends to QueueARN as Role.
	Schedule string `json:"schedule"`
	QueueARN string `json:"queueArn"`
	Role     string `json:"role"`
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
	callQueues(ctx, cfg, e, out)
	callEvents(ctx, cfg, e, out)
	return out, nil
}

// callQueues sends to each queue and publishes to the topic.
func callQueues(ctx context.Context, cfg aws.Config, e event, out map[string]outcome) {
	queues := sqs.NewFromConfig(cfg)
	for name, url := range map[string]string{"sqs": e.Queue, "granted": e.Granted, "refused": e.Refused} {
		sent, err := queues.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("from go")})
		out[name] = result(func() any { return len(aws.ToString(sent.MessageId)) }, err)
	}
	published, err := sns.NewFromConfig(cfg).Publish(ctx, &sns.PublishInput{TopicArn: aws.String(e.Topic), Message: aws.String("from go")})
	out["sns"] = result(func() any { return len(aws.ToString(published.MessageId)) }, err)
}

// callEvents puts an event on the default bus and creates a schedule.
func callEvents(ctx context.Context, cfg aws.Config, e event, out map[string]outcome) {
	put, err := eventbridge.NewFromConfig(cfg).PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{Source: aws.String("caller"), DetailType: aws.String("call"), Detail: aws.String("{}")}}})
	out["events"] = result(func() any { return put.FailedEntryCount }, err)
	created, err := scheduler.NewFromConfig(cfg).CreateSchedule(ctx, &scheduler.CreateScheduleInput{
		Name: aws.String(e.Schedule), ScheduleExpression: aws.String("rate(1 hour)"),
		FlexibleTimeWindow: &schtypes.FlexibleTimeWindow{Mode: schtypes.FlexibleTimeWindowModeOff},
		Target:             &schtypes.Target{Arn: aws.String(e.QueueARN), RoleArn: aws.String(e.Role)},
	})
	out["scheduler"] = result(func() any { return aws.ToString(created.ScheduleArn) }, err)
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
