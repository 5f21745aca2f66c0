package e2e

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	schedtypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"
)

func (s *server) scheduler() *scheduler.Client { return scheduler.NewFromConfig(s.awsConfig()) }

const schedulerRole = "arn:aws:iam::123456789012:role/scheduler"

// atExpression is at() for t, in UTC.
func atExpression(t time.Time) string { return "at(" + t.UTC().Format("2006-01-02T15:04:05") + ")" }

func createSchedule(t *testing.T, s *server, name, expr, targetARN, input string, mutate func(*scheduler.CreateScheduleInput)) string {
	t.Helper()
	in := &scheduler.CreateScheduleInput{Name: aws.String(name), ScheduleExpression: aws.String(expr),
		FlexibleTimeWindow: &schedtypes.FlexibleTimeWindow{Mode: schedtypes.FlexibleTimeWindowModeOff},
		Target:             &schedtypes.Target{Arn: aws.String(targetARN), RoleArn: aws.String(schedulerRole), Input: aws.String(input)}}
	if mutate != nil {
		mutate(in)
	}
	out, err := s.scheduler().CreateSchedule(ctx(t), in)
	if err != nil {
		t.Fatalf("create schedule %s: %v", name, err)
	}
	return *out.ScheduleArn
}

// TestSchedulerAt: a one-time schedule invokes its function once, at its
// time, with its Input and the context attributes filled in, and is
// deleted after when it asks to be.
func TestSchedulerAt(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "reminder", "python3.12", "app.handler", eventSink, nil)
	due := time.Now().Add(3 * time.Second).Truncate(time.Second)
	arn := createSchedule(t, s, "remind-me", atExpression(due), fnARN(s, "reminder"),
		`{"schedule":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>","attempt":<aws.scheduler.attempt-number>}`,
		func(in *scheduler.CreateScheduleInput) {
			in.ActionAfterCompletion = schedtypes.ActionAfterCompletionDelete
		})
	got, err := s.scheduler().GetSchedule(ctx(t), &scheduler.GetScheduleInput{Name: aws.String("remind-me")})
	if err != nil || *got.ScheduleExpressionTimezone != "UTC" || got.State != schedtypes.ScheduleStateEnabled ||
		*got.Target.RetryPolicy.MaximumRetryAttempts != 185 || *got.Target.RetryPolicy.MaximumEventAgeInSeconds != 86400 {
		t.Fatalf("get schedule: %v %+v", err, got)
	}
	ev := sunkEvents(t, s, "reminder", 1, 30*time.Second)[0]
	if arrived := time.Now(); arrived.Before(due) {
		t.Errorf("fired before its time: %v < %v", arrived, due)
	}
	if ev["schedule"] != arn || ev["at"] != due.UTC().Format("2006-01-02T15:04:05Z") || fmt.Sprint(ev["attempt"]) != "1" {
		t.Errorf("input %v", ev)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		_, err := s.scheduler().GetSchedule(ctx(t), &scheduler.GetScheduleInput{Name: aws.String("remind-me")})
		if err != nil {
			apiError(t, err, "ResourceNotFoundException")
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the schedule was not deleted after completion")
		}
	}
	time.Sleep(time.Second)
	if n := len(sunkEvents(t, s, "reminder", 1, time.Second)); n != 1 {
		t.Errorf("%d invocations, want 1", n)
	}
}

