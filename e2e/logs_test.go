package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"
)

// talker prints a plain line and a JSON line per invocation.
const talker = `import json
def handler(event, context):
    n = event["n"]
    print("said", n)
    print(json.dumps({"level": "ERROR" if n % 2 else "INFO", "latency": n * 10}))
    return n
`

func (s *server) logsClient() *cloudwatchlogs.Client {
	return cloudwatchlogs.NewFromConfig(s.awsConfig())
}

// wantAPIError checks err is the AWS error code (and message, when given).
func wantLogsError(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code || message != "" && ae.ErrorMessage() != message {
		t.Fatalf("error = %v, want %s %q", err, code, message)
	}
}

// put writes events to a stream created for them.
func putEvents(t *testing.T, c *cloudwatchlogs.Client, group, stream string, times []int64, prefix string) {
	t.Helper()
	if _, err := c.CreateLogStream(ctx(t), &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream)}); err != nil {
		t.Fatal(err)
	}
	if len(times) == 0 {
		return
	}
	var events []types.InputLogEvent
	for i, ts := range times {
		events = append(events, types.InputLogEvent{Timestamp: aws.Int64(ts), Message: aws.String(fmt.Sprintf("%s %d", prefix, i))})
	}
	if _, err := c.PutLogEvents(ctx(t), &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String(group), LogStreamName: aws.String(stream), LogEvents: events}); err != nil {
		t.Fatal(err)
	}
}

func messages[E any](events []E, msg func(E) *string) []string {
	var out []string
	for _, e := range events {
		out = append(out, strings.TrimSpace(aws.ToString(msg(e))))
	}
	return out
}

