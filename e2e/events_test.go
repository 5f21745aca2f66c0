package e2e

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

func (s *server) events() *eventbridge.Client { return eventbridge.NewFromConfig(s.awsConfig()) }

// eventSink prints each event it gets, compact, on a line of its own.
var eventSink = map[string]string{"app.py": `import json
def handler(event, context):
    print("EVENT " + json.dumps(event, separators=(",", ":")))
`}

// sunkEvents waits until a sink function has printed n events, and
// returns them (more, if more came).
func sunkEvents(t *testing.T, s *server, fn string, n int, within time.Duration) []map[string]any {
	t.Helper()
	var got []map[string]any
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		got = got[:0]
		for _, line := range strings.Split(logText(t, s, fn), "\n") {
			if _, ev, ok := strings.Cut(line, "EVENT "); ok {
				var m map[string]any
				if err := json.Unmarshal([]byte(ev), &m); err != nil {
					t.Fatalf("event %q: %v", ev, err)
				}
				got = append(got, m)
			}
		}
		if len(got) >= n {
			return got
		}
	}
	t.Fatalf("%s printed %d events after %v, want %d", fn, len(got), within, n)
	return nil
}

func putRule(t *testing.T, s *server, in *eventbridge.PutRuleInput) string {
	t.Helper()
	out, err := s.events().PutRule(ctx(t), in)
	if err != nil {
		t.Fatalf("put rule %s: %v", *in.Name, err)
	}
	return *out.RuleArn
}

func putTargets(t *testing.T, s *server, rule, bus string, targets ...ebtypes.Target) {
	t.Helper()
	in := &eventbridge.PutTargetsInput{Rule: aws.String(rule), Targets: targets}
	if bus != "" {
		in.EventBusName = aws.String(bus)
	}
	out, err := s.events().PutTargets(ctx(t), in)
	if err != nil || out.FailedEntryCount != 0 {
		t.Fatalf("put targets on %s: %v %+v", rule, err, out)
	}
}

func putBusEvents(t *testing.T, s *server, entries ...ebtypes.PutEventsRequestEntry) []string {
	t.Helper()
	out, err := s.events().PutEvents(ctx(t), &eventbridge.PutEventsInput{Entries: entries})
	if err != nil || out.FailedEntryCount != 0 {
		t.Fatalf("put events: %v %+v", err, out)
	}
	var ids []string
	for _, e := range out.Entries {
		ids = append(ids, *e.EventId)
	}
	return ids
}

func order(source string, amount int) ebtypes.PutEventsRequestEntry {
	return ebtypes.PutEventsRequestEntry{Source: aws.String(source), DetailType: aws.String("order placed"),
		Detail: aws.String(fmt.Sprintf(`{"amount": %d, "who": "ana"}`, amount))}
}

// receiveBodies waits for n messages on a queue and returns their bodies.
func receiveBodies(t *testing.T, s *server, url string, n int, within time.Duration) []string {
	t.Helper()
	var bodies []string
	for deadline := time.Now().Add(within); len(bodies) < n && time.Now().Before(deadline); {
		out, err := s.sqs().ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
			WaitTimeSeconds: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.Messages {
			bodies = append(bodies, *m.Body)
			_, _ = s.sqs().DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
		}
	}
	if len(bodies) < n {
		t.Fatalf("%d messages on %s after %v, want %d: %q", len(bodies), url, within, n, bodies)
	}
	return bodies
}

var eventTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// TestEventBridgeRoutes: a rule's pattern routes the events that match it
// to a function, in EventBridge's envelope, and no other; targets get
// what Input, InputPath and InputTransformer make of an event, exactly.
func TestEventBridgeRoutes(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "orders", "python3.12", "app.handler", eventSink, nil)
	ruleARN := putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("big-orders"),
		EventPattern: aws.String(`{"source":["shop"],"detail":{"amount":[{"numeric":[">",100]}]}}`)})
	putTargets(t, s, "big-orders", "", ebtypes.Target{Id: aws.String("fn"), Arn: aws.String(fnARN(s, "orders"))})

	ids := putBusEvents(t, s, order("shop", 150), order("shop", 50), order("other", 500))
	got := sunkEvents(t, s, "orders", 1, 30*time.Second)
	time.Sleep(time.Second)
	if got = sunkEvents(t, s, "orders", 1, time.Second); len(got) != 1 {
		t.Fatalf("the function got %d events, want the one that matches: %v", len(got), got)
	}
	ev := got[0]
	want := map[string]any{"version": "0", "id": ids[0], "detail-type": "order placed", "source": "shop", "account": s.admin.AccountID,
		"region": "us-east-1", "resources": []any{}, "detail": map[string]any{"amount": 150.0, "who": "ana"}}
	for k, v := range want {
		if fmt.Sprint(ev[k]) != fmt.Sprint(v) {
			t.Errorf("%s = %v, want %v", k, ev[k], v)
		}
	}
	if len(ev) != 9 || !eventTime.MatchString(fmt.Sprint(ev["time"])) {
		t.Errorf("envelope %v", ev)
	}
	t.Run("Inputs", func(t *testing.T) { eventInputs(t, s) })
	t.Run("BusToBus", func(t *testing.T) { busToBus(t, s) })
	t.Run("DeadLetterQueue", func(t *testing.T) { ruleDeadLetter(t, s) })
	t.Run("LambdaDestinationBus", func(t *testing.T) { destinationBus(t, s) })
	t.Run("ListRuleNamesByTarget", func(t *testing.T) {
		out, err := s.events().ListRuleNamesByTarget(ctx(t), &eventbridge.ListRuleNamesByTargetInput{TargetArn: aws.String(fnARN(s, "orders"))})
		if err != nil || len(out.RuleNames) != 1 || out.RuleNames[0] != "big-orders" {
			t.Errorf("%v %v", err, out)
		}
	})
	_ = ruleARN
}

