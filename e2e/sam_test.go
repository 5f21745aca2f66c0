package e2e

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// samTemplate has an HttpApi function, a queue-fed function and a
// schedule, with Globals, Parameters, !Ref, !GetAtt and !Sub.
const samTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Greeting:
    Type: String
    Default: hello
  Every:
    Type: String
    Default: rate(5 minutes)
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
    Environment:
      Variables:
        STAGE: dev
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 30
  Alerts:
    Type: AWS::SNS::Topic
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: shared/
      CompatibleRuntimes: [python3.12]
  Web:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: web/
      Handler: app.handler
      AutoPublishAlias: live
      FunctionUrlConfig:
        AuthType: NONE
      Layers:
        - !Ref Shared
      DeploymentPreference:
        Type: Linear50PercentEvery1Minute
      Environment:
        Variables:
          GREETING: !Ref Greeting
          QUEUE: !GetAtt Jobs.QueueName
          WHERE: !Sub '${AWS::StackName}-${AWS::Region}'
      Events:
        Hello:
          Type: HttpApi
          Properties:
            Path: /hello
            Method: get
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: worker/
      Handler: app.handler
      Events:
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 5
        Tick:
          Type: Schedule
          Properties:
            Schedule: !Ref Every
        Alert:
          Type: SNS
          Properties:
            Topic: !Ref Alerts
            FilterPolicy:
              level: [high]
        Nightly:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(0 3 * * ? *)
            ScheduleExpressionTimezone: Europe/Berlin
        Orders:
          Type: EventBridgeRule
          Properties:
            Pattern:
              source: [com.example.orders]
Outputs:
  WorkerArn:
    Value: !GetAtt Worker.Arn
`

const samWeb = `import os, shared
def handler(event, context):
    return {"statusCode": 200, "body": "%s " + os.environ["GREETING"] + " " + os.environ["QUEUE"] + " " + os.environ["WHERE"] + " " + os.environ["STAGE"] + " " + shared.WORD}
`

const samWorker = `def handler(event, context):
    for r in event.get("Records", []):
        print("worker got " + (r.get("body") or r["Sns"]["Message"]))
