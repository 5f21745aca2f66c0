package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// terraformMirror is where the machine image keeps the AWS provider; the
// VIRGA_TERRAFORM_MIRROR environment variable names another mirror root.
const terraformMirror = "/opt/tf-plugins"

// TestTerraform applies testdata/terraform with the unchanged AWS provider,
// applies a second release (new code, a canary alias), expects the next plan
// to be empty, destroys everything and expects nothing left behind.
func TestTerraform(t *testing.T) {
	t.Parallel()
	tf := findTerraform(t)
	s := startServer(t)
	tf.prepare(t, s)
	tf.run(t, "apply", "-auto-approve")
	tf.env = append(tf.env, "TF_VAR_code_zip="+tf.zip(t, "code2.zip", greeterZip("2")), "TF_VAR_canary_version=1")
	tf.run(t, "apply", "-auto-approve")
	var result map[string]string
	out := tf.run(t, "output", "-raw", "invocation")
	if err := json.Unmarshal([]byte(out), &result); err != nil || result["greeting"] != "hello terraform" || result["release"] != "2" {
		t.Errorf("aws_lambda_invocation result = %s", out)
	}
	tf.served(t, s, tf.run(t, "output", "-raw", "function_url"))
	tf.served(t, s, tf.run(t, "output", "-raw", "api_endpoint")+"/hello")
	tf.executed(t, s, tf.run(t, "output", "-raw", "state_machine"))
	tf.run(t, "plan", "-detailed-exitcode")
	tf.run(t, "destroy", "-auto-approve")
	if left := leftovers(t, s); len(left) > 0 {
		t.Errorf("destroy left %s", strings.Join(left, ", "))
	}
}

// terraform is one working directory of the terraform CLI.
type terraform struct {
	bin, mirror, dir string
	env              []string
}

// findTerraform skips the test, saying why, where terraform or the provider
// mirror is missing.
func findTerraform(t *testing.T) *terraform {
	bin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not on PATH; install Terraform >= 1.5 to run this test")
	}
	mirror := os.Getenv("VIRGA_TERRAFORM_MIRROR")
	if mirror == "" {
		mirror = terraformMirror
	}
	if _, err := os.Stat(filepath.Join(mirror, "registry.terraform.io", "hashicorp", "aws")); err != nil {
		t.Skipf("no AWS provider mirror at %s; set VIRGA_TERRAFORM_MIRROR to a filesystem mirror root holding hashicorp/aws", mirror)
	}
	return &terraform{bin: bin, mirror: mirror, dir: t.TempDir()}
}

// prepare copies the configuration, writes the code zips and runs init.
func (tf *terraform) prepare(t *testing.T, s *server) {
	config, err := os.ReadFile("testdata/terraform/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tf.dir, "main.tf"), config, 0o644); err != nil {
		t.Fatal(err)
	}
	tf.env = append(os.Environ(),
		"AWS_ACCESS_KEY_ID="+s.admin.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+s.admin.SecretAccessKey,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"TF_CLI_CONFIG_FILE=/dev/null", "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_INPUT=0",
		"TF_VAR_endpoint="+s.endpoint,
		"TF_VAR_code_zip="+tf.zip(t, "code.zip", greeterZip("1")),
		"TF_VAR_layer_zip="+tf.zip(t, "layer.zip", map[string]string{
			"python/helper.py": "def greet(name):\n    return 'hello ' + name\n",
		}))
	tf.run(t, "init", "-plugin-dir="+tf.mirror)
}

// greeterZip is the function's code: it greets through the layer's helper.
func greeterZip(release string) map[string]string {
	return map[string]string{"app.py": "import os\nfrom helper import greet\n\n" +
		"def handler(event, context):\n" +
		"    return {'greeting': greet(event.get('name', 'world')), 'mode': os.environ.get('MODE'), 'release': '" + release + "'}\n"}
}