func TestLogsGroups(t *testing.T) {
	s := startServer(t)
	c := s.logsClient()
	_, err := c.CreateLogGroup(ctx(t), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/aws/lambda/pre"), Tags: map[string]string{"team": "core"}})
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now().UnixMilli()
	createFn(t, s, "pre", "python3.12", "app.handler", map[string]string{"app.py": talker}, nil)
	invoke(t, s, "pre", map[string]any{"n": 1})

	t.Run("CreatedFirstIsWrittenTo", func(t *testing.T) {
		out, err := c.DescribeLogGroups(ctx(t), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/aws/lambda/pre")})
		if err != nil || len(out.LogGroups) != 1 {
			t.Fatalf("describe: %+v, %v", out, err)
		}
		g := out.LogGroups[0]
		if aws.ToInt64(g.CreationTime) > before || aws.ToInt64(g.StoredBytes) == 0 || !strings.HasSuffix(aws.ToString(g.Arn), ":log-group:/aws/lambda/pre:*") {
			t.Errorf("group %+v", g)
		}
		tags, err := c.ListTagsForResource(ctx(t), &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: g.LogGroupArn})
		if err != nil || tags.Tags["team"] != "core" {
			t.Errorf("tags %v, %v", tags, err)
		}
	})
	t.Run("Paging", func(t *testing.T) {
		for i := range 5 {
			if _, err := c.CreateLogGroup(ctx(t), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(fmt.Sprintf("app-%d", i))}); err != nil {
				t.Fatal(err)
			}
		}
		var names []string
		pages := cloudwatchlogs.NewDescribeLogGroupsPaginator(c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("app-"), Limit: aws.Int32(2)})
		for n := 0; pages.HasMorePages(); n++ {
			page, err := pages.NextPage(ctx(t))
			if err != nil || len(page.LogGroups) > 2 || n > 3 {
				t.Fatalf("page %d: %+v, %v", n, page, err)
			}
			for _, g := range page.LogGroups {
				names = append(names, aws.ToString(g.LogGroupName))
			}
		}
		if strings.Join(names, ",") != "app-0,app-1,app-2,app-3,app-4" {
			t.Errorf("paged through %v", names)
		}
		byPattern, err := c.DescribeLogGroups(ctx(t), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePattern: aws.String("pp-")})
		if err != nil || len(byPattern.LogGroups) != 5 || byPattern.LogGroups[0].StoredBytes != nil || byPattern.LogGroups[0].Arn == nil {
			t.Errorf("by pattern: %+v, %v", byPattern, err)
		}
	})
	t.Run("Tags", func(t *testing.T) {
		arn := "arn:aws:logs:us-east-1:" + s.admin.AccountID + ":log-group:app-0"
		if _, err := c.TagResource(ctx(t), &cloudwatchlogs.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"a": "1", "b": "2"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UntagResource(ctx(t), &cloudwatchlogs.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"a"}}); err != nil {
			t.Fatal(err)
		}
		out, err := c.ListTagsLogGroup(ctx(t), &cloudwatchlogs.ListTagsLogGroupInput{LogGroupName: aws.String("app-0")})
		if err != nil || len(out.Tags) != 1 || out.Tags["b"] != "2" {
			t.Errorf("tags %v, %v", out, err)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		_, err := c.CreateLogGroup(ctx(t), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("app-0")})
		wantLogsError(t, err, "ResourceAlreadyExistsException", "The specified log group already exists")
		_, err = c.DescribeLogStreams(ctx(t), &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("missing")})
		wantLogsError(t, err, "ResourceNotFoundException", "The specified log group does not exist.")
		_, err = c.CreateLogGroup(ctx(t), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("bad name!")})
		wantLogsError(t, err, "InvalidParameterException", "")
		_, err = c.DescribeLogGroups(ctx(t), &cloudwatchlogs.DescribeLogGroupsInput{NextToken: aws.String("%%%")})
		wantLogsError(t, err, "InvalidParameterException", "The specified nextToken is invalid.")
		_, err = c.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("app-0"), FilterPattern: aws.String(`{ $.a > "x" }`)})
		wantLogsError(t, err, "InvalidParameterException", "")

		raw := s.sendLogs(t, "PutRetentionPolicy", `{"logGroupName":"missing","retentionInDays":1}`)
		if m := raw.json(t); raw.status != 400 || m["__type"] != "ResourceNotFoundException" || m["message"] != "The specified log group does not exist." {
			t.Errorf("raw error %d %s", raw.status, raw.body)
		}
		if raw := s.sendLogs(t, "GetLogEvents", `{"logGroupName":`); raw.status != 400 || raw.json(t)["__type"] != "SerializationException" {
			t.Errorf("bad JSON: %d %s", raw.status, raw.body)
		}
		if raw := s.sendLogs(t, "StartQuery", `{}`); raw.status != 400 || raw.json(t)["__type"] != "UnknownOperationException" {
			t.Errorf("unknown operation: %d %s", raw.status, raw.body)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if _, err := c.DeleteLogGroup(ctx(t), &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/aws/lambda/pre")}); err != nil {
			t.Fatal(err)
		}
		_, err := c.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/pre")})
		wantLogsError(t, err, "ResourceNotFoundException", "")
		invoke(t, s, "pre", map[string]any{"n": 2})
		out, err := c.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/pre"), FilterPattern: aws.String("said")})
		if err != nil || len(out.Events) != 1 || aws.ToString(out.Events[0].Message) != "said 2\n" {
			t.Errorf("after delete and invoke: %+v, %v", out, err)
		}
	})
}

// sendLogs posts a raw json-1.1 request to a CloudWatch Logs operation.
func (s *server) sendLogs(t *testing.T, op, body string) rawResponse {
	return s.send(t, "POST", "/", []byte(body), s.admin.AccessKeyID, s.admin.SecretAccessKey,
		map[string]string{"X-Amz-Target": "Logs_20140328." + op, "Content-Type": "application/x-amz-json-1.1"})
}

