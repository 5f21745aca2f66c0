package e2e

import (
	"strings"
	"testing"
)

// eventsCall is a json-1.1 request to an EventBridge operation.
func eventsCall(name, op, body string) exchange {
	return exchange{name: name, service: "events", method: "POST", path: "/", body: []byte(body),
		header: map[string]string{"X-Amz-Target": "AWSEvents." + op, "Content-Type": "application/x-amz-json-1.1"}}
}

// TestGoldenEvents pins the response of every EventBridge operation, and
// of each kind of error a request can provoke.
func TestGoldenEvents(t *testing.T) {
	s := startServer(t)
	other := s.addAccount(t)
	acct := s.admin.AccountID
	busARN := "arn:aws:events:us-east-1:" + acct + ":event-bus/golden"
	ruleARN := "arn:aws:events:us-east-1:" + acct + ":rule/golden/orders"
	fn := "arn:aws:lambda:us-east-1:" + acct + ":function:sink"
	queue := "arn:aws:sqs:us-east-1:" + acct + ":dlq"
	entry := `{"Source":"shop","DetailType":"order","Detail":"{\"n\":1}","EventBusName":"golden"}`
	eleven := "[" + strings.TrimSuffix(strings.Repeat(`{"Source":"s","DetailType":"t","Detail":"{}"},`, 11), ",") + "]"
	big := `[{"Source":"s","DetailType":"t","Detail":"{\"x\":\"` + strings.Repeat("x", 256*1024) + `\"}"}]`
	testEvent := `{"id":"1","account":"123456789012","source":"shop","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail-type":"order","detail":{"n":5}}`

	runGolden(t, s, []exchange{
		// Buses.
		eventsCall("create-event-bus", "CreateEventBus", `{"Name":"golden","Description":"orders","Tags":[{"Key":"a","Value":"b"}]}`),
		eventsCall("error-bus-exists", "CreateEventBus", `{"Name":"golden"}`),
		eventsCall("error-invalid-bus-name", "CreateEventBus", `{"Name":"bad name!"}`),
		eventsCall("describe-event-bus", "DescribeEventBus", `{"Name":"golden"}`),
		eventsCall("describe-event-bus-by-arn", "DescribeEventBus", `{"Name":"`+busARN+`"}`),
		eventsCall("describe-default-bus", "DescribeEventBus", `{}`),
		eventsCall("list-event-buses", "ListEventBuses", `{}`),
		eventsCall("list-event-buses-page", "ListEventBuses", `{"Limit":1}`),
		eventsCall("error-bus-not-found", "DescribeEventBus", `{"Name":"nope"}`),
		eventsCall("error-delete-default-bus", "DeleteEventBus", `{"Name":"default"}`),

		// Rules.
		eventsCall("put-rule", "PutRule", `{"Name":"orders","EventBusName":"golden","EventPattern":"{\"source\":[\"shop\"]}","Description":"shop orders"}`),
		eventsCall("put-rule-schedule", "PutRule", `{"Name":"nightly","ScheduleExpression":"cron(0 2 * * ? *)","State":"DISABLED"}`),
		eventsCall("describe-rule", "DescribeRule", `{"Name":"orders","EventBusName":"golden"}`),
		eventsCall("describe-rule-schedule", "DescribeRule", `{"Name":"nightly"}`),
		eventsCall("list-rules", "ListRules", `{"EventBusName":"golden"}`),
		eventsCall("disable-rule", "DisableRule", `{"Name":"orders","EventBusName":"golden"}`),
		eventsCall("enable-rule", "EnableRule", `{"Name":"orders","EventBusName":"golden"}`),
		eventsCall("error-rule-not-found", "DescribeRule", `{"Name":"nope"}`),
		eventsCall("error-rule-name", "PutRule", `{"Name":"bad name","EventPattern":"{}"}`),
		eventsCall("error-rule-missing-name", "PutRule", `{"EventPattern":"{}"}`),
		eventsCall("error-rule-nothing", "PutRule", `{"Name":"r"}`),
		eventsCall("error-bad-schedule", "PutRule", `{"Name":"r","ScheduleExpression":"rate(1 minutes)"}`),
		eventsCall("error-schedule-custom-bus", "PutRule", `{"Name":"r","EventBusName":"golden","ScheduleExpression":"rate(1 minute)"}`),
		eventsCall("error-bad-pattern", "PutRule", `{"Name":"r","EventPattern":"{\"source\":\"shop\"}"}`),
		eventsCall("error-rule-bus-not-found", "PutRule", `{"Name":"r","EventBusName":"nope","EventPattern":"{}"}`),

		// Targets.
		eventsCall("put-targets", "PutTargets", `{"Rule":"orders","EventBusName":"golden","Targets":[`+
			`{"Id":"fn","Arn":"`+fn+`","RetryPolicy":{"MaximumRetryAttempts":3,"MaximumEventAgeInSeconds":600},"DeadLetterConfig":{"Arn":"`+queue+`"}},`+
			`{"Id":"transformed","Arn":"`+fn+`","InputTransformer":{"InputPathsMap":{"n":"$.detail.n"},"InputTemplate":"{\"n\": <n>}"}},`+
			`{"Id":"path","Arn":"`+queue+`","InputPath":"$.detail"}]}`),
		eventsCall("list-targets-by-rule", "ListTargetsByRule", `{"Rule":"orders","EventBusName":"golden"}`),
		eventsCall("list-targets-by-rule-page", "ListTargetsByRule", `{"Rule":"orders","EventBusName":"golden","Limit":1}`),
		eventsCall("list-rule-names-by-target", "ListRuleNamesByTarget", `{"TargetArn":"`+fn+`","EventBusName":"golden"}`),
		eventsCall("error-only-one-input", "PutTargets", `{"Rule":"orders","EventBusName":"golden","Targets":[{"Id":"x","Arn":"`+fn+`","Input":"{}","InputPath":"$"}]}`),
		eventsCall("error-invalid-placeholder", "PutTargets", `{"Rule":"orders","EventBusName":"golden","Targets":[{"Id":"x","Arn":"`+fn+`","InputTransformer":{"InputTemplate":"\"<nope>\""}}]}`),
		eventsCall("error-unsupported-target", "PutTargets", `{"Rule":"orders","EventBusName":"golden","Targets":[{"Id":"x","Arn":"arn:aws:states:us-east-1:`+acct+`:stateMachine:m"}]}`),
		eventsCall("error-target-id", "PutTargets", `{"Rule":"orders","EventBusName":"golden","Targets":[{"Id":"!@#$","Arn":"`+fn+`"}]}`),
		eventsCall("error-retry-policy", "PutTargets", `{"Rule":"orders","EventBusName":"golden","Targets":[{"Id":"x","Arn":"`+fn+`","RetryPolicy":{"MaximumRetryAttempts":200,"MaximumEventAgeInSeconds":10}}]}`),
		eventsCall("error-too-many-targets", "PutTargets", `{"Rule":"orders","EventBusName":"golden","Targets":[{"Id":"a","Arn":"`+fn+`"},{"Id":"b","Arn":"`+fn+`"},{"Id":"c","Arn":"`+fn+`"}]}`),
		eventsCall("error-delete-rule-with-targets", "DeleteRule", `{"Name":"orders","EventBusName":"golden"}`),

		// Events.
		eventsCall("put-events", "PutEvents", `{"Entries":[`+entry+`,{"DetailType":"order","Detail":"{}"},{"Source":"shop","DetailType":"order","Detail":"not json"},{"Source":"aws.s3","DetailType":"x","Detail":"{}"}]}`),
		eventsCall("error-put-events-eleven", "PutEvents", `{"Entries":`+eleven+`}`),
		eventsCall("error-put-events-too-large", "PutEvents", `{"Entries":`+big+`}`),
		eventsCall("error-put-events-no-entries", "PutEvents", `{}`),
		eventsCall("test-event-pattern", "TestEventPattern", `{"EventPattern":"{\"detail\":{\"n\":[{\"numeric\":[\">\",3]}]}}","Event":`+quoteJSON(testEvent)+`}`),
		eventsCall("test-event-pattern-no-match", "TestEventPattern", `{"EventPattern":"{\"source\":[\"other\"]}","Event":`+quoteJSON(testEvent)+`}`),
		eventsCall("error-test-event-invalid", "TestEventPattern", `{"EventPattern":"{\"source\":[\"x\"]}","Event":"{\"source\":\"x\"}"}`),
		eventsCall("error-test-event-empty-pattern", "TestEventPattern", `{"EventPattern":"{}","Event":`+quoteJSON(testEvent)+`}`),

		// Tags.
		eventsCall("tag-rule", "TagResource", `{"ResourceARN":"`+ruleARN+`","Tags":[{"Key":"team","Value":"shop"}]}`),
		eventsCall("list-tags-rule", "ListTagsForResource", `{"ResourceARN":"`+ruleARN+`"}`),
		eventsCall("untag-rule", "UntagResource", `{"ResourceARN":"`+ruleARN+`","TagKeys":["team"]}`),
		eventsCall("list-tags-bus", "ListTagsForResource", `{"ResourceARN":"`+busARN+`"}`),
		eventsCall("error-tag-missing-rule", "TagResource", `{"ResourceARN":"arn:aws:events:us-east-1:`+acct+`:rule/nope","Tags":[]}`),

		// Protocol and authorization.
		eventsCall("error-malformed-json", "DescribeRule", `{"Name":`),
		eventsCall("error-unknown-operation", "CreateArchive", `{}`),
		eventsCall("error-access-denied", "ListEventBuses", `{}`).by(other),
		eventsCall("error-unsigned", "ListEventBuses", `{}`).by(account{}),

		// Removal.
		eventsCall("remove-targets", "RemoveTargets", `{"Rule":"orders","EventBusName":"golden","Ids":["fn","transformed","path"]}`),
		eventsCall("delete-rule", "DeleteRule", `{"Name":"orders","EventBusName":"golden"}`),
		eventsCall("delete-event-bus", "DeleteEventBus", `{"Name":"golden"}`),
	})
}

// quoteJSON is s as a JSON string.
func quoteJSON(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}