// TestSchedulerRate: a rate schedule in a time zone sends its Input to a
// queue at every tick (a minute lasts a second here), and lists, updates
// and deletes as AWS's do.
func TestSchedulerRate(t *testing.T) {
	s := startServer(t, "--schedule-tick", "1s")
	url, queueARN := makeQueue(t, s, "ticks", nil)
	sc := s.scheduler()
	if _, err := sc.CreateScheduleGroup(ctx(t), &scheduler.CreateScheduleGroupInput{Name: aws.String("jobs")}); err != nil {
		t.Fatal(err)
	}
	createSchedule(t, s, "tick", "rate(1 minute)", queueARN, `"<aws.scheduler.scheduled-time>"`, func(in *scheduler.CreateScheduleInput) {
		in.GroupName, in.ScheduleExpressionTimezone = aws.String("jobs"), aws.String("Europe/Berlin")
	})
	bodies := receiveBodies(t, s, url, 3, 20*time.Second)
	sort.Strings(bodies)
	for i := 1; i < len(bodies); i++ {
		if bodies[i] == bodies[i-1] {
			t.Errorf("two firings for %s", bodies[i])
		}
	}
	list, err := sc.ListSchedules(ctx(t), &scheduler.ListSchedulesInput{GroupName: aws.String("jobs")})
	if err != nil || len(list.Schedules) != 1 || *list.Schedules[0].Target.Arn != queueARN || *list.Schedules[0].GroupName != "jobs" {
		t.Fatalf("list: %v %+v", err, list)
	}
	_, err = sc.UpdateSchedule(ctx(t), &scheduler.UpdateScheduleInput{Name: aws.String("tick"), GroupName: aws.String("jobs"),
		ScheduleExpression: aws.String("rate(1 minute)"), State: schedtypes.ScheduleStateDisabled,
		FlexibleTimeWindow: &schedtypes.FlexibleTimeWindow{Mode: schedtypes.FlexibleTimeWindowModeOff},
		Target:             &schedtypes.Target{Arn: aws.String(queueARN), RoleArn: aws.String(schedulerRole)}})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	receiveBodies(t, s, url, 0, 500*time.Millisecond) // what was already on its way
	if late := receiveBodies(t, s, url, 0, 3*time.Second); len(late) != 0 {
		t.Errorf("a disabled schedule fired: %q", late)
	}
	if _, err := sc.DeleteScheduleGroup(ctx(t), &scheduler.DeleteScheduleGroupInput{Name: aws.String("jobs")}); err != nil {
		t.Fatal(err)
	}
	_, err = sc.GetSchedule(ctx(t), &scheduler.GetScheduleInput{Name: aws.String("tick"), GroupName: aws.String("jobs")})
	apiError(t, err, "ResourceNotFoundException")
}

// TestSchedulerKill: schedules due while the server is down fire once
// when it is back, and schedules due as it is killed fire once too.
func TestSchedulerKill(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--schedule-tick", "1s")
	createFn(t, s, "counted", "python3.12", "app.handler", eventSink, func(in *lambda.CreateFunctionInput) {
		in.MemorySize = aws.Int32(128)
	})
	if _, err := s.lambda().PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("counted"),
		ReservedConcurrentExecutions: aws.Int32(2)}); err != nil {
		t.Fatal(err)
	}
	fn := fnARN(s, "counted")
	schedule := func(prefix string, n int, due time.Time) []string {
		var names []string
		for i := range n {
			name := fmt.Sprintf("%s-%d", prefix, i)
			createSchedule(t, s, name, atExpression(due), fn, `{"name":"`+name+`"}`, nil)
			names = append(names, name)
		}
		return names
	}
	// Due while the server is down.
	downDue := time.Now().Add(4 * time.Second).Truncate(time.Second)
	want := schedule("down", 10, downDue)
	s.kill()
	time.Sleep(time.Until(downDue) + 2*time.Second)
	s.start("--schedule-tick", "1s")
	// Due as the server is killed, in the middle of firing them.
	killDue := time.Now().Add(3 * time.Second).Truncate(time.Second)
	want = append(want, schedule("kill", 40, killDue)...)
	time.Sleep(time.Until(killDue) + 25*time.Millisecond)
	s.kill()
	s.start("--schedule-tick", "1s")
	sunkEvents(t, s, "counted", len(want), 90*time.Second)
	time.Sleep(3 * time.Second)
	counts := map[string]int{}
	for _, ev := range sunkEvents(t, s, "counted", len(want), time.Second) {
		counts[fmt.Sprint(ev["name"])]++
	}
	for _, name := range want {
		if counts[name] != 1 {
			t.Errorf("%s fired %d times, want once", name, counts[name])
		}
	}
	if len(counts) != len(want) {
		t.Errorf("%d schedules fired, want %d", len(counts), len(want))
	}
}