func TestLogsEvents(t *testing.T) {
	s := startServer(t)
	c := s.logsClient()
	if _, err := c.CreateLogGroup(ctx(t), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("app")}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UnixMilli()
	putEvents(t, c, "app", "web/1", []int64{now - 5000, now - 4000, now - 3000, now - 2000, now - 1000}, "web")
	putEvents(t, c, "app", "worker/1", []int64{now - 4500}, "worker")
	putEvents(t, c, "app", "empty", nil, "")

	t.Run("DescribeStreams", func(t *testing.T) {
		out, err := c.DescribeLogStreams(ctx(t), &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("app")})
		if err != nil || len(out.LogStreams) != 3 {
			t.Fatalf("%+v, %v", out, err)
		}
		web := out.LogStreams[1]
		if aws.ToString(web.LogStreamName) != "web/1" || aws.ToInt64(web.FirstEventTimestamp) != now-5000 || aws.ToInt64(web.LastEventTimestamp) != now-1000 ||
			aws.ToInt64(web.LastIngestionTime) < now || aws.ToInt64(web.StoredBytes) != 0 || out.LogStreams[0].LastEventTimestamp != nil {
			t.Errorf("streams %+v", out.LogStreams)
		}
		var order []string
		pages := cloudwatchlogs.NewDescribeLogStreamsPaginator(c, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("app"),
			OrderBy: types.OrderByLastEventTime, Descending: aws.Bool(true), Limit: aws.Int32(1)})
		for pages.HasMorePages() && len(order) < 5 {
			page, err := pages.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			order = append(order, messages(page.LogStreams, func(s types.LogStream) *string { return s.LogStreamName })...)
		}
		if strings.Join(order, ",") != "web/1,worker/1,empty" {
			t.Errorf("by last event time, descending: %v", order)
		}
		prefixed, err := c.DescribeLogStreams(ctx(t), &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("app"), LogStreamNamePrefix: aws.String("w")})
		if err != nil || len(prefixed.LogStreams) != 2 {
			t.Errorf("prefix: %+v, %v", prefixed, err)
		}
		_, err = c.DescribeLogStreams(ctx(t), &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("app"), LogStreamNamePrefix: aws.String("w"), OrderBy: types.OrderByLastEventTime})
		wantLogsError(t, err, "InvalidParameterException", "Cannot order by LastEventTime with a logStreamNamePrefix.")
	})
	t.Run("GetForward", func(t *testing.T) {
		in := &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("app"), LogStreamName: aws.String("web/1"), StartFromHead: aws.Bool(true), Limit: aws.Int32(2)}
		var got []string
		for i := 0; ; i++ {
			out, err := c.GetLogEvents(ctx(t), in)
			if err != nil || i > 5 {
				t.Fatalf("page %d: %v", i, err)
			}
			got = append(got, messages(out.Events, func(e types.OutputLogEvent) *string { return e.Message })...)
			if aws.ToString(out.NextForwardToken) == aws.ToString(in.NextToken) {
				if len(out.Events) != 0 {
					t.Errorf("the same token came back with events")
				}
				break
			}
			in.NextToken = out.NextForwardToken
		}
		if strings.Join(got, ",") != "web 0,web 1,web 2,web 3,web 4" {
			t.Errorf("forward: %v", got)
		}
	})
	t.Run("GetBackward", func(t *testing.T) {
		in := &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("app"), LogStreamName: aws.String("web/1"), Limit: aws.Int32(2)}
		var pages [][]string
		for i := 0; ; i++ {
			out, err := c.GetLogEvents(ctx(t), in)
			if err != nil || i > 5 {
				t.Fatalf("page %d: %v", i, err)
			}
			if aws.ToString(out.NextBackwardToken) == aws.ToString(in.NextToken) {
				break
			}
			pages = append(pages, messages(out.Events, func(e types.OutputLogEvent) *string { return e.Message }))
			in.NextToken = out.NextBackwardToken
		}
		if fmt.Sprint(pages) != "[[web 3 web 4] [web 1 web 2] [web 0]]" {
			t.Errorf("backward pages: %v", pages)
		}
		ranged, err := c.GetLogEvents(ctx(t), &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("app"), LogStreamName: aws.String("web/1"),
			StartTime: aws.Int64(now - 4000), EndTime: aws.Int64(now - 2000)})
		if got := messages(ranged.Events, func(e types.OutputLogEvent) *string { return e.Message }); err != nil || fmt.Sprint(got) != "[web 1 web 2]" {
			t.Errorf("time range [start, end): %v, %v", got, err)
		}
		_, err = c.GetLogEvents(ctx(t), &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("app"), LogStreamName: aws.String("nope")})
		wantLogsError(t, err, "ResourceNotFoundException", "The specified log stream does not exist.")
	})
	t.Run("Filter", func(t *testing.T) {
		filter := func(in *cloudwatchlogs.FilterLogEventsInput) []string {
			in.LogGroupName = aws.String("app")
			var got []string
			pages := cloudwatchlogs.NewFilterLogEventsPaginator(c, in)
			for pages.HasMorePages() {
				page, err := pages.NextPage(ctx(t))
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, messages(page.Events, func(e types.FilteredLogEvent) *string { return e.Message })...)
			}
			return got
		}
		cases := []struct {
			name string
			in   cloudwatchlogs.FilterLogEventsInput
			want string
		}{
			{"Interleaved", cloudwatchlogs.FilterLogEventsInput{Limit: aws.Int32(2)}, "[web 0 web 1 web 2 web 3 web 4 worker 0]"},
			{"Terms", cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String("web 3")}, "[web 3]"},
			{"Or", cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String("?worker ?4")}, "[web 4 worker 0]"},
			{"Exclude", cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String("web -2 -3")}, "[web 0 web 1 web 4]"},
			{"Streams", cloudwatchlogs.FilterLogEventsInput{LogStreamNames: []string{"worker/1"}}, "[worker 0]"},
			{"StreamPrefix", cloudwatchlogs.FilterLogEventsInput{LogStreamNamePrefix: aws.String("wo")}, "[worker 0]"},
			{"TimeRange", cloudwatchlogs.FilterLogEventsInput{StartTime: aws.Int64(now - 4500), EndTime: aws.Int64(now - 3000)}, "[web 1 web 2 worker 0]"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if got := fmt.Sprint(filter(&tc.in)); got != tc.want {
					t.Errorf("got %s, want %s", got, tc.want)
				}
			})
		}
	})
	t.Run("Retention", func(t *testing.T) {
		if _, err := c.CreateLogGroup(ctx(t), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("kept")}); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-72 * time.Hour).UnixMilli()
		putEvents(t, c, "kept", "s", []int64{old, old + 1}, "old")
		putEvents(t, c, "kept", "t", []int64{time.Now().UnixMilli()}, "fresh")
		bytesBefore := storedBytes(t, c, "kept")
		if _, err := c.PutRetentionPolicy(ctx(t), &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("kept"), RetentionInDays: aws.Int32(1)}); err != nil {
			t.Fatal(err)
		}
		out, err := c.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("kept")})
		if got := messages(out.Events, func(e types.FilteredLogEvent) *string { return e.Message }); err != nil || fmt.Sprint(got) != "[fresh 0]" {
			t.Errorf("after retention of 1 day: %v, %v", got, err)
		}
		if after := storedBytes(t, c, "kept"); after >= bytesBefore {
			t.Errorf("stored bytes %d before, %d after: expired events not removed", bytesBefore, after)
		}
		groups, _ := c.DescribeLogGroups(ctx(t), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("kept")})
		if aws.ToInt32(groups.LogGroups[0].RetentionInDays) != 1 {
			t.Errorf("retentionInDays = %v", groups.LogGroups[0].RetentionInDays)
		}
		put, err := c.PutLogEvents(ctx(t), &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("kept"), LogStreamName: aws.String("s"),
			LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(old), Message: aws.String("expired")}}})
		if err != nil || put.RejectedLogEventsInfo == nil || aws.ToInt32(put.RejectedLogEventsInfo.ExpiredLogEventEndIndex) != 1 {
			t.Errorf("put of an expired event: %+v, %v", put, err)
		}
		_, err = c.PutRetentionPolicy(ctx(t), &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("kept"), RetentionInDays: aws.Int32(2)})
		wantLogsError(t, err, "InvalidParameterException", "")
		if _, err := c.DeleteRetentionPolicy(ctx(t), &cloudwatchlogs.DeleteRetentionPolicyInput{LogGroupName: aws.String("kept")}); err != nil {
			t.Fatal(err)
		}
	})
}

