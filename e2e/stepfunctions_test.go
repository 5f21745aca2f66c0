package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

func (s *server) sfn() *sfn.Client { return sfn.NewFromConfig(s.awsConfig()) }

const sfnRole = "arn:aws:iam::123456789012:role/states-role"

// createMachine creates a state machine of the given type.
func createMachine(t *testing.T, c *sfn.Client, name, typ, definition string) string {
	t.Helper()
	out, err := c.CreateStateMachine(ctx(t), &sfn.CreateStateMachineInput{Name: aws.String(name), Definition: aws.String(definition),
		RoleArn: aws.String(sfnRole), Type: types.StateMachineType(typ)})
	if err != nil {
		t.Fatalf("create state machine %s: %v", name, err)
	}
	return *out.StateMachineArn
}

func startExecution(t *testing.T, c *sfn.Client, machine, name, input string) string {
	t.Helper()
	out, err := c.StartExecution(ctx(t), &sfn.StartExecutionInput{StateMachineArn: aws.String(machine), Name: aws.String(name), Input: aws.String(input)})
	if err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	return *out.ExecutionArn
}

// waitExecution waits until an execution ends and returns its description.
func waitExecution(t *testing.T, c *sfn.Client, arn string, within time.Duration) *sfn.DescribeExecutionOutput {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		out, err := c.DescribeExecution(ctx(t), &sfn.DescribeExecutionInput{ExecutionArn: aws.String(arn)})
		if err != nil {
			t.Fatalf("describe %s: %v", arn, err)
		}
		if out.Status != types.ExecutionStatusRunning {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still running after %v", arn, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// history reads an execution's whole history, page by page.
func history(t *testing.T, c *sfn.Client, arn string) []types.HistoryEvent {
	t.Helper()
	var events []types.HistoryEvent
	p := sfn.NewGetExecutionHistoryPaginator(c, &sfn.GetExecutionHistoryInput{ExecutionArn: aws.String(arn), MaxResults: 100})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatalf("history of %s: %v", arn, err)
		}
		events = append(events, page.Events...)
	}
	return events
}

// checkHistory asserts ids run 1..n with no gap or repeat, and returns
// how many events of each type there are.
func checkHistory(t *testing.T, events []types.HistoryEvent) map[types.HistoryEventType]int {
	t.Helper()
	counts := map[types.HistoryEventType]int{}
	for i, e := range events {
		if e.Id != int64(i+1) {
			t.Fatalf("event %d has id %d: %s", i+1, e.Id, eventTypes(events))
		}
		if e.PreviousEventId >= e.Id {
			t.Errorf("event %d points forward to %d", e.Id, e.PreviousEventId)
		}
		counts[e.Type]++
	}
	return counts
}

func eventTypes(events []types.HistoryEvent) string {
	var ts []string
	for _, e := range events {
		ts = append(ts, fmt.Sprintf("%d:%s(%d)", e.Id, e.Type, e.PreviousEventId))
	}
	return strings.Join(ts, " ")
}

const (
	validatePy = `class BadInput(Exception):
    pass

def handler(event, context):
    if event.get("amount", 0) < 0:
        raise BadInput("amount must not be negative")
    return {"amount": event["amount"], "valid": True}
`
	chargePy = `def handler(event, context):
    if event["retry"] == 0:
        raise RuntimeError("the card network is flaky")
    return {"charged": event["amount"]}
`
	notifyPy = `def handler(event, context):
    return {"notified": True, "charged": event["charged"]}
`
)

// orderMachine is a workflow of three functions: a catch, a retry and a
// choice.
func orderMachine(validate, charge, notify string) string {
	return `{"StartAt":"Validate","States":{
 "Validate":{"Type":"Task","Resource":"` + validate + `","Next":"Charge",
   "Catch":[{"ErrorEquals":["BadInput"],"ResultPath":"$.error","Next":"Rejected"}]},
 "Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
   "Parameters":{"FunctionName":"` + charge + `","Payload":{"amount.$":"$.amount","retry.$":"$$.State.RetryCount"}},
   "OutputPath":"$.Payload",
   "Retry":[{"ErrorEquals":["RuntimeError"],"IntervalSeconds":1,"MaxAttempts":2}],"Next":"Big?"},
 "Big?":{"Type":"Choice","Choices":[{"Variable":"$.charged","NumericGreaterThan":100,"Next":"Notify"}],"Default":"Done"},
 "Notify":{"Type":"Task","Resource":"` + notify + `","Next":"Done"},
 "Done":{"Type":"Succeed"},
 "Rejected":{"Type":"Fail","Error":"Rejected","Cause":"the input was refused"}}}`
}

func createFunctions(t *testing.T, s *server, code map[string]string) map[string]string {
	t.Helper()
	lc := s.lambda()
	arns := map[string]string{}
	for name, src := range code {
		out := createPython(t, lc, name, zipOf(t, map[string]string{"app.py": src}))
		arns[name] = *out.FunctionArn
	}
	for name := range code {
		waitActive(t, lc, name)
	}
	return arns
}

