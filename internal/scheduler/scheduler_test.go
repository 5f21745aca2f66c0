package scheduler

import (
	"strings"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/targets"
)

func TestFill(t *testing.T) {
	at := time.Date(2026, 3, 29, 2, 30, 0, 0, time.UTC)
	got := fill(`{"arn":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>","id":"<aws.scheduler.execution-id>","n":<aws.scheduler.attempt-number>}`,
		"arn:aws:scheduler:us-east-1:123456789012:schedule/default/s", "e-1", at)
	want := `{"arn":"arn:aws:scheduler:us-east-1:123456789012:schedule/default/s","at":"2026-03-29T02:30:00Z","id":"e-1","n":1}`
	if got != want {
		t.Errorf("got %s", got)
	}
}

func input(expr, tz, arn string) scheduleInput {
	input := `{"a":1}`
	return scheduleInput{ScheduleExpression: expr, ScheduleExpressionTimezone: tz,
		FlexibleTimeWindow: &FlexibleTimeWindow{Mode: modeOff},
		Target:             &Target{Arn: arn, RoleArn: "arn:aws:iam::123456789012:role/r", Input: &input}}
}

func TestCheck(t *testing.T) {
	fn := "arn:aws:lambda:us-east-1:123456789012:function:f"
	for _, tc := range []struct {
		in   scheduleInput
		want string
	}{
		{input("rate(5 minutes)", "", fn), ""},
		{input("at(2030-01-01T10:00:00)", "Europe/Berlin", fn), ""},
		{input("cron(0 9 ? * MON-FRI *)", "America/New_York", fn), ""},
		{input("rate(10 seconds)", "", fn), "Invalid Schedule Expression rate(10 seconds)."},
		{input("cron(0 1 * * * *)", "", fn), "Invalid Schedule Expression cron(0 1 * * * *)."},
		{input("rate(5 minutes)", "Mars/Base", fn), "Invalid Schedule Expression Timezone Mars/Base."},
		{input("rate(5 minutes)", "", "arn:aws:states:us-east-1:123456789012:stateMachine:m"), "Virga cannot deliver to"},
		{input("rate(5 minutes)", "", "arn:aws:events:us-east-1:123456789012:event-bus/default"), "EventBridgeParameters must be provided"},
	} {
		err := tc.in.check(targets.Kinds{"lambda": true, "sqs": true, "events": true})
		if (tc.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.in.ScheduleExpression, err, tc.want)
		}
	}
}

func TestCheckMembers(t *testing.T) {
	in := input("rate(5 minutes)", "", "arn:aws:lambda:us-east-1:123456789012:function:f")
	in.Target.RoleArn = "not-a-role"
	err := in.checkMembers("bad name")
	want := "2 validation errors detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$; " +
		"Value 'not-a-role' at 'target.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: " + roleARNPattern
	if err == nil || err.Error() != want {
		t.Errorf("got %v", err)
	}
}

func TestTimingChanges(t *testing.T) {
	a := Schedule{Expression: "rate(1 hour)", State: stateEnabled, FlexibleTimeWindow: FlexibleTimeWindow{Mode: modeOff}}
	b := a
	b.Description = "other"
	b.Target.Arn = "arn:aws:sqs:us-east-1:123456789012:q"
	if timing(a) != timing(b) {
		t.Error("a change of description or target changed the timing")
	}
	b.Timezone = "Europe/Berlin"
	if timing(a) == timing(b) {
		t.Error("a change of time zone did not change the timing")
	}
}