func storedBytes(t *testing.T, c *cloudwatchlogs.Client, group string) int64 {
	t.Helper()
	out, err := c.DescribeLogGroups(ctx(t), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(group)})
	if err != nil || len(out.LogGroups) == 0 {
		t.Fatalf("describe %s: %v", group, err)
	}
	return aws.ToInt64(out.LogGroups[0].StoredBytes)
}

// TestLogsAWSCLI reads a function's log with `aws logs filter-log-events`
// (CLI v1 and v2) and `aws logs tail`, which only v2 has.
func TestLogsAWSCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	createFn(t, s, "talker", "python3.12", "app.handler", map[string]string{"app.py": talker}, nil)
	for n := 1; n <= 3; n++ {
		invoke(t, s, "talker", map[string]any{"n": n})
	}
	// One CLI after the other: v2's `logs tail --follow` invokes the
	// function again, which the other's filters would count.
	eachCLI(t, false, func(t *testing.T, c awsCLI, bin string) {
		out := s.cliOK(t, bin, "logs", "filter-log-events", "--log-group-name", "/aws/lambda/talker", "--filter-pattern", "{ $.latency > 15 }")
		if got := fmt.Sprint(cliMessages(out)); got != `[{"level": "INFO", "latency": 20} {"level": "ERROR", "latency": 30}]` {
			t.Errorf("JSON filter: %s", got)
		}
		out = s.cliOK(t, bin, "logs", "filter-log-events", "--log-group-name", "/aws/lambda/talker", "--filter-pattern", `"said 2"`)
		if got := fmt.Sprint(cliMessages(out)); got != "[said 2]" {
			t.Errorf("phrase filter: %s", got)
		}
		out = s.cliOK(t, bin, "logs", "filter-log-events", "--log-group-name", "/aws/lambda/talker", "--page-size", "2", "--filter-pattern", "REPORT")
		if n := len(cliMessages(out)); n != 3 {
			t.Errorf("paged filter found %d REPORT lines", n)
		}
		if exec.Command(bin, "logs", "tail", "help").Run() != nil {
			t.Logf("aws CLI %s has no `logs tail`", c.name) // v1: only v2 added it
			return
		}
		tail, err := s.cli(t, bin, "logs", "tail", "/aws/lambda/talker", "--format", "short")
		if err != nil || !strings.Contains(string(tail), "said 3") || !strings.Contains(string(tail), "REPORT RequestId: ") {
			t.Errorf("logs tail: %v\n%s", err, tail)
		}
		tailFollow(t, s, bin)
	})
}

