package e2e

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestEventsCLI drives EventBridge and Scheduler with both aws CLIs: a bus,
// a rule with a pattern and an input transformer, PutEvents, a one-time
// schedule, and the lists and descriptions between.
func TestEventsCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	url, queueARN := makeQueue(t, s, "cli-events", nil)
	eachCLI(t, false, func(t *testing.T, c awsCLI, bin string) {
		eventsCLI(t, s, bin, c.name, url, queueARN)
		schedulerCLI(t, s, bin, c.name, url, queueARN)
	})
}

func eventsCLI(t *testing.T, s *server, aws, name, url, queueARN string) {
	bus, rule := name+"-bus", name+"-rule"
	s.cliOK(t, aws, "events", "create-event-bus", "--name", bus)
	if out := s.cliOK(t, aws, "events", "put-rule", "--name", rule, "--event-bus-name", bus, "--event-pattern", `{"source":["cli"]}`); !strings.HasSuffix(out["RuleArn"].(string), ":rule/"+bus+"/"+rule) {
		t.Errorf("put-rule: %v", out)
	}
	targets := `[{"Id":"q","Arn":"` + queueARN + `","InputTransformer":{"InputPathsMap":{"n":"$.detail.n"},"InputTemplate":"{\"n\": <n>, \"cli\": \"` + name + `\"}"}}]`
	if out := s.cliOK(t, aws, "events", "put-targets", "--rule", rule, "--event-bus-name", bus, "--targets", targets); out["FailedEntryCount"] != 0.0 {
		t.Errorf("put-targets: %v", out)
	}
	listed := s.cliOK(t, aws, "events", "list-targets-by-rule", "--rule", rule, "--event-bus-name", bus)
	if ts, _ := listed["Targets"].([]any); len(ts) != 1 {
		t.Errorf("list-targets-by-rule: %v", listed)
	}
	if out := s.cliOK(t, aws, "events", "describe-rule", "--name", rule, "--event-bus-name", bus); out["State"] != "ENABLED" || out["EventBusName"] != bus {
		t.Errorf("describe-rule: %v", out)
	}
	entries := `[{"Source":"cli","DetailType":"t","Detail":"{\"n\":1}","EventBusName":"` + bus + `"}]`
	if out := s.cliOK(t, aws, "events", "put-events", "--entries", entries); out["FailedEntryCount"] != 0.0 {
		t.Errorf("put-events: %v", out)
	}
	if got := receiveBodies(t, s, url, 1, 20*time.Second); got[0] != `{"n": 1, "cli": "`+name+`"}` {
		t.Errorf("the target received %q", got[0])
	}
	matched := s.cliOK(t, aws, "events", "test-event-pattern", "--event-pattern", `{"source":[{"prefix":"c"}]}`, "--event",
		`{"id":"1","account":"123456789012","source":"cli","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail-type":"t","detail":{}}`)
	if matched["Result"] != true {
		t.Errorf("test-event-pattern: %v", matched)
	}
	s.cliOK(t, aws, "events", "remove-targets", "--rule", rule, "--event-bus-name", bus, "--ids", "q")
	s.cliOK(t, aws, "events", "delete-rule", "--name", rule, "--event-bus-name", bus)
	s.cliOK(t, aws, "events", "delete-event-bus", "--name", bus)
}

