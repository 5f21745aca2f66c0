package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// pyCaller calls Lambda, Logs, STS, SQS, SNS, EventBridge and Scheduler
// with boto3 and nothing but what its environment holds, and reports each
// call's outcome as gocaller does.
const pyCaller = `import boto3
from botocore.exceptions import ClientError

def call(fn):
    try:
        return {"value": fn()}
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"]}

def handler(event, context):
    lam = boto3.client("lambda")
    sqs = boto3.client("sqs")
    send = lambda url: call(lambda: len(sqs.send_message(QueueUrl=url, MessageBody="from py")["MessageId"]))
    target = {"Arn": event["queueArn"], "RoleArn": event["role"]}
    return {
        "sts": call(lambda: boto3.client("sts").get_caller_identity()["Arn"]),
        "list": call(lambda: len(lam.list_functions()["Functions"])),
        "invoke": call(lambda: lam.invoke(FunctionName=event["target"], Payload=b'{"name":"py"}')["Payload"].read().decode()),
        "logs": call(lambda: len(boto3.client("logs").describe_log_groups()["logGroups"])),
        "sqs": send(event["queue"]),
        "granted": send(event["granted"]),
        "refused": send(event["refused"]),
        "sns": call(lambda: len(boto3.client("sns").publish(TopicArn=event["topic"], Message="from py")["MessageId"])),
        "events": call(lambda: boto3.client("events").put_events(Entries=[{"Source": "caller", "DetailType": "call", "Detail": "{}"}])["FailedEntryCount"]),
        "scheduler": call(lambda: boto3.client("scheduler").create_schedule(Name=event["schedule"], ScheduleExpression="rate(1 hour)",
            FlexibleTimeWindow={"Mode": "OFF"}, Target=target)["ScheduleArn"]),
    }
`

// outcome is one call a caller function made: its value or its error.
type outcome struct {
	Value   any    `json:"value"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// buildGoCaller builds e2e/functions/gocaller as a bootstrap.
func buildGoCaller(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bootstrap")
	build := exec.Command("go", "build", "-o", bin, "./functions/gocaller")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build go function: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func calls(t *testing.T, s *server, fn string, ev map[string]string) map[string]outcome {
	t.Helper()
	ev["schedule"] = fn + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	out := invoke(t, s, fn, ev)
	if out.FunctionError != nil {
		t.Fatalf("%s failed: %s", fn, out.Payload)
	}
	var m map[string]outcome
	if err := json.Unmarshal(out.Payload, &m); err != nil {
		t.Fatalf("%s answered %s", fn, out.Payload)
	}
	return m
}

// callees makes what the caller functions call besides Lambda: a queue the
// role's policies judge, one whose policy grants the role and one whose
// policy denies it, and a topic; ev names them for the functions.
func callees(t *testing.T, s *server, roleARN string) (ev map[string]string) {
	t.Helper()
	queue := func(name, policy string) string {
		in := &sqs.CreateQueueInput{QueueName: aws.String(name)}
		if policy != "" {
			arn := "arn:aws:sqs:us-east-1:" + s.admin.AccountID + ":" + name
			in.Attributes = map[string]string{"Policy": `{"Version":"2012-10-17","Statement":[{"Effect":"` + policy +
				`","Principal":{"AWS":"` + roleARN + `"},"Action":"sqs:SendMessage","Resource":"` + arn + `"}]}`}
		}
		out, err := s.sqs().CreateQueue(ctx(t), in)
		if err != nil {
			t.Fatal(err)
		}
		return "http://127.0.0.1:9000" + must(url.Parse(aws.ToString(out.QueueUrl))).Path
	}
	topic, err := s.sns().CreateTopic(ctx(t), &sns.CreateTopicInput{Name: aws.String("calls")})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"target": "target", "queue": queue("calls", ""), "granted": queue("granted", "Allow"),
		"refused": queue("refused", "Deny"), "topic": aws.ToString(topic.TopicArn),
		"queueArn": "arn:aws:sqs:us-east-1:" + s.admin.AccountID + ":calls", "role": roleARN}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestFunctionCallsAWS runs a boto3 and an aws-sdk-go-v2 function that call