// eventInputs checks, through a queue whose message bodies are exactly
// what the target received, each way of making a target's input.
func eventInputs(t *testing.T, s *server) {
	url, queueARN := makeQueue(t, s, "inputs", nil)
	putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("inputs"), EventPattern: aws.String(`{"source":["inputs"]}`)})
	template := `{"amount": <amount>, "text": "<kind> of <amount> by \"<who>\"", "rule": <aws.events.rule-name>, "missing": <missing>}`
	putTargets(t, s, "inputs", "",
		ebtypes.Target{Id: aws.String("transformer"), Arn: aws.String(queueARN), InputTransformer: &ebtypes.InputTransformer{
			InputPathsMap: map[string]string{"amount": "$.detail.amount", "kind": "$.detail-type", "who": "$.detail.who", "missing": "$.detail.nope"},
			InputTemplate: aws.String(template)}},
		ebtypes.Target{Id: aws.String("string"), Arn: aws.String(queueARN), InputTransformer: &ebtypes.InputTransformer{
			InputPathsMap: map[string]string{"who": "$.detail.who"}, InputTemplate: aws.String(`"Order by <who>"`)}},
		ebtypes.Target{Id: aws.String("path"), Arn: aws.String(queueARN), InputPath: aws.String("$.detail")},
		ebtypes.Target{Id: aws.String("constant"), Arn: aws.String(queueARN), Input: aws.String(`{"fixed": true}`)},
	)
	putBusEvents(t, s, order("inputs", 7))
	bodies := receiveBodies(t, s, url, 4, 30*time.Second)
	want := []string{
		`{"amount": 7, "text": "order placed of 7 by \"ana\"", "rule": "inputs", "missing": ""}`,
		`"Order by ana"`,
		`{"amount":7,"who":"ana"}`,
		`{"fixed": true}`,
	}
	for _, w := range want {
		found := false
		for _, b := range bodies {
			found = found || b == w
		}
		if !found {
			t.Errorf("no target received %s; got %q", w, bodies)
		}
	}
}

// busToBus: a rule whose target is another bus puts the event into it,
// where that bus's rules route it.
func busToBus(t *testing.T, s *server) {
	ec := s.events()
	bus, err := ec.CreateEventBus(ctx(t), &eventbridge.CreateEventBusInput{Name: aws.String("relay")})
	if err != nil {
		t.Fatal(err)
	}
	url, queueARN := makeQueue(t, s, "relayed", nil)
	putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("forward"), EventPattern: aws.String(`{"source":["relay-me"]}`)})
	putTargets(t, s, "forward", "", ebtypes.Target{Id: aws.String("bus"), Arn: bus.EventBusArn})
	putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("arrive"), EventBusName: aws.String("relay"),
		EventPattern: aws.String(`{"source":["relay-me"]}`)})
	putTargets(t, s, "arrive", "relay", ebtypes.Target{Id: aws.String("q"), Arn: aws.String(queueARN)})
	putBusEvents(t, s, order("relay-me", 3))
	var ev map[string]any
	if err := json.Unmarshal([]byte(receiveBodies(t, s, url, 1, 30*time.Second)[0]), &ev); err != nil {
		t.Fatal(err)
	}
	if ev["source"] != "relay-me" || ev["detail-type"] != "order placed" || fmt.Sprint(ev["detail"]) != "map[amount:3 who:ana]" {
		t.Errorf("relayed event %v", ev)
	}
}