func schedulerCLI(t *testing.T, s *server, aws, name, url, queueARN string) {
	group := name + "-group"
	s.cliOK(t, aws, "scheduler", "create-schedule-group", "--name", group, "--tags", "Key=team,Value=core")
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// at() is read in the schedule's zone: Berlin's wall clock.
	at := func(d time.Duration) string {
		return "at(" + time.Now().Add(d).In(berlin).Format("2006-01-02T15:04:05") + ")"
	}
	target := func(input string) string {
		return `{"Arn":"` + queueARN + `","RoleArn":"` + schedulerRole + `","Input":"` + input + `"}`
	}
	s.cliOK(t, aws, "scheduler", "create-schedule", "--name", "once", "--group-name", group, "--schedule-expression", at(time.Hour),
		"--schedule-expression-timezone", "Europe/Berlin", "--flexible-time-window", "Mode=OFF", "--target", target("from "+name))
	got := s.cliOK(t, aws, "scheduler", "get-schedule", "--name", "once", "--group-name", group)
	if got["ScheduleExpressionTimezone"] != "Europe/Berlin" || got["GroupName"] != group || got["State"] != "ENABLED" {
		t.Errorf("get-schedule: %v", got)
	}
	if list := s.cliOK(t, aws, "scheduler", "list-schedules", "--group-name", group); len(list["Schedules"].([]any)) != 1 {
		t.Errorf("list-schedules: %v", list)
	}
	// An update moves it to a few seconds from now and changes what it sends.
	s.cliOK(t, aws, "scheduler", "update-schedule", "--name", "once", "--group-name", group, "--schedule-expression", at(10*time.Second),
		"--schedule-expression-timezone", "Europe/Berlin", "--flexible-time-window", "Mode=OFF", "--target", target("updated by "+name))
	if got := receiveBodies(t, s, url, 1, 20*time.Second); got[0] != "updated by "+name {
		t.Errorf("the target received %q", got[0])
	}
	tags := s.cliOK(t, aws, "scheduler", "list-tags-for-resource", "--resource-arn",
		"arn:aws:scheduler:us-east-1:"+s.admin.AccountID+":schedule-group/"+group)
	if b, _ := json.Marshal(tags["Tags"]); string(b) != `[{"Key":"team","Value":"core"}]` {
		t.Errorf("tags %s", b)
	}
	s.cliOK(t, aws, "scheduler", "delete-schedule-group", "--name", group)
}

// botoScript exercises both services with boto3: timestamps as datetimes
// both ways, an InputPath, a flexible window and paging.
const botoScript = `
import boto3, datetime, json, os
ep, queue = os.environ["VIRGA_ENDPOINT"], os.environ["QUEUE_ARN"]
ev = boto3.client("events", endpoint_url=ep)
sch = boto3.client("scheduler", endpoint_url=ep)
ev.put_rule(Name="boto-rule", EventPattern=json.dumps({"source": ["boto"]}))
ev.put_targets(Rule="boto-rule", Targets=[{"Id": "q", "Arn": queue, "InputPath": "$.detail"}])
when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
put = ev.put_events(Entries=[{"Source": "boto", "DetailType": "t", "Detail": json.dumps({"via": "boto3"}), "Time": when}])
assert put["FailedEntryCount"] == 0, put
for i in range(3):
    ev.put_rule(Name="page-%d" % i, ScheduleExpression="cron(0 12 * * ? *)", State="DISABLED")
first = ev.list_rules(NamePrefix="page-", Limit=2)
rest = ev.list_rules(NamePrefix="page-", NextToken=first["NextToken"])
start = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
sch.create_schedule(Name="boto-sched", ScheduleExpression="rate(1 hour)", StartDate=start,
    EndDate=start + datetime.timedelta(days=1), FlexibleTimeWindow={"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15},
    Target={"Arn": queue, "RoleArn": "arn:aws:iam::123456789012:role/r", "RetryPolicy": {"MaximumRetryAttempts": 3}})
got = sch.get_schedule(Name="boto-sched")
print(json.dumps({"pages": [len(first["Rules"]), len(rest["Rules"])], "start": got["StartDate"].isoformat(),
    "end": got["EndDate"].isoformat(), "window": got["FlexibleTimeWindow"], "retry": got["Target"]["RetryPolicy"]}, sort_keys=True))
`

func TestEventsBoto3(t *testing.T) {
	s := startServer(t)
	url, queueARN := makeQueue(t, s, "boto-events", nil)
	cmd := exec.Command("python3", "-c", botoScript)
	cmd.Env = append(s.cliEnv(), "VIRGA_ENDPOINT="+s.endpoint, "QUEUE_ARN="+queueARN)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, lookErr := exec.LookPath("python3"); lookErr != nil {
			t.Skip("python3 not installed")
		}
		t.Fatalf("boto3: %v\n%s", err, out)
	}
	want := `{"end": "2030-01-02T00:00:00+00:00", "pages": [2, 1], "retry": {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 3}, ` +
		`"start": "2030-01-01T00:00:00+00:00", "window": {"MaximumWindowInMinutes": 15, "Mode": "FLEXIBLE"}}`
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("boto3 printed\n%s\nwant\n%s", got, want)
	}
	if got := receiveBodies(t, s, url, 1, 20*time.Second); got[0] != `{"via":"boto3"}` {
		t.Errorf("the target received %q", got[0])
	}
}
