package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// pyCaller calls Lambda, Logs and STS with boto3 and nothing but what its
// environment holds, and reports each call's outcome as gocaller does.
const pyCaller = `import boto3
from botocore.exceptions import ClientError

def call(fn):
    try:
        return {"value": fn()}
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"]}

def handler(event, context):
    lam = boto3.client("lambda")
    return {
        "sts": call(lambda: boto3.client("sts").get_caller_identity()["Arn"]),
        "list": call(lambda: len(lam.list_functions()["Functions"])),
        "invoke": call(lambda: lam.invoke(FunctionName=event["target"], Payload=b'{"name":"py"}')["Payload"].read().decode()),
        "logs": call(lambda: len(boto3.client("logs").describe_log_groups()["logGroups"])),
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

func calls(t *testing.T, s *server, fn, target string) map[string]outcome {
	t.Helper()
	out := invoke(t, s, fn, map[string]string{"target": target})
	if out.FunctionError != nil {
		t.Fatalf("%s failed: %s", fn, out.Payload)
	}
	var m map[string]outcome
	if err := json.Unmarshal(out.Payload, &m); err != nil {
		t.Fatalf("%s answered %s", fn, out.Payload)
	}
	return m
}

// TestFunctionCallsAWS runs a boto3 and an aws-sdk-go-v2 function that call
// Lambda, Logs and STS with no endpoint or credentials in their code: as
// their execution role, whose policies decide, refused until put-role-policy
// allows them.
func TestFunctionCallsAWS(t *testing.T) {
	s := startServer(t)
	roleARN := aws.ToString(createRole(t, s.iam(), "caller").Arn)
	withRole := func(in *lambda.CreateFunctionInput) { in.Role = aws.String(roleARN); in.Timeout = aws.Int32(30) }
	createFn(t, s, "target", "python3.12", "app.handler", map[string]string{"app.py": "def handler(event, context):\n    return {'hello': event['name']}\n"}, nil)
	createFn(t, s, "py-caller", "python3.12", "app.handler", map[string]string{"app.py": pyCaller}, withRole)
	createFn(t, s, "go-caller", "provided.al2023", "bootstrap", map[string]string{"bootstrap": buildGoCaller(t)}, withRole)
	target := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:target"
	denied := func(session, action, resource string) string {
		return "User: arn:aws:sts::" + s.admin.AccountID + ":assumed-role/caller/" + session + " is not authorized to perform: " +
			action + " on resource: " + resource + " because no identity-based policy allows the " + action + " action"
	}
	for _, fn := range []string{"py-caller", "go-caller"} {
		t.Run(fn+"/Denied", func(t *testing.T) {
			got := calls(t, s, fn, "target")
			if want := "arn:aws:sts::" + s.admin.AccountID + ":assumed-role/caller/" + fn; got["sts"].Value != want {
				t.Errorf("GetCallerIdentity = %+v, want %s", got["sts"], want)
			}
			for call, want := range map[string]outcome{
				"list":   {Code: "AccessDeniedException", Message: denied(fn, "lambda:ListFunctions", "*")},
				"invoke": {Code: "AccessDeniedException", Message: denied(fn, "lambda:InvokeFunction", target)},
				"logs": {Code: "AccessDeniedException", Message: denied(fn, "logs:DescribeLogGroups",
					"arn:aws:logs:us-east-1:"+s.admin.AccountID+":log-group:*")},
			} {
				if g := got[call]; g.Code != want.Code || g.Message != want.Message {
					t.Errorf("%s = %+v,\nwant %+v", call, g, want)
				}
			}
		})
	}
	policy := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["lambda:ListFunctions","logs:DescribeLogGroups"],"Resource":"*"},` +
		`{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:*:*:function:target"}]}`
	s.cliOK(t, "aws", "iam", "put-role-policy", "--role-name", "caller", "--policy-name", "calls", "--policy-document", policy)
	for _, fn := range []string{"py-caller", "go-caller"} {
		t.Run(fn+"/Allowed", func(t *testing.T) {
			got := calls(t, s, fn, "target")
			for call, o := range got {
				if o.Code != "" {
					t.Errorf("%s refused: %+v", call, o)
				}
			}
			if n, _ := got["list"].Value.(float64); n != 3 {
				t.Errorf("ListFunctions saw %v functions, want 3", got["list"].Value)
			}
			if v, _ := got["invoke"].Value.(string); !strings.Contains(v, `"hello"`) {
				t.Errorf("Invoke answered %v", got["invoke"].Value)
			}
		})
	}
}