func cliMessages(out map[string]any) []string {
	var msgs []string
	events, _ := out["events"].([]any)
	for _, e := range events {
		m, _ := e.(map[string]any)
		msgs = append(msgs, strings.TrimSpace(fmt.Sprint(m["message"])))
	}
	return msgs
}

// invokeUntilOK invokes until the function answers without an error, at
// most three times: another Virga server starting on the same host reaps
// the sandboxes under the shared cgroup parent, this one's too.
func invokeUntilOK(t *testing.T, s *server, fn string, payload any) {
	t.Helper()
	for range 3 {
		out := invoke(t, s, fn, payload)
		if out.FunctionError == nil {
			return
		}
		t.Logf("invocation failed, trying again: %s", out.Payload)
	}
}

// tailFollow runs `aws logs tail --follow` and waits for a new invocation's
// output to appear.
func tailFollow(t *testing.T, s *server, bin string) {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(c, bin, "logs", "tail", "/aws/lambda/talker", "--follow", "--endpoint-url", s.endpoint)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+s.admin.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+s.admin.SecretAccessKey,
		"AWS_DEFAULT_REGION=us-east-1", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "PYTHONUNBUFFERED=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	invoked := false
	var seen []string
	for lines.Scan() {
		seen = append(seen, lines.Text())
		if strings.Contains(lines.Text(), "said 3") && !invoked {
			invoked = true
			invokeUntilOK(t, s, "talker", map[string]any{"n": 42})
		}
		if strings.Contains(lines.Text(), "said 42") {
			cancel()
			cmd.Wait()
			return
		}
	}
	cmd.Wait()
	t.Errorf("aws logs tail --follow never printed the new invocation's output; it printed:\n%s\nstderr:\n%s", strings.Join(seen, "\n"), &stderr)
}