func (tf *terraform) zip(t *testing.T, name string, files map[string]string) string {
	path := filepath.Join(tf.dir, name)
	if err := os.WriteFile(path, zipOf(t, files), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// run runs one terraform command; on failure the test shows its output,
// which names the failing call or the drifting attribute. Under load (the
// race detector, a busy machine) one command takes minutes: the provider
// starts three times per command and waits ~25 s around each queue change.
func (tf *terraform) run(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tf.bin, append(args, "-no-color")...)
	cmd.Dir, cmd.Env = tf.dir, tf.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	t.Logf("terraform %s: %s", args[0], time.Since(start).Round(time.Second))
	var exit *exec.ExitError
	if errors.As(err, &exit) && args[0] == "plan" && exit.ExitCode() == 2 {
		t.Fatalf("the plan after apply is not empty:\n%s", out.String())
	}
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// served checks that url (a function URL or an API route Terraform made)
// runs the second release's code.
func (tf *terraform) served(t *testing.T, s *server, url string) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := get(t, s.hostClient(), req)
	if got.status != http.StatusOK || !strings.Contains(string(got.body), `"release"`) {
		t.Errorf("GET %s: %d %s", url, got.status, got.body)
	}
}

// executed runs the state machine Terraform made and expects its task to
// have called the second release of the function.
func (tf *terraform) executed(t *testing.T, s *server, machine string) {
	c := s.sfn()
	out := waitExecution(t, c, startExecution(t, c, machine, "after-apply", "{}"), 30*time.Second)
	var result map[string]any
	_ = json.Unmarshal([]byte(aws.ToString(out.Output)), &result)
	if out.Status != sfntypes.ExecutionStatusSucceeded || result["greeting"] != "hello states" || result["release"] != "2" {
		t.Errorf("execution of %s: %s %s", machine, out.Status, aws.ToString(out.Output))
	}
}

// leftovers names every kind of resource the configuration made that still
// exists.
func leftovers(t *testing.T, s *server) []string {
	c, cfg := ctx(t), s.awsConfig()
	counts := map[string]func() (int, error){
		"functions": func() (int, error) {
			out, err := lambda.NewFromConfig(cfg).ListFunctions(c, &lambda.ListFunctionsInput{})
			return lenOr(out, err, func() int { return len(out.Functions) })
		},
		"layers": func() (int, error) {
			out, err := lambda.NewFromConfig(cfg).ListLayers(c, &lambda.ListLayersInput{})
			return lenOr(out, err, func() int { return len(out.Layers) })
		},
		"event source mappings": func() (int, error) {
			out, err := lambda.NewFromConfig(cfg).ListEventSourceMappings(c, &lambda.ListEventSourceMappingsInput{})
			return lenOr(out, err, func() int { return len(out.EventSourceMappings) })
		},
		"roles": func() (int, error) {
			out, err := iam.NewFromConfig(cfg).ListRoles(c, &iam.ListRolesInput{})
			return lenOr(out, err, func() int { return len(out.Roles) })
		},
		"log groups": func() (int, error) {
			out, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(c, &cloudwatchlogs.DescribeLogGroupsInput{})
			return lenOr(out, err, func() int { return len(out.LogGroups) })
		},
		"queues": func() (int, error) {
			out, err := sqs.NewFromConfig(cfg).ListQueues(c, &sqs.ListQueuesInput{})
			return lenOr(out, err, func() int { return len(out.QueueUrls) })
		},
		"topics": func() (int, error) {
			out, err := sns.NewFromConfig(cfg).ListTopics(c, &sns.ListTopicsInput{})
			return lenOr(out, err, func() int { return len(out.Topics) })
		},
		"subscriptions": func() (int, error) {
			out, err := sns.NewFromConfig(cfg).ListSubscriptions(c, &sns.ListSubscriptionsInput{})
			return lenOr(out, err, func() int { return len(out.Subscriptions) })
		},
		"rules": func() (int, error) {
			out, err := eventbridge.NewFromConfig(cfg).ListRules(c, &eventbridge.ListRulesInput{})
			return lenOr(out, err, func() int { return len(out.Rules) })
		},
		"schedules": func() (int, error) {
			out, err := scheduler.NewFromConfig(cfg).ListSchedules(c, &scheduler.ListSchedulesInput{})
			return lenOr(out, err, func() int { return len(out.Schedules) })
		},
		"buckets": func() (int, error) {
			out, err := s.s3().ListBuckets(c, &s3.ListBucketsInput{})
			return lenOr(out, err, func() int { return len(out.Buckets) })
		},
		"state machines": func() (int, error) {
			out, err := s.sfn().ListStateMachines(c, &sfn.ListStateMachinesInput{})
			return lenOr(out, err, func() int { return len(out.StateMachines) })
		},
		"http apis": func() (int, error) {
			out, err := apigatewayv2.NewFromConfig(cfg).GetApis(c, &apigatewayv2.GetApisInput{})
			return lenOr(out, err, func() int { return len(out.Items) })
		},
	}
	var left []string
	for kind, count := range counts {
		n, err := count()
		if err != nil {
			t.Errorf("list %s: %v", kind, err)
		} else if n > 0 {
			left = append(left, kind)
		}
	}
	return left
}

// lenOr is n() when the listing succeeded.
func lenOr[T any](out *T, err error, n func() int) (int, error) {
	if err != nil {
		return 0, err
	}
	return n(), nil
}