// ruleDeadLetter: an event whose target fails for good goes to the
// target's dead-letter queue, with AWS's attributes.
func ruleDeadLetter(t *testing.T, s *server) {
	url, dlqARN := makeQueue(t, s, "rule-dlq", nil)
	ruleARN := putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("to-nowhere"), EventPattern: aws.String(`{"source":["nowhere"]}`)})
	missing := fnARN(s, "no-such-function")
	putTargets(t, s, "to-nowhere", "", ebtypes.Target{Id: aws.String("gone"), Arn: aws.String(missing),
		RetryPolicy:      &ebtypes.RetryPolicy{MaximumRetryAttempts: aws.Int32(0), MaximumEventAgeInSeconds: aws.Int32(60)},
		DeadLetterConfig: &ebtypes.DeadLetterConfig{Arn: aws.String(dlqARN)}})
	ids := putBusEvents(t, s, order("nowhere", 1))
	m := receiveOne(t, s, url)
	var ev map[string]any
	if err := json.Unmarshal([]byte(*m.Body), &ev); err != nil || ev["id"] != ids[0] {
		t.Errorf("dead letter %s (%v)", *m.Body, err)
	}
	for name, want := range map[string]string{"RULE_ARN": ruleARN, "TARGET_ARN": missing, "ERROR_CODE": "ResourceNotFoundException"} {
		if a, ok := m.MessageAttributes[name]; !ok || *a.StringValue != want {
			t.Errorf("attribute %s = %v, want %s", name, a.StringValue, want)
		}
	}
}

// destinationBus: a function's asynchronous destination may be an event
// bus; the record arrives as an event from source "lambda".
func destinationBus(t *testing.T, s *server) {
	ec := s.events()
	bus, err := ec.CreateEventBus(ctx(t), &eventbridge.CreateEventBusInput{Name: aws.String("results")})
	if err != nil {
		t.Fatal(err)
	}
	url, queueARN := makeQueue(t, s, "failures", nil)
	putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("failures"), EventBusName: aws.String("results"),
		EventPattern: aws.String(`{"source":["lambda"],"detail-type":["Lambda Function Invocation Result - Failure"]}`)})
	putTargets(t, s, "failures", "results", ebtypes.Target{Id: aws.String("q"), Arn: aws.String(queueARN)})
	createFn(t, s, "fails", "python3.12", "app.handler", map[string]string{"app.py": "def handler(event, context):\n    raise Exception('no')\n"}, nil)
	if _, err := s.lambda().PutFunctionEventInvokeConfig(ctx(t), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("fails"),
		MaximumRetryAttempts: aws.Int32(0),
		DestinationConfig:    &lambdatypes.DestinationConfig{OnFailure: &lambdatypes.OnFailure{Destination: bus.EventBusArn}}}); err != nil {
		t.Fatal(err)
	}
	id := acceptedEvent(t, s, "fails", `{"n": 1}`)
	var ev struct {
		Source     string   `json:"source"`
		DetailType string   `json:"detail-type"`
		Resources  []string `json:"resources"`
		Detail     struct {
			RequestContext struct {
				RequestID string `json:"requestId"`
				Condition string `json:"condition"`
			} `json:"requestContext"`
			RequestPayload map[string]any `json:"requestPayload"`
		} `json:"detail"`
	}
	if err := json.Unmarshal([]byte(receiveBodies(t, s, url, 1, 60*time.Second)[0]), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Source != "lambda" || ev.Detail.RequestContext.RequestID != id || ev.Detail.RequestContext.Condition != "RetriesExhausted" ||
		len(ev.Resources) != 2 || ev.Resources[0] != *bus.EventBusArn || fmt.Sprint(ev.Detail.RequestPayload) != "map[n:1]" {
		t.Errorf("destination event %+v", ev)
	}
}

// TestEventBridgeSchedule: a rate(1 minute) rule fires AWS's scheduled
// event (a minute lasts a second here), and stops when disabled.
func TestEventBridgeSchedule(t *testing.T) {
	s := startServer(t, "--schedule-tick", "1s")
	createFn(t, s, "ticker", "python3.12", "app.handler", eventSink, nil)
	ruleARN := putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("every-minute"), ScheduleExpression: aws.String("rate(1 minute)")})
	putTargets(t, s, "every-minute", "", ebtypes.Target{Id: aws.String("fn"), Arn: aws.String(fnARN(s, "ticker"))})
	got := sunkEvents(t, s, "ticker", 3, 30*time.Second)
	seen := map[string]bool{}
	for _, ev := range got {
		if ev["detail-type"] != "Scheduled Event" || ev["source"] != "aws.events" || fmt.Sprint(ev["resources"]) != "["+ruleARN+"]" ||
			fmt.Sprint(ev["detail"]) != "map[]" || ev["version"] != "0" || !eventTime.MatchString(fmt.Sprint(ev["time"])) {
			t.Errorf("scheduled event %v", ev)
		}
		if seen[fmt.Sprint(ev["id"])] {
			t.Errorf("two firings with id %v", ev["id"])
		}
		seen[fmt.Sprint(ev["id"])] = true
	}
	if _, err := s.events().DisableRule(ctx(t), &eventbridge.DisableRuleInput{Name: aws.String("every-minute")}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second) // firings already in the queue arrive
	before := len(sunkEvents(t, s, "ticker", 1, time.Second))
	time.Sleep(3 * time.Second)
	if after := len(sunkEvents(t, s, "ticker", 1, time.Second)); after != before {
		t.Errorf("a disabled rule fired: %d events, then %d", before, after)
	}
}

