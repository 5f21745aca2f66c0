package stepfunctions

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/workflow"
)

// Target delivers to another service's resource: a queue, a topic, an
// event bus (the delivery kinds "sqs", "sns" and "events").
type Target interface {
	Deliver(ctx context.Context, d delivery.Delivery) (delivery.Reply, error)
}

// integration runs one service integration's action.
type integration func(t *tasks, ctx context.Context, task workflow.Task, params map[string]any) (any, error)

// integrations are the service integrations Virga runs, by
// "<service>:<action>".
var integrations = map[string]integration{
	"sqs:sendMessage":       (*tasks).sendMessage,
	"sns:publish":           (*tasks).publish,
	"events:putEvents":      (*tasks).putEvents,
	"states:startExecution": (*tasks).startExecution,
}

// deliver hands one message to the target of kind; the delivery's id
// derives from the task's try, so a try made again after a crash sends
// the same id.
func (t *tasks) deliver(ctx context.Context, task workflow.Task, kind, name string, payload string, attrs map[string]string) (string, delivery.Reply, error) {
	target := t.targets[kind]
	if target == nil {
		return "", delivery.Reply{}, workflow.TaskFailure("States.Runtime", fmt.Sprintf("The resource '%s' is not supported by Virga", task.ARN))
	}
	id := lambda.DerivedUUID(task.RequestID)
	reply, err := target.Deliver(ctx, delivery.Delivery{ID: id, Producer: "states", Target: delivery.Address{Kind: kind, Name: name},
		Payload: []byte(payload), Attributes: attrs, Accepted: time.Now()})
	if err != nil {
		return "", reply, t.serviceError(task, err)
	}
	return id, reply, nil
}

// serviceError is a failed delivery as a task failure: <Service>.<Code>.
func (t *tasks) serviceError(task workflow.Task, err error) error {
	service := map[string]string{"sqs": "SQS", "sns": "SNS", "events": "EventBridge"}[task.Service]
	code, status := "InternalErrorException", 500
	if errors.Is(err, delivery.ErrGone) || errors.Is(err, delivery.ErrPermanent) {
		code, status = "InvalidParameterException", 400
	}
	return workflow.TaskFailure(service+"."+code, fmt.Sprintf("%s (Service: %s; Status Code: %d; Error Code: %s; Request ID: %s; Proxy: null)",
		err.Error(), service, status, code, lambda.NewUUID()))
}

// text is a parameter as a message body: a string as it is, anything
// else as its JSON.
func text(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return workflow.Encode(v)
}

// attributes are the delivery attributes of the parameters that name
// them.
func attributes(params map[string]any, names ...string) map[string]string {
	attrs := map[string]string{}
	for _, n := range names {
		if s, ok := params[n].(string); ok {
			attrs[n] = s
		}
	}
	return attrs
}

// sendMessage is arn:aws:states:::sqs:sendMessage.
func (t *tasks) sendMessage(ctx context.Context, task workflow.Task, params map[string]any) (any, error) {
	queue, _ := params["QueueUrl"].(string)
	body := text(params["MessageBody"])
	u, err := url.Parse(queue)
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if err != nil || len(parts) != 2 {
		return nil, workflow.TaskFailure("SQS.QueueDoesNotExistException", "The specified queue does not exist.")
	}
	arn := "arn:aws:sqs:" + t.region + ":" + parts[0] + ":" + parts[1]
	_, reply, err := t.deliver(ctx, task, "sqs", arn, body, attributes(params, "MessageGroupId", "MessageDeduplicationId"))
	if err != nil {
		return nil, err
	}
	sum := md5.Sum([]byte(body))
	out := sdkMetadata(lambda.DerivedUUID(task.RequestID+"/response"), nil)
	out["MessageId"], out["MD5OfMessageBody"] = reply.Attributes["messageId"], hex.EncodeToString(sum[:])
	return out, nil
}

// publish is arn:aws:states:::sns:publish.
func (t *tasks) publish(ctx context.Context, task workflow.Task, params map[string]any) (any, error) {
	topic, _ := params["TopicArn"].(string)
	id, _, err := t.deliver(ctx, task, "sns", topic, text(params["Message"]),
		attributes(params, "Subject", "MessageGroupId", "MessageDeduplicationId"))
	if err != nil {
		return nil, err
	}
	out := sdkMetadata(lambda.DerivedUUID(task.RequestID+"/response"), nil)
	out["MessageId"] = id
	return out, nil
}

// putEvents is arn:aws:states:::events:putEvents: each entry into its bus
// (the default one unless EventBusName names another).
func (t *tasks) putEvents(ctx context.Context, task workflow.Task, params map[string]any) (any, error) {
	entries, _ := params["Entries"].([]any)
	var results []any
	for i, e := range entries {
		entry, _ := e.(map[string]any)
		bus, _ := entry["EventBusName"].(string)
		if !strings.HasPrefix(bus, "arn:") {
			bus = "arn:aws:events:" + t.region + ":" + t.account + ":event-bus/" + or(bus, "default")
		}
		payload := map[string]any{"Source": entry["Source"], "DetailType": entry["DetailType"], "Detail": text(entry["Detail"]),
			"Resources": entry["Resources"]}
		try := task
		try.RequestID = fmt.Sprintf("%s/%d", task.RequestID, i)
		id, _, err := t.deliver(ctx, try, "events", bus, workflow.Encode(payload), nil)
		if err != nil {
			return nil, err
		}
		results = append(results, map[string]any{"EventId": id})
	}
	return map[string]any{"Entries": results, "FailedEntryCount": 0}, nil
}

// sdkMetadata is the part of an integration's result that describes the
// HTTP exchange, as AWS's Java SDK records it.
func sdkMetadata(requestID string, headers map[string]any) map[string]any {
	if headers == nil {
		headers = map[string]any{"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": requestID}
	}
	all := make(map[string]any, len(headers))
	for k, v := range headers {
		all[k] = []any{v}
	}
	return map[string]any{
		"SdkHttpMetadata":     map[string]any{"AllHttpHeaders": all, "HttpHeaders": headers, "HttpStatusCode": 200},
		"SdkResponseMetadata": map[string]any{"RequestId": requestID},
	}
}
