package e2e

import (
	"strconv"
	"testing"
	"time"
)

// logsCall is a json-1.1 request to a CloudWatch Logs operation.
func logsCall(name, op, body string) exchange {
	return exchange{name: name, service: "logs", method: "POST", path: "/", body: []byte(body),
		header: map[string]string{"X-Amz-Target": "Logs_20140328." + op, "Content-Type": "application/x-amz-json-1.1"}}
}

// TestGoldenLogs pins the response of every CloudWatch Logs operation, and
// of each kind of error a request can provoke.
func TestGoldenLogs(t *testing.T) {
	s := startServer(t)
	other := s.addAccount(t)
	groupARN := "arn:aws:logs:us-east-1:" + s.admin.AccountID + ":log-group:golden"
	now := time.Now().UnixMilli()
	events := `[{"timestamp":` + strconv.FormatInt(now-2000, 10) + `,"message":"first line"},{"timestamp":` + strconv.FormatInt(now-1000, 10) + `,"message":"second line"}]`
	const group = `"logGroupName":"golden"`

	runGolden(t, s, []exchange{
		// Log groups.
		logsCall("create-log-group", "CreateLogGroup", `{`+group+`,"tags":{"a":"b"}}`),
		logsCall("error-group-exists", "CreateLogGroup", `{`+group+`}`),
		logsCall("error-invalid-group-name", "CreateLogGroup", `{"logGroupName":"bad name!"}`),
		logsCall("put-retention-policy", "PutRetentionPolicy", `{`+group+`,"retentionInDays":7}`),
		logsCall("describe-log-groups", "DescribeLogGroups", `{"logGroupNamePrefix":"golden"}`),
		logsCall("delete-retention-policy", "DeleteRetentionPolicy", `{`+group+`}`),

		// Tags, by group name and by ARN.
		logsCall("tag-log-group", "TagLogGroup", `{`+group+`,"tags":{"c":"d"}}`),
		logsCall("list-tags-log-group", "ListTagsLogGroup", `{`+group+`}`),
		logsCall("untag-log-group", "UntagLogGroup", `{`+group+`,"tags":["c"]}`),
		logsCall("tag-resource", "TagResource", `{"resourceArn":"`+groupARN+`","tags":{"e":"f"}}`),
		logsCall("list-tags-for-resource", "ListTagsForResource", `{"resourceArn":"`+groupARN+`"}`),
		logsCall("untag-resource", "UntagResource", `{"resourceArn":"`+groupARN+`","tagKeys":["e"]}`),

		// Streams and events.
		logsCall("create-log-stream", "CreateLogStream", `{`+group+`,"logStreamName":"web/1"}`),
		logsCall("error-stream-exists", "CreateLogStream", `{`+group+`,"logStreamName":"web/1"}`),
		logsCall("put-log-events", "PutLogEvents", `{`+group+`,"logStreamName":"web/1","logEvents":`+events+`}`),
		logsCall("describe-log-streams", "DescribeLogStreams", `{`+group+`}`),
		logsCall("get-log-events", "GetLogEvents", `{`+group+`,"logStreamName":"web/1","startFromHead":true}`),
		logsCall("filter-log-events", "FilterLogEvents", `{`+group+`,"filterPattern":"second"}`),

		// Errors.
		logsCall("error-group-not-found", "DescribeLogStreams", `{"logGroupName":"nope"}`),
		logsCall("error-missing-member", "DescribeLogStreams", `{}`),
		logsCall("error-malformed-json", "DescribeLogStreams", `{"logGroupName":`),
		logsCall("error-unknown-operation", "DescribeDestinations", `{}`),
		logsCall("error-access-denied", "DescribeLogGroups", `{}`).by(other),
		logsCall("error-bad-signature", "DescribeLogGroups", `{}`).by(account{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: "wrong"}),
		logsCall("error-unsigned", "DescribeLogGroups", `{}`).by(account{}),

		logsCall("delete-log-group", "DeleteLogGroup", `{`+group+`}`),
	})
}