// TestStepFunctionsWorkflow runs three Python functions with a Choice, a
// Retry and a Catch, on three inputs that take each path.
func TestStepFunctionsWorkflow(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	fns := createFunctions(t, s, map[string]string{"validate": validatePy, "charge": chargePy, "notify": notifyPy})
	c := s.sfn()
	machine := createMachine(t, c, "orders", "STANDARD", orderMachine(fns["validate"], fns["charge"], fns["notify"]))
	big := startExecution(t, c, machine, "big", `{"amount":150}`)
	small := startExecution(t, c, machine, "small", `{"amount":5}`)
	bad := startExecution(t, c, machine, "bad", `{"amount":-1}`)

	out := waitExecution(t, c, big, 60*time.Second)
	if out.Status != types.ExecutionStatusSucceeded || !sameJSON(aws.ToString(out.Output), `{"notified":true,"charged":150}`) {
		t.Fatalf("big: %s %s %s %s", out.Status, aws.ToString(out.Output), aws.ToString(out.Error), aws.ToString(out.Cause))
	}
	counts := checkHistory(t, history(t, c, big))
	if counts[types.HistoryEventTypeTaskScheduled] != 2 || counts[types.HistoryEventTypeTaskFailed] != 1 ||
		counts[types.HistoryEventTypeChoiceStateEntered] != 1 || counts[types.HistoryEventTypeLambdaFunctionSucceeded] != 2 {
		t.Errorf("big's history: %v", counts)
	}
	if out := waitExecution(t, c, small, 30*time.Second); aws.ToString(out.Output) != `{"charged":5}` {
		t.Errorf("small: %s %s", out.Status, aws.ToString(out.Output))
	}
	out = waitExecution(t, c, bad, 30*time.Second)
	if out.Status != types.ExecutionStatusFailed || aws.ToString(out.Error) != "Rejected" || aws.ToString(out.Cause) != "the input was refused" {
		t.Errorf("bad: %s %s %s", out.Status, aws.ToString(out.Error), aws.ToString(out.Cause))
	}
	events := history(t, c, bad)
	for _, e := range events {
		if e.Type == types.HistoryEventTypeLambdaFunctionFailed {
			d := e.LambdaFunctionFailedEventDetails
			if aws.ToString(d.Error) != "BadInput" || !strings.Contains(aws.ToString(d.Cause), `"errorMessage":"amount must not be negative"`) {
				t.Errorf("the function's failure: %s %s", aws.ToString(d.Error), aws.ToString(d.Cause))
			}
		}
	}
}