`

// writeApp writes the template and the two code directories.
func writeApp(t *testing.T, dir, webVersion string) {
	t.Helper()
	files := map[string]string{"template.yaml": samTemplate, "web/app.py": strings.Replace(samWeb, "%s", webVersion, 1),
		"worker/app.py": samWorker, "shared/python/shared.py": "WORD = 'from-layer'\n"}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// virga runs a client subcommand against s with a clean AWS environment.
func (s *server) virga(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, append(args, "--data-dir", s.dataDir)...)
	cmd.Env = withoutAWS()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("virga %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// withoutAWS is the environment without any AWS_ variable.
func withoutAWS() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return env
}

var apiURL = regexp.MustCompile(`HTTP API \w+[^:]*: (http\S+)`)

func getBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// TestSAMDeploy deploys a template, applies an update that changes one
// function's code and the schedule, and deletes the stack.
func TestSAMDeploy(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	dir := t.TempDir()
	writeApp(t, dir, "v1")
	tmpl := filepath.Join(dir, "template.yaml")
	out := s.virga(t, "deploy", "--template", tmpl, "--stack", "shop")
	url := apiURL.FindStringSubmatch(out)
	if url == nil {
		t.Fatalf("no API URL in:\n%s", out)
	}
	if got, want := getBody(t, url[1]+"hello"), "v1 hello shop-Jobs shop-us-east-1 dev from-layer"; got != want {
		t.Fatalf("GET /hello = %q, want %q", got, want)
	}
	fnURL := regexp.MustCompile(`function URL of shop-Web: (http\S+)`).FindStringSubmatch(out)
	if fnURL == nil {
		t.Fatalf("no function URL in:\n%s", out)
	}
	resp, err := s.hostClient().Get(fnURL[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(string(body), "v1 hello") {
		t.Fatalf("the function URL answered %s %q", resp.Status, body)
	}
	if want := "output WorkerArn: arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:shop-Worker"; !strings.Contains(out, want) {
		t.Errorf("deploy output lacks %q:\n%s", want, out)
	}
	checkWorkerAndSchedule(t, s, "rate(5 minutes)")

	writeApp(t, dir, "v2")
	out = s.virga(t, "deploy", "--template", tmpl, "--stack", "shop", "--param", "Every=rate(1 hour)", "--shift-step", "500ms")
	for _, line := range []string{"queue shop-Jobs unchanged", "layer shop-Shared unchanged", "updating function shop-Web", "updating function shop-Worker", "HTTP API",
		"alias live of shop-Web: 50% on version 1, 50% on version 2", "alias live of shop-Web: version 2"} {
		if !strings.Contains(out, line) {
			t.Errorf("update output lacks %q:\n%s", line, out)
		}
	}
	alias, err := s.lambda().GetAlias(ctx(t), &lambda.GetAliasInput{FunctionName: aws.String("shop-Web"), Name: aws.String("live")})
	if err != nil || *alias.FunctionVersion != "2" || (alias.RoutingConfig != nil && len(alias.RoutingConfig.AdditionalVersionWeights) != 0) {
		t.Fatalf("alias live after the update: %+v, %v", alias, err)
	}
	if strings.Contains(out, "creating") {
		t.Errorf("the update created something:\n%s", out)
	}
	url = apiURL.FindStringSubmatch(out)
	if got := getBody(t, url[1]+"hello"); !strings.HasPrefix(got, "v2 ") {
		t.Fatalf("after the update GET /hello = %q", got)
	}
	checkWorkerAndSchedule(t, s, "rate(1 hour)")
	if again := s.virga(t, "deploy", "--template", tmpl, "--stack", "shop", "--param", "Every=rate(1 hour)"); strings.Contains(again, "updating") || strings.Contains(again, "creating") {
		t.Errorf("a deploy without changes changed something:\n%s", again)
	}

	s.virga(t, "deploy", "--template", tmpl, "--stack", "shop", "--delete")
	checkStackGone(t, s)
}

// checkWorkerAndSchedule sends a message the worker must consume and reads
// the schedule rule's expression.
func checkWorkerAndSchedule(t *testing.T, s *server, expr string) {
	t.Helper()
	q, err := s.sqs().GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String("shop-Jobs")})
	if err != nil {
		t.Fatal(err)
	}
	sendBodies(t, s, *q.QueueUrl, "order-"+expr)
	waitEmpty(t, s, *q.QueueUrl)
	topic := "arn:aws:sns:us-east-1:" + s.admin.AccountID + ":shop-Alerts"
	for _, level := range []string{"low", "high"} {
		_, err := s.sns().Publish(ctx(t), &sns.PublishInput{TopicArn: &topic, Message: aws.String("alert-" + level + "-" + expr),
			MessageAttributes: map[string]snstypes.MessageAttributeValue{"level": {DataType: aws.String("String"), StringValue: aws.String(level)}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, 30*time.Second, func() bool {
		logs := s.virga(t, "logs", "shop-Worker")
		return strings.Contains(logs, "worker got order-"+expr) && strings.Contains(logs, "worker got alert-high-"+expr)
	})
	if logs := s.virga(t, "logs", "shop-Worker"); strings.Contains(logs, "alert-low") {
		t.Errorf("the filter policy let a low alert through:\n%s", logs)
	}
	fn, err := s.lambda().GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("shop-Worker")})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := s.events().ListRuleNamesByTarget(ctx(t), &eventbridge.ListRuleNamesByTargetInput{TargetArn: fn.Configuration.FunctionArn})
	if err != nil || len(rules.RuleNames) != 2 {
		t.Fatalf("rules targeting the worker: %v, %v", rules, err)
	}
	var got []string
	for _, name := range rules.RuleNames {
		rule, err := s.events().DescribeRule(ctx(t), &eventbridge.DescribeRuleInput{Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, aws.ToString(rule.ScheduleExpression)+aws.ToString(rule.EventPattern))
	}
	if want := []string{`{"source":["com.example.orders"]}`, expr}; !slices.Equal(got, want) {
		t.Fatalf("rules of the worker: %q, want %q", got, want)
	}
	sched, err := s.scheduler().GetSchedule(ctx(t), &scheduler.GetScheduleInput{Name: aws.String("shop-Worker-Nightly")})
	if err != nil || aws.ToString(sched.ScheduleExpressionTimezone) != "Europe/Berlin" || aws.ToString(sched.Target.Arn) != *fn.Configuration.FunctionArn {
		t.Fatalf("schedule shop-Worker-Nightly: %+v, %v", sched, err)
	}
}

func checkStackGone(t *testing.T, s *server) {
	t.Helper()
	fns, _ := s.lambda().ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
	queues, _ := s.sqs().ListQueues(ctx(t), &sqs.ListQueuesInput{})
	apis, _ := s.apigw().GetApis(ctx(t), &apigatewayv2.GetApisInput{})
	rules, _ := s.events().ListRules(ctx(t), &eventbridge.ListRulesInput{})
	topics, _ := s.sns().ListTopics(ctx(t), &sns.ListTopicsInput{})
	scheds, _ := s.scheduler().ListSchedules(ctx(t), &scheduler.ListSchedulesInput{})
	layers, _ := s.lambda().ListLayers(ctx(t), &lambda.ListLayersInput{})
	if n := len(fns.Functions) + len(queues.QueueUrls) + len(apis.Items) + len(rules.Rules) + len(topics.Topics) + len(scheds.Schedules) + len(layers.Layers); n != 0 {
		t.Fatalf("after --delete: %d functions, %d queues, %d APIs, %d rules, %d topics, %d schedules, %d layers remain",
			len(fns.Functions), len(queues.QueueUrls), len(apis.Items), len(rules.Rules), len(topics.Topics), len(scheds.Schedules), len(layers.Layers))
	}
}

// waitFor polls check until it returns true or the time runs out.
func waitFor(t *testing.T, within time.Duration, check func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if check() {
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("not within %s", within)
	return 0
}