// TestEventBridgeErrors pins AWS's answers to bad requests.
func TestEventBridgeErrors(t *testing.T) {
	s := startServer(t)
	ec := s.events()
	for _, tc := range []struct {
		name, code, message string
		call                func() error
	}{
		{"RuleNotFound", "ResourceNotFoundException", "Rule nope does not exist on EventBus default.", func() error {
			_, err := ec.DescribeRule(ctx(t), &eventbridge.DescribeRuleInput{Name: aws.String("nope")})
			return err
		}},
		{"BusNotFound", "ResourceNotFoundException", "Event bus nope does not exist.", func() error {
			_, err := ec.DescribeEventBus(ctx(t), &eventbridge.DescribeEventBusInput{Name: aws.String("nope")})
			return err
		}},
		{"DefaultBus", "ValidationException", "Cannot delete event bus default.", func() error {
			_, err := ec.DeleteEventBus(ctx(t), &eventbridge.DeleteEventBusInput{Name: aws.String("default")})
			return err
		}},
		{"BadSchedule", "ValidationException", "Parameter ScheduleExpression is not valid.", func() error {
			_, err := ec.PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String("r"), ScheduleExpression: aws.String("rate(5 minute)")})
			return err
		}},
		{"BadPattern", "InvalidEventPatternException", "Event pattern is not valid. Reason: ", func() error {
			_, err := ec.PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(`{"source":"shop"}`)})
			return err
		}},
		{"NothingToMatch", "ValidationException", "Parameter(s) EventPattern or ScheduleExpression must be specified.", func() error {
			_, err := ec.PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String("r")})
			return err
		}},
		{"UnsupportedTarget", "ValidationException", "Virga cannot deliver to arn:aws:states:us-east-1:123456789012:stateMachine:m", func() error {
			putRule(t, s, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(`{"source":["x"]}`)})
			_, err := ec.PutTargets(ctx(t), &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []ebtypes.Target{
				{Id: aws.String("t"), Arn: aws.String("arn:aws:states:us-east-1:123456789012:stateMachine:m")}}})
			return err
		}},
		{"TargetsWithRule", "ValidationException", "Rule can't be deleted since it has targets.", func() error {
			putTargets(t, s, "r", "", ebtypes.Target{Id: aws.String("t"), Arn: aws.String(fnARN(s, "f"))})
			_, err := ec.DeleteRule(ctx(t), &eventbridge.DeleteRuleInput{Name: aws.String("r")})
			return err
		}},
		{"TooManyTargets", "LimitExceededException", "The requested resource exceeds the maximum number allowed.", func() error {
			var ts []ebtypes.Target
			for i := range 5 {
				ts = append(ts, ebtypes.Target{Id: aws.String(fmt.Sprint("x", i)), Arn: aws.String(fnARN(s, "f"))})
			}
			_, err := ec.PutTargets(ctx(t), &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: ts})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ae := apiError(t, tc.call(), tc.code); !strings.HasPrefix(ae.ErrorMessage(), tc.message) {
				t.Errorf("message %q, want %q", ae.ErrorMessage(), tc.message)
			}
		})
	}
	t.Run("EntryErrors", func(t *testing.T) {
		out, err := ec.PutEvents(ctx(t), &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
			{DetailType: aws.String("x"), Detail: aws.String("{}")},
			{Source: aws.String("s"), DetailType: aws.String("x"), Detail: aws.String("[1]")},
			{Source: aws.String("s"), DetailType: aws.String("x"), Detail: aws.String("{}")},
		}})
		if err != nil || out.FailedEntryCount != 2 || *out.Entries[0].ErrorCode != "InvalidArgument" ||
			*out.Entries[0].ErrorMessage != "Parameter Source is not valid. Reason: Source is a required argument." ||
			*out.Entries[1].ErrorCode != "MalformedDetail" || out.Entries[2].EventId == nil {
			t.Errorf("%v %+v", err, out)
		}
	})
}