// Lambda, Logs, STS, SQS, SNS, EventBridge and Scheduler with no endpoint or
// credentials in their code: as their execution role, whose policies
// decide, refused until put-role-policy allows them, and a queue's policy,
// which may grant the role or deny it whatever its own policies say.
func TestFunctionCallsAWS(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	roleARN := aws.ToString(createRole(t, s.iam(), "caller").Arn)
	withRole := func(in *lambda.CreateFunctionInput) { in.Role = aws.String(roleARN); in.Timeout = aws.Int32(30) }
	createFn(t, s, "target", "python3.12", "app.handler", map[string]string{"app.py": "def handler(event, context):\n    return {'hello': event['name']}\n"}, nil)
	createFn(t, s, "py-caller", "python3.12", "app.handler", map[string]string{"app.py": pyCaller}, withRole)
	createFn(t, s, "go-caller", "provided.al2023", "bootstrap", map[string]string{"bootstrap": buildGoCaller(t)}, withRole)
	ev := callees(t, s, roleARN)
	acct := s.admin.AccountID
	who := func(session string) string {
		role := "caller"
		if session == "py-standin" {
			role = "lambda-role"
		}
		return "User: arn:aws:sts::" + acct + ":assumed-role/" + role + "/" + session + " is not authorized to perform: "
	}
	denied := func(session, action, resource string) string {
		return who(session) + action + " on resource: " + resource + " because no identity-based policy allows the " + action + " action"
	}
	refused := outcome{Code: "AccessDenied", Message: "sqs:sendmessage on resource: arn:aws:sqs:us-east-1:" + acct + ":refused with an explicit deny in a resource-based policy"}
	for _, fn := range []string{"py-caller", "go-caller"} {
		t.Run(fn+"/Denied", func(t *testing.T) {
			got := calls(t, s, fn, ev)
			if want := "arn:aws:sts::" + acct + ":assumed-role/caller/" + fn; got["sts"].Value != want {
				t.Errorf("GetCallerIdentity = %+v, want %s", got["sts"], want)
			}
			schedule := "arn:aws:scheduler:us-east-1:" + acct + ":schedule/default/" + ev["schedule"]
			wantCalls(t, got, map[string]outcome{
				"list":   {Code: "AccessDeniedException", Message: denied(fn, "lambda:ListFunctions", "*")},
				"invoke": {Code: "AccessDeniedException", Message: denied(fn, "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:"+acct+":function:target")},
				"logs": {Code: "AccessDeniedException", Message: denied(fn, "logs:DescribeLogGroups",
					"arn:aws:logs:us-east-1:"+acct+":log-group:*")},
				"sqs":       {Code: "AccessDenied", Message: denied(fn, "sqs:sendmessage", "arn:aws:sqs:us-east-1:"+acct+":calls")},
				"granted":   {Value: 36.0},
				"refused":   {Code: refused.Code, Message: who(fn) + refused.Message},
				"sns":       {Code: "AuthorizationError", Message: denied(fn, "SNS:Publish", ev["topic"])},
				"events":    {Code: "AccessDeniedException", Message: denied(fn, "events:PutEvents", "arn:aws:events:us-east-1:"+acct+":event-bus/default")},
				"scheduler": {Code: "AccessDeniedException", Message: denied(fn, "scheduler:CreateSchedule", schedule)},
			})
		})
	}
	t.Run("StandInRole", func(t *testing.T) {
		// A role of another account, taken on trust: a stand-in in the
		// function's account with a default role's permissions.
		createFn(t, s, "py-standin", "python3.12", "app.handler", map[string]string{"app.py": pyCaller}, nil)
		got := calls(t, s, "py-standin", ev)
		if want := "arn:aws:sts::" + acct + ":assumed-role/lambda-role/py-standin"; got["sts"].Value != want {
			t.Errorf("GetCallerIdentity = %+v, want %s", got["sts"], want)
		}
		if got["list"].Message != denied("py-standin", "lambda:ListFunctions", "*") {
			t.Errorf("ListFunctions = %+v", got["list"])
		}
	})
	policy := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["lambda:ListFunctions","logs:DescribeLogGroups","events:PutEvents"],"Resource":"*"},` +
		`{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:*:*:function:target"},` +
		`{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:*:*"},` +
		`{"Effect":"Allow","Action":"sns:Publish","Resource":"` + ev["topic"] + `"},` +
		`{"Effect":"Allow","Action":"scheduler:CreateSchedule","Resource":"arn:aws:scheduler:*:*:schedule/default/*"}]}`
	s.cliOK(t, "aws", "iam", "put-role-policy", "--role-name", "caller", "--policy-name", "calls", "--policy-document", policy)
	for _, fn := range []string{"py-caller", "go-caller"} {
		t.Run(fn+"/Allowed", func(t *testing.T) {
			got := calls(t, s, fn, ev)
			for call, o := range got {
				if o.Code != "" && call != "refused" {
					t.Errorf("%s refused: %+v", call, o)
				}
			}
			if n, _ := got["list"].Value.(float64); n != 4 {
				t.Errorf("ListFunctions saw %v functions, want 4", got["list"].Value)
			}
			if v, _ := got["invoke"].Value.(string); !strings.Contains(v, `"hello"`) {
				t.Errorf("Invoke answered %v", got["invoke"].Value)
			}
			if got["events"].Value != 0.0 || !strings.HasSuffix(fmt.Sprint(got["scheduler"].Value), ":schedule/default/"+ev["schedule"]) {
				t.Errorf("PutEvents = %+v, CreateSchedule = %+v", got["events"], got["scheduler"])
			}
			// An explicit deny in the queue's policy wins over the role's allow.
			wantCalls(t, got, map[string]outcome{"refused": {Code: refused.Code, Message: who(fn) + refused.Message}})
		})
	}
}