// TestStepFunctionsCallback waits for a task token that SendTaskSuccess
// resolves; a second SendTaskSuccess finds no task.
func TestStepFunctionsCallback(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	fns := createFunctions(t, s, map[string]string{"ask": "def handler(event, context):\n    return {\"asked\": event[\"token\"][:8]}\n"})
	c := s.sfn()
	machine := createMachine(t, c, "approval", "STANDARD", `{"StartAt":"Ask","States":{"Ask":{"Type":"Task",
	  "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","HeartbeatSeconds":60,
	  "Parameters":{"FunctionName":"`+fns["ask"]+`","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}`)
	exec := startExecution(t, c, machine, "one", `{}`)
	late := createMachine(t, c, "late", "STANDARD", `{"StartAt":"Ask","States":{"Ask":{"Type":"Task",
	  "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken","HeartbeatSeconds":2,
	  "Parameters":{"FunctionName":"`+fns["ask"]+`","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}`)
	missed := startExecution(t, c, late, "missed", `{}`)
	token := waitForToken(t, c, exec)
	if _, err := c.SendTaskHeartbeat(ctx(t), &sfn.SendTaskHeartbeatInput{TaskToken: aws.String(token)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendTaskSuccess(ctx(t), &sfn.SendTaskSuccessInput{TaskToken: aws.String(token), Output: aws.String(`{"approved":true}`)}); err != nil {
		t.Fatal(err)
	}
	out := waitExecution(t, c, exec, 30*time.Second)
	if out.Status != types.ExecutionStatusSucceeded || aws.ToString(out.Output) != `{"approved":true}` {
		t.Fatalf("%s %s", out.Status, aws.ToString(out.Output))
	}
	want := []types.HistoryEventType{"ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
		"TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"}
	events := history(t, c, exec)
	checkHistory(t, events)
	for i, typ := range want {
		if i >= len(events) || events[i].Type != typ {
			t.Fatalf("history %s, want %v", eventTypes(events), want)
		}
	}
	_, err := c.SendTaskSuccess(ctx(t), &sfn.SendTaskSuccessInput{TaskToken: aws.String(token), Output: aws.String(`{}`)})
	apiError(t, err, "TaskDoesNotExist")
	_, err = c.SendTaskFailure(ctx(t), &sfn.SendTaskFailureInput{TaskToken: aws.String("not a token")})
	apiError(t, err, "InvalidToken")

	lateToken := waitForToken(t, c, missed)
	out = waitExecution(t, c, missed, 30*time.Second)
	if out.Status != types.ExecutionStatusFailed || aws.ToString(out.Error) != "States.Timeout" {
		t.Fatalf("a missed heartbeat: %s %s", out.Status, aws.ToString(out.Error))
	}
	if counts := checkHistory(t, history(t, c, missed)); counts[types.HistoryEventTypeTaskTimedOut] != 1 {
		t.Errorf("a missed heartbeat's history: %v", counts)
	}
	_, err = c.SendTaskSuccess(ctx(t), &sfn.SendTaskSuccessInput{TaskToken: aws.String(lateToken), Output: aws.String(`{}`)})
	apiError(t, err, "TaskTimedOut")
}

// waitForToken reads the task token from the TaskScheduled event once
// the task is submitted.
func waitForToken(t *testing.T, c *sfn.Client, exec string) string {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var token string
		for _, e := range history(t, c, exec) {
			if e.Type == types.HistoryEventTypeTaskScheduled {
				var p struct{ Payload struct{ Token string } }
				json.Unmarshal([]byte(aws.ToString(e.TaskScheduledEventDetails.Parameters)), &p)
				token = p.Payload.Token
			}
			if e.Type == types.HistoryEventTypeTaskSubmitted && token != "" {
				return token
			}
		}
	}
	t.Fatal("the task was never submitted")
	return ""
}

// TestStepFunctionsMap runs a Map over 100 items, ten at a time.
func TestStepFunctionsMap(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := s.sfn()
	machine := createMachine(t, c, "hundred", "STANDARD", `{"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items",
	  "MaxConcurrency":10,"ItemSelector":{"index.$":"$$.Map.Item.Index","value.$":"$$.Map.Item.Value"},
	  "ItemProcessor":{"StartAt":"Double","States":{"Double":{"Type":"Pass","Parameters":{"i.$":"$.index","sum.$":"States.MathAdd($.value, $.value)"},"End":true}}},
	  "End":true}}}`)
	items := make([]int, 100)
	for i := range items {
		items[i] = i
	}
	input, _ := json.Marshal(map[string]any{"items": items})
	exec := startExecution(t, c, machine, "all", string(input))
	out := waitExecution(t, c, exec, 60*time.Second)
	var results []struct{ I, Sum int }
	if err := json.Unmarshal([]byte(aws.ToString(out.Output)), &results); err != nil || len(results) != 100 {
		t.Fatalf("%s: %s (%v)", out.Status, aws.ToString(out.Output), err)
	}
	for i, r := range results {
		if r.I != i || r.Sum != 2*i {
			t.Fatalf("result %d is %+v", i, r)
		}
	}
	counts := checkHistory(t, history(t, c, exec))
	if counts[types.HistoryEventTypeMapIterationStarted] != 100 || counts[types.HistoryEventTypeMapIterationSucceeded] != 100 ||
		counts[types.HistoryEventTypePassStateEntered] != 100 || counts[types.HistoryEventTypeMapStateStarted] != 1 {
		t.Errorf("history: %v", counts)
	}
}

// sameJSON compares two JSON texts as values (Virga's outputs keep no
// key order).
func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return fmt.Sprint(x) == fmt.Sprint(y)
}

// TestStepFunctionsStop stops an execution in a Wait state: it ends
// ABORTED with the error and cause given, its history with
// ExecutionAborted.
func TestStepFunctionsStop(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := s.sfn()
	machine := createMachine(t, c, "sleepy", "STANDARD", `{"StartAt":"Nap","States":{"Nap":{"Type":"Wait","Seconds":600,"End":true}}}`)
	exec := startExecution(t, c, machine, "stopped", `{}`)
	waitForEvent(t, c, exec, types.HistoryEventTypeWaitStateEntered)
	if again := startExecution(t, c, machine, "stopped", `{}`); again != exec {
		t.Errorf("starting a running execution again gave %s", again)
	}
	if _, err := c.StopExecution(ctx(t), &sfn.StopExecutionInput{ExecutionArn: aws.String(exec), Error: aws.String("Enough"), Cause: aws.String("no more waiting")}); err != nil {
		t.Fatal(err)
	}
	out := waitExecution(t, c, exec, 5*time.Second)
	if out.Status != types.ExecutionStatusAborted || aws.ToString(out.Error) != "Enough" || out.StopDate == nil {
		t.Fatalf("%s %s", out.Status, aws.ToString(out.Error))
	}
	waitForEvent(t, c, exec, types.HistoryEventTypeExecutionAborted)
	events := history(t, c, exec)
	last := events[len(events)-1]
	if last.Type != types.HistoryEventTypeExecutionAborted || aws.ToString(last.ExecutionAbortedEventDetails.Cause) != "no more waiting" {
		t.Errorf("history: %s", eventTypes(events))
	}
	// closed now: the same name is refused
	_, err := c.StartExecution(ctx(t), &sfn.StartExecutionInput{StateMachineArn: aws.String(machine), Name: aws.String("stopped"), Input: aws.String(`{}`)})
	apiError(t, err, "ExecutionAlreadyExists")
}
