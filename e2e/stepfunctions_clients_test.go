package e2e

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

const greetMachine = `{"Comment":"two steps","StartAt":"Greet","States":{
  "Greet":{"Type":"Pass","Parameters":{"greeting.$":"States.Format('Hello, {}!', $.name)"},"Next":"Shout"},
  "Shout":{"Type":"Pass","Parameters":{"loud.$":"$.greeting","parts.$":"States.StringSplit($.greeting, ' ')"},"End":true}}}`

// TestStepFunctionsCLIs walks both aws CLIs through a state machine, an
// execution and its history; StartSyncExecution with the CLI v1, told to
// leave out the sync- host prefix as `virga env` says.
func TestStepFunctionsCLIs(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	def := filepath.Join(t.TempDir(), "def.json")
	if err := os.WriteFile(def, []byte(greetMachine), 0o644); err != nil {
		t.Fatal(err)
	}
	eachCLI(t, false, func(t *testing.T, c awsCLI, bin string) {
		sfnWalkThrough(t, s, bin, "cli-"+c.name, def)
	})
}

func sfnWalkThrough(t *testing.T, s *server, bin, name, def string) {
	machine := s.cliOK(t, bin, "stepfunctions", "create-state-machine", "--name", name, "--definition", "file://"+def,
		"--role-arn", sfnRole)["stateMachineArn"].(string)
	exec := s.cliOK(t, bin, "stepfunctions", "start-execution", "--state-machine-arn", machine, "--name", "first",
		"--input", `{"name":"Virga"}`)["executionArn"].(string)
	var out map[string]any
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if out = s.cliOK(t, bin, "stepfunctions", "describe-execution", "--execution-arn", exec); out["status"] != "RUNNING" {
			break
		}
	}
	if out["status"] != "SUCCEEDED" || !sameJSON(out["output"].(string), `{"loud":"Hello, Virga!","parts":["Hello,","Virga!"]}`) {
		t.Fatalf("describe-execution: %v", out)
	}
	hist := s.cliOK(t, bin, "stepfunctions", "get-execution-history", "--execution-arn", exec, "--reverse-order")
	events := hist["events"].([]any)
	if len(events) != 6 || events[0].(map[string]any)["type"] != "ExecutionSucceeded" {
		t.Errorf("history: %v", hist)
	}
	list := s.cliOK(t, bin, "stepfunctions", "list-executions", "--state-machine-arn", machine, "--status-filter", "SUCCEEDED")
	if n := len(list["executions"].([]any)); n != 1 {
		t.Errorf("list-executions: %v", list)
	}
	if _, err := s.cli(t, bin, "stepfunctions", "describe-execution", "--execution-arn", exec+"-missing"); err == nil {
		t.Error("a missing execution was described")
	}
	if strings.HasSuffix(name, "v2") {
		t.Log("Debian's aws CLI 2.9 ignores AWS_DISABLE_HOST_PREFIX_INJECTION: start-sync-execution needs a hosts-file line")
		return
	}
	express := s.cliOK(t, bin, "stepfunctions", "create-state-machine", "--name", name+"-express", "--definition", "file://"+def,
		"--role-arn", sfnRole, "--type", "EXPRESS")["stateMachineArn"].(string)
	cmd := []string{"stepfunctions", "start-sync-execution", "--state-machine-arn", express, "--input", `{"name":"sync"}`}
	res := s.cliOKEnv(t, bin, []string{"AWS_DISABLE_HOST_PREFIX_INJECTION=true"}, cmd...)
	if res["status"] != "SUCCEEDED" || !strings.Contains(res["output"].(string), "Hello, sync!") {
		t.Errorf("start-sync-execution: %v", res)
	}
}

// cliOKEnv is cliOK with extra environment variables.
func (s *server) cliOKEnv(t *testing.T, bin string, env []string, args ...string) map[string]any {
	t.Helper()
	cmd := exec.Command(bin, append(args, "--endpoint-url", s.endpoint, "--output", "json")...)
	cmd.Env = append(s.cliEnv(), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("aws %s: %v %s", strings.Join(args, " "), err, errText(err))
	}
	m := map[string]any{}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("aws %s printed %q", strings.Join(args, " "), out)
	}
	return m
}

func errText(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

const syncScript = `
import os, json, boto3
from botocore.config import Config
c = boto3.client("stepfunctions", endpoint_url=os.environ["VIRGA_ENDPOINT"], config=Config(inject_host_prefix=False))
arn = c.create_state_machine(name="boto-express", definition=os.environ["DEFINITION"], roleArn=os.environ["ROLE"], type="EXPRESS")["stateMachineArn"]
out = c.start_sync_execution(stateMachineArn=arn, input=json.dumps({"name": "boto3"}))
assert out["status"] == "SUCCEEDED", out
assert json.loads(out["output"])["loud"] == "Hello, boto3!", out
assert out["billingDetails"]["billedDurationInMilliseconds"] >= 100, out
try:
    c.start_sync_execution(stateMachineArn=arn.replace("boto-express", "nothing"))
    raise SystemExit("no error for a missing machine")
except c.exceptions.StateMachineDoesNotExist:
    pass
print("PASS")
`

// TestStepFunctionsSync runs StartSyncExecution from boto3 (told not to
// add the sync- host prefix) and from the Go SDK (whose HTTP client dials
// the endpoint whatever host prefix the SDK put before it).
func TestStepFunctionsSync(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	script := filepath.Join(t.TempDir(), "sync.py")
	if err := os.WriteFile(script, []byte(syncScript), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", script)
	cmd.Env = append(s.cliEnv(), "VIRGA_ENDPOINT="+s.endpoint, "DEFINITION="+greetMachine, "ROLE="+sfnRole)
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("boto3: %v\n%s", err, out)
	}

	c := sfn.NewFromConfig(s.awsConfig(), func(o *sfn.Options) { o.HTTPClient = syncDialer() })
	machine := createMachine(t, c, "go-express", "EXPRESS", greetMachine)
	out, err := c.StartSyncExecution(ctx(t), &sfn.StartSyncExecutionInput{StateMachineArn: aws.String(machine), Input: aws.String(`{"name":"Go"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != types.SyncExecutionStatusSucceeded || !strings.Contains(aws.ToString(out.Output), "Hello, Go!") {
		t.Fatalf("%s %s", out.Status, aws.ToString(out.Output))
	}
	standard := createMachine(t, c, "go-standard", "STANDARD", greetMachine)
	_, err = c.StartSyncExecution(ctx(t), &sfn.StartSyncExecutionInput{StateMachineArn: aws.String(standard)})
	apiError(t, err, "StateMachineTypeNotSupported")
}

// syncDialer is the HTTP client README gives Go SDK users: it dials the
// host without the "sync-" prefix the SDK adds for StartSyncExecution.
func syncDialer() *http.Client {
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return d.DialContext(ctx, network, strings.TrimPrefix(addr, "sync-"))
	}}}
}