// wantCalls compares the outcomes of the calls want names.
func wantCalls(t *testing.T, got, want map[string]outcome) {
	t.Helper()
	for call, w := range want {
		if g := got[call]; g.Code != w.Code || g.Message != w.Message || (w.Value != nil && g.Value != w.Value) {
			t.Errorf("%s = %+v,\nwant %+v", call, g, w)
		}
	}
}

// envCreds answers with the credentials and endpoint in its environment.
var envCreds = map[string]string{"app.py": `import os
def handler(event, context):
    return {k: os.environ.get(k) for k in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"]}
`}

// credsOf invokes fn and returns the credentials its environment holds.
func credsOf(t *testing.T, s *server, fn string) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal(invoke(t, s, fn, map[string]any{}).Payload, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// configWith is the server's client configuration with other credentials.
func (s *server) configWith(keyID, secret, token string) aws.Config {
	cfg := s.awsConfig()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(keyID, secret, token)
	return cfg
}

// TestFunctionCredentials checks the credentials an environment holds: its
// role's, valid with their session token only, refused once expired, and
// replaced by a new environment before then.
func TestFunctionCredentials(t *testing.T) {
	const lifetime = 6 * time.Second
	s := startServer(t, "--function-credentials-lifetime", lifetime.String())
	roleARN := aws.ToString(createRole(t, s.iam(), "envrole").Arn)
	createFn(t, s, "creds", "python3.12", "app.handler", envCreds, func(in *lambda.CreateFunctionInput) {
		in.Role = aws.String(roleARN)
		in.Timeout = aws.Int32(3)
	})
	issued := time.Now()
	c := credsOf(t, s, "creds")
	if !strings.HasPrefix(c["AWS_ACCESS_KEY_ID"], "ASIA") || c["AWS_SESSION_TOKEN"] == "" || c["AWS_ENDPOINT_URL"] != "http://127.0.0.1:9000" {
		t.Fatalf("environment holds %v", c)
	}
	good := s.configWith(c["AWS_ACCESS_KEY_ID"], c["AWS_SECRET_ACCESS_KEY"], c["AWS_SESSION_TOKEN"])
	t.Run("Valid", func(t *testing.T) {
		out, err := sts.NewFromConfig(good).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatal(err)
		}
		if want := "arn:aws:sts::" + s.admin.AccountID + ":assumed-role/envrole/creds"; aws.ToString(out.Arn) != want || !strings.HasSuffix(aws.ToString(out.UserId), ":creds") {
			t.Errorf("GetCallerIdentity = %s %s, want %s", aws.ToString(out.Arn), aws.ToString(out.UserId), want)
		}
	})
	t.Run("WrongToken", func(t *testing.T) {
		bad := s.configWith(c["AWS_ACCESS_KEY_ID"], c["AWS_SECRET_ACCESS_KEY"], "not-the-token")
		_, err := lambda.NewFromConfig(bad).ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
		wantAPIError(t, err, "UnrecognizedClientException", 403, "The security token included in the request is invalid.")
	})
	t.Run("Retired", func(t *testing.T) {
		// The function's timeout and a minute's margin exceed the
		// lifetime: no environment is reused.
		if again := credsOf(t, s, "creds"); again["AWS_ACCESS_KEY_ID"] == c["AWS_ACCESS_KEY_ID"] {
			t.Error("an environment whose credentials run out was reused")
		}
	})
	t.Run("Expired", func(t *testing.T) {
		time.Sleep(time.Until(issued.Add(lifetime + time.Second)))
		_, err := lambda.NewFromConfig(good).ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
		wantAPIError(t, err, "ExpiredTokenException", 403, "The security token included in the request is expired")
	})
}

