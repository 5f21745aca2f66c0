package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// killMachines are executions waiting at each point a crash can find
// them: a Wait, a function running, a callback pending, a retry's
// back-off, a Map midway.
func killMachines(fns map[string]string) map[string]string {
	return map[string]string{
		"wait": `{"StartAt":"Before","States":{"Before":{"Type":"Pass","Next":"Wait"},
		  "Wait":{"Type":"Wait","Seconds":10,"Next":"After"},"After":{"Type":"Pass","End":true}}}`,
		"inflight": `{"StartAt":"Slow","States":{"Slow":{"Type":"Task","Resource":"` + fns["slow"] + `","Next":"After"},
		  "After":{"Type":"Pass","End":true}}}`,
		"callback": `{"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
		  "Parameters":{"FunctionName":"` + fns["ask"] + `","Payload":{"token.$":"$$.Task.Token"}},"Next":"After"},
		  "After":{"Type":"Pass","End":true}}}`,
		"backoff": `{"StartAt":"Flaky","States":{"Flaky":{"Type":"Task","Resource":"` + fns["flaky"] + `",
		  "Parameters":{"retry.$":"$$.State.RetryCount"},
		  "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":8,"MaxAttempts":1}],"End":true}}}`,
		"map": `{"StartAt":"Each","States":{"Each":{"Type":"Map","MaxConcurrency":2,"End":true,
		  "ItemProcessor":{"StartAt":"Nap","States":{"Nap":{"Type":"Wait","Seconds":1,"End":true}}}}}}`,
	}
}

// TestStepFunctionsKill9 kills the server with SIGKILL while executions
// wait at each point, starts it again on the same data, and checks that
// every execution finishes with a history without gaps or repeated
// transitions, and that no deadline fired early.
func TestStepFunctionsKill9(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	fns := createFunctions(t, s, map[string]string{
		"slow":  "import time\n\ndef handler(event, context):\n    time.sleep(2)\n    return {\"slept\": 2}\n",
		"ask":   "def handler(event, context):\n    return {}\n",
		"flaky": "def handler(event, context):\n    if event[\"retry\"] == 0:\n        raise RuntimeError(\"first try\")\n    return {\"retry\": event[\"retry\"]}\n",
	})
	c := s.sfn()
	execs := map[string]string{}
	for name, def := range killMachines(fns) {
		machine := createMachine(t, c, name, "STANDARD", def)
		input := `{}`
		if name == "map" {
			input = `[1,2,3,4,5,6,7,8,9,10]`
		}
		execs[name] = startExecution(t, c, machine, "before-crash", input)
	}
	token := waitForToken(t, c, execs["callback"])
	waitForEvent(t, c, execs["inflight"], types.HistoryEventTypeLambdaFunctionStarted)
	waitForEvent(t, c, execs["backoff"], types.HistoryEventTypeLambdaFunctionFailed)
	waitForEvent(t, c, execs["map"], types.HistoryEventTypeMapIterationSucceeded)
	s.kill()
	s.start()
	c = s.sfn()
	if _, err := c.SendTaskSuccess(ctx(t), &sfn.SendTaskSuccessInput{TaskToken: aws.String(token), Output: aws.String(`{"ok":1}`)}); err != nil {
		t.Fatalf("a token from before the crash: %v", err)
	}
	for name, exec := range execs {
		out := waitExecution(t, c, exec, 60*time.Second)
		if out.Status != types.ExecutionStatusSucceeded {
			t.Errorf("%s: %s %s %s", name, out.Status, aws.ToString(out.Error), aws.ToString(out.Cause))
			continue
		}
		events := history(t, c, exec)
		counts := checkHistory(t, events)
		if err := onceEach(name, counts); err != nil {
			t.Errorf("%s: %v: %s", name, err, eventTypes(events))
		}
		checkDeadlines(t, name, out, events)
	}
}

// onceEach checks the transitions each execution must make exactly once.
func onceEach(name string, counts map[types.HistoryEventType]int) error {
	want := map[string]map[types.HistoryEventType]int{
		"wait":     {"WaitStateEntered": 1, "WaitStateExited": 1, "PassStateEntered": 2},
		"inflight": {"LambdaFunctionScheduled": 1, "LambdaFunctionStarted": 1, "LambdaFunctionSucceeded": 1},
		"callback": {"TaskScheduled": 1, "TaskSubmitted": 1, "TaskSucceeded": 1},
		"backoff":  {"LambdaFunctionScheduled": 2, "LambdaFunctionFailed": 1, "LambdaFunctionSucceeded": 1},
		"map":      {"MapIterationStarted": 10, "MapIterationSucceeded": 10, "WaitStateEntered": 10, "MapStateStarted": 1},
	}[name]
	for typ, n := range want {
		if counts[typ] != n {
			return fmt.Errorf("%d %s events, want %d", counts[typ], typ, n)
		}
	}
	if counts["ExecutionStarted"] != 1 || counts["ExecutionSucceeded"] != 1 {
		return fmt.Errorf("started %d, succeeded %d", counts["ExecutionStarted"], counts["ExecutionSucceeded"])
	}
	return nil
}

// checkDeadlines checks that the Wait and the back-off lasted at least as
// long as the definition says, across the crash.
func checkDeadlines(t *testing.T, name string, out *sfn.DescribeExecutionOutput, events []types.HistoryEvent) {
	switch name {
	case "wait":
		if d := out.StopDate.Sub(*out.StartDate); d < 10*time.Second {
			t.Errorf("the 10 s wait ended after %v", d)
		}
	case "backoff":
		var failed, again time.Time
		for _, e := range events {
			if e.Type == types.HistoryEventTypeLambdaFunctionFailed {
				failed = *e.Timestamp
			}
			if e.Type == types.HistoryEventTypeLambdaFunctionScheduled && !failed.IsZero() {
				again = *e.Timestamp
			}
		}
		if d := again.Sub(failed); d < 8*time.Second {
			t.Errorf("the 8 s back-off lasted %v", d)
		}
	}
}

// waitForEvent waits until an execution's history holds an event of typ.
func waitForEvent(t *testing.T, c *sfn.Client, exec string, typ types.HistoryEventType) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, e := range history(t, c, exec) {
			if e.Type == typ {
				return
			}
		}
	}
	t.Fatalf("%s never came", typ)
}
