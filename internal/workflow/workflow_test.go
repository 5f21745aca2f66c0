package workflow

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/statemachine"
)

// fakeTasks fails its first fails calls with Boom, then echoes.
type fakeTasks struct {
	calls atomic.Int32
	fails int32
}

func (f *fakeTasks) Run(_ context.Context, t Task) (any, error) {
	if f.calls.Add(1) <= f.fails {
		return nil, TaskFailure("Boom", "it broke")
	}
	return map[string]any{"echo": t.Parameters}, nil
}

func parse(t *testing.T, text string) *statemachine.Definition {
	t.Helper()
	d, err := statemachine.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func runDef(t *testing.T, def *statemachine.Definition, tasks Tasks, history []Event, sink *Memory) Outcome {
	t.Helper()
	out, err := Run(context.Background(), Config{Definition: def, Input: map[string]any{"a": "x"}, Sink: sink, Tasks: tasks,
		History: history, ID: "exec", Token: func(k string) string { return k }})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func types(events []Event) []string {
	var ts []string
	for _, e := range events {
		ts = append(ts, e.Type)
	}
	return ts
}

const retryDef = `{"StartAt":"T","States":{
 "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Next":"P",
      "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":1,"BackoffRate":1,"MaxAttempts":1}]},
 "P":{"Type":"Pass","End":true}}}`

func TestRetryThenSucceed(t *testing.T) {
	sink := &Memory{}
	tasks := &fakeTasks{fails: 1}
	start := time.Now()
	out := runDef(t, parse(t, retryDef), tasks, nil, sink)
	if out.Status != Succeeded || time.Since(start) < time.Second {
		t.Fatalf("outcome %+v after %v", out, time.Since(start))
	}
	want := []string{"ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
		"LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "PassStateEntered",
		"PassStateExited", "ExecutionSucceeded"}
	got := types(sink.Events())
	if len(got) != len(want) {
		t.Fatalf("events %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("event %d is %s, want %s: %v", i, got[i], want[i], got)
		}
	}
	events := sink.Events()
	if events[1].Previous != 0 || events[2].Previous != 2 {
		t.Errorf("previous ids: %d %d", events[1].Previous, events[2].Previous)
	}
}

// TestReplay stops a run's history midway and runs it again: the events
// already recorded are not written again, the task is not run again.
func TestReplay(t *testing.T) {
	full := &Memory{}
	runDef(t, parse(t, retryDef), &fakeTasks{}, nil, full)
	all := full.Events()
	for cut := 1; cut < len(all); cut++ {
		sink := &Memory{}
		tasks := &fakeTasks{}
		out := runDef(t, parse(t, retryDef), tasks, all[:cut], sink)
		if out.Status != Succeeded {
			t.Fatalf("cut %d: %+v", cut, out)
		}
		if got := len(sink.Events()); got != len(all)-cut {
			t.Errorf("cut %d: %d events written, want %d", cut, got, len(all)-cut)
		}
		ran := tasks.calls.Load()
		if cut >= 5 && ran != 0 { // the outcome (event 5) recorded: never run again
			t.Errorf("cut %d: task ran %d times", cut, ran)
		}
		for i, e := range sink.Events() {
			if e.ID != int64(cut+i+1) {
				t.Errorf("cut %d: id %d, want %d", cut, e.ID, cut+i+1)
			}
		}
	}
}

func TestCatchAndFail(t *testing.T) {
	def := parse(t, `{"StartAt":"T","States":{
	 "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
	      "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"F"}]},
	 "F":{"Type":"Fail","Error":"Caught","Cause":"because"}}}`)
	sink := &Memory{}
	out := runDef(t, def, &fakeTasks{fails: 1}, nil, sink)
	if out.Status != Failed || out.Error != "Caught" || out.Cause != "because" {
		t.Fatalf("%+v: %v", out, types(sink.Events()))
	}
}

func TestParallelAndMap(t *testing.T) {
	def := parse(t, `{"StartAt":"P","States":{
	 "P":{"Type":"Parallel","Next":"M","Branches":[
	   {"StartAt":"A","States":{"A":{"Type":"Pass","Result":[1,2,3],"End":true}}},
	   {"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}}]},
	 "M":{"Type":"Map","ItemsPath":"$[0]","MaxConcurrency":2,"End":true,
	   "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}`)
	sink := &Memory{}
	out := runDef(t, def, &fakeTasks{}, nil, sink)
	if out.Status != Succeeded || Encode(out.Output) != "[1,2,3]" {
		t.Fatalf("%+v: %v", out, types(sink.Events()))
	}
	seen := map[int64]bool{}
	for _, e := range sink.Events() {
		if seen[e.ID] {
			t.Fatalf("id %d twice", e.ID)
		}
		seen[e.ID] = true
	}
}

func TestJSONata(t *testing.T) {
	def := parse(t, `{"QueryLanguage":"JSONata","StartAt":"Count","States":{
	 "Count":{"Type":"Pass","Assign":{"n":"{% $states.input.start %}"},"Output":{"seen":"{% $states.input.start + 1 %}"},"Next":"Big?"},
	 "Big?":{"Type":"Choice","Choices":[{"Condition":"{% $n > 5 %}","Next":"Big"}],"Default":"Small"},
	 "Big":{"Type":"Pass","Output":"{% 'big ' & $string($states.input.seen) %}","End":true},
	 "Small":{"Type":"Pass","Output":"{% 'small ' & $string($n) %}","End":true}}}`)
	for start, want := range map[string]string{"10": `"big 11"`, "1": `"small 1"`} {
		sink := &Memory{}
		out, err := Run(context.Background(), Config{Definition: def, Input: map[string]any{"start": json.Number(start)}, Sink: sink,
			Tasks: &fakeTasks{}, ID: "exec"})
		if err != nil || out.Status != Succeeded || Encode(out.Output) != want {
			t.Errorf("start %s: %+v %v (%v)", start, out, err, types(sink.Events()))
		}
	}
}