// TestAssumeRole covers STS's temporary credentials for callers: a role
// whose trust policy names the account, refused to one it does not, and a
// root user's session token.
func TestAssumeRole(t *testing.T) {
	s := startServer(t)
	trustAccount := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + s.admin.AccountID + `:root"},"Action":"sts:AssumeRole"}]}`
	if _, err := s.iam().CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("deployer"), AssumeRolePolicyDocument: aws.String(trustAccount)}); err != nil {
		t.Fatal(err)
	}
	createRole(t, s.iam(), "lambda-only")
	client := sts.NewFromConfig(s.awsConfig())
	roleARN := "arn:aws:iam::" + s.admin.AccountID + ":role/deployer"
	out, err := client.AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("ci")})
	if err != nil {
		t.Fatal(err)
	}
	sessionARN := "arn:aws:sts::" + s.admin.AccountID + ":assumed-role/deployer/ci"
	if aws.ToString(out.AssumedRoleUser.Arn) != sessionARN || time.Until(aws.ToTime(out.Credentials.Expiration)) < 59*time.Minute {
		t.Errorf("AssumeRole = %+v %+v", out.AssumedRoleUser, out.Credentials)
	}
	session := s.configWith(aws.ToString(out.Credentials.AccessKeyId), aws.ToString(out.Credentials.SecretAccessKey), aws.ToString(out.Credentials.SessionToken))
	t.Run("DeniedWithoutPolicy", func(t *testing.T) {
		_, err := lambda.NewFromConfig(session).ListFunctions(ctx(t), &lambda.ListFunctionsInput{})
		wantAPIError(t, err, "AccessDeniedException", 403, "User: "+sessionARN+" is not authorized to perform: lambda:ListFunctions on resource: *")
	})
	t.Run("AllowedByManagedPolicy", func(t *testing.T) {
		s.cliOK(t, "aws", "iam", "attach-role-policy", "--role-name", "deployer", "--policy-arn", "arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess")
		if _, err := lambda.NewFromConfig(session).ListFunctions(ctx(t), &lambda.ListFunctionsInput{}); err != nil {
			t.Error(err)
		}
		_, err := lambda.NewFromConfig(session).DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("any")})
		wantAPIError(t, err, "AccessDeniedException", 403, "lambda:DeleteFunction on resource: arn:aws:lambda:us-east-1:"+s.admin.AccountID+":function:any")
	})
	t.Run("NotTrusted", func(t *testing.T) {
		_, err := client.AssumeRole(ctx(t), &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::" + s.admin.AccountID + ":role/lambda-only"), RoleSessionName: aws.String("ci")})
		wantAPIError(t, err, "AccessDenied", 403, "User: arn:aws:iam::"+s.admin.AccountID+":root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::"+s.admin.AccountID+":role/lambda-only")
	})
	t.Run("SessionToken", func(t *testing.T) {
		tok, err := client.GetSessionToken(ctx(t), &sts.GetSessionTokenInput{})
		if err != nil {
			t.Fatal(err)
		}
		root := s.configWith(aws.ToString(tok.Credentials.AccessKeyId), aws.ToString(tok.Credentials.SecretAccessKey), aws.ToString(tok.Credentials.SessionToken))
		who, err := sts.NewFromConfig(root).GetCallerIdentity(ctx(t), &sts.GetCallerIdentityInput{})
		if err != nil || aws.ToString(who.Arn) != "arn:aws:iam::"+s.admin.AccountID+":root" {
			t.Errorf("GetCallerIdentity = %v %v", who, err)
		}
		if _, err := lambda.NewFromConfig(root).ListFunctions(ctx(t), &lambda.ListFunctionsInput{}); err != nil {
			t.Errorf("the administrator's session token: %v", err)
		}
		_, err = sts.NewFromConfig(session).GetSessionToken(ctx(t), &sts.GetSessionTokenInput{})
		wantAPIError(t, err, "AccessDenied", 403, "Cannot call GetSessionToken with session credentials")
	})
}