// TestSchedulerErrors pins AWS's answers to bad requests.
func TestSchedulerErrors(t *testing.T) {
	s := startServer(t)
	sc := s.scheduler()
	fn := fnARN(s, "f")
	createSchedule(t, s, "exists", "rate(5 minutes)", fn, "{}", nil)
	for _, tc := range []struct {
		name, code, message string
		call                func() error
	}{
		{"Conflict", "ConflictException", "Schedule exists already exists.", func() error {
			_, err := sc.CreateSchedule(ctx(t), scheduleInput("exists", "rate(5 minutes)", fn))
			return err
		}},
		{"NotFound", "ResourceNotFoundException", "Schedule nope does not exist.", func() error {
			_, err := sc.GetSchedule(ctx(t), &scheduler.GetScheduleInput{Name: aws.String("nope")})
			return err
		}},
		{"GroupNotFound", "ResourceNotFoundException", "Schedule group nope does not exist.", func() error {
			in := scheduleInput("s", "rate(5 minutes)", fn)
			in.GroupName = aws.String("nope")
			_, err := sc.CreateSchedule(ctx(t), in)
			return err
		}},
		{"BadExpression", "ValidationException", "Invalid Schedule Expression rate(10 seconds).", func() error {
			_, err := sc.CreateSchedule(ctx(t), scheduleInput("s", "rate(10 seconds)", fn))
			return err
		}},
		{"BadCron", "ValidationException", "Invalid Schedule Expression cron(0 1 * * * *).", func() error {
			_, err := sc.CreateSchedule(ctx(t), scheduleInput("s", "cron(0 1 * * * *)", fn))
			return err
		}},
		{"BadTimezone", "ValidationException", "Invalid Schedule Expression Timezone Mars/Olympus.", func() error {
			in := scheduleInput("s", "rate(5 minutes)", fn)
			in.ScheduleExpressionTimezone = aws.String("Mars/Olympus")
			_, err := sc.CreateSchedule(ctx(t), in)
			return err
		}},
		{"BadRole", "ValidationException", "1 validation error detected: Value 'role' at 'target.roleArn'", func() error {
			in := scheduleInput("s", "rate(5 minutes)", fn)
			in.Target.RoleArn = aws.String("role")
			_, err := sc.CreateSchedule(ctx(t), in)
			return err
		}},
		{"UnsupportedTarget", "ValidationException", "Virga cannot deliver to arn:aws:scheduler:::aws-sdk:ecs:stopTask", func() error {
			_, err := sc.CreateSchedule(ctx(t), scheduleInput("s", "rate(5 minutes)", "arn:aws:scheduler:::aws-sdk:ecs:stopTask"))
			return err
		}},
		{"DefaultGroup", "ValidationException", "The default schedule group cannot be deleted.", func() error {
			_, err := sc.DeleteScheduleGroup(ctx(t), &scheduler.DeleteScheduleGroupInput{Name: aws.String("default")})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ae := apiError(t, tc.call(), tc.code); !strings.HasPrefix(ae.ErrorMessage(), tc.message) {
				t.Errorf("message %q, want %q", ae.ErrorMessage(), tc.message)
			}
		})
	}
}

func scheduleInput(name, expr, target string) *scheduler.CreateScheduleInput {
	return &scheduler.CreateScheduleInput{Name: aws.String(name), ScheduleExpression: aws.String(expr),
		FlexibleTimeWindow: &schedtypes.FlexibleTimeWindow{Mode: schedtypes.FlexibleTimeWindowModeOff},
		Target:             &schedtypes.Target{Arn: aws.String(target), RoleArn: aws.String(schedulerRole)}}
}
