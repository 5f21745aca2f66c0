package e2e

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// awsCLIs are the aws CLI builds the test drives: v1 from pip and v2 from
// Debian. A missing one is skipped with a message.
var awsCLIs = []awsCLI{
	{"v1", "aws"},
	{"v2", "/usr/bin/aws"},
}

// awsCLI is one of the aws CLIs the tests drive.
type awsCLI struct{ name, path string }

// eachCLI runs fn as a subtest for each installed aws CLI, with the CLI's
// binary, skipping one that is not installed; parallel subtests must use
// resources of their own.
func eachCLI(t *testing.T, parallel bool, fn func(t *testing.T, c awsCLI, bin string)) {
	for _, c := range awsCLIs {
		t.Run(c.name, func(t *testing.T) {
			if parallel {
				t.Parallel()
			}
			bin, err := exec.LookPath(c.path)
			if err != nil {
				t.Skipf("aws CLI %s not installed (%s)", c.name, c.path)
			}
			fn(t, c, bin)
		})
	}
}

// cli runs one aws CLI command against s and returns its stdout.
func (s *server) cli(t *testing.T, bin string, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command(bin, append(args, "--endpoint-url", s.endpoint, "--output", "json")...)
	cmd.Env = s.cliEnv()
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Logf("aws %s: %s", strings.Join(args, " "), ee.Stderr)
	}
	return out, err
}

// cliEnv is the environment of an aws CLI run with the administrator's key.
func (s *server) cliEnv() []string {
	return append(os.Environ(),
		"AWS_ACCESS_KEY_ID="+s.admin.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+s.admin.SecretAccessKey,
		"AWS_DEFAULT_REGION=us-east-1", "AWS_REGION=us-east-1", "AWS_PAGER=", "AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_MAX_ATTEMPTS=1")
}

func (s *server) cliOK(t *testing.T, bin string, args ...string) map[string]any {
	t.Helper()
	out, err := s.cli(t, bin, args...)
	if err != nil {
		t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
	}
	m := map[string]any{}
	if len(strings.TrimSpace(string(out))) > 0 {
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("aws %s printed %q", strings.Join(args, " "), out)
		}
	}
	return m
}

func TestAWSCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	zipPath := filepath.Join(t.TempDir(), "fn.zip")
	if err := os.WriteFile(zipPath, zipOf(t, helloZip), 0o644); err != nil {
		t.Fatal(err)
	}
	eachCLI(t, true, func(t *testing.T, c awsCLI, bin string) {
		walkThrough(t, s, bin, "cli-"+c.name, zipPath)
	})
}

func walkThrough(t *testing.T, s *server, aws, fn, zipPath string) {
	created := s.cliOK(t, aws, "lambda", "create-function", "--function-name", fn, "--runtime", "python3.12",
		"--role", role, "--handler", "app.handler", "--zip-file", "fileb://"+zipPath, "--tags", "team=core")
	if created["State"] != "Pending" {
		t.Errorf("create state = %v", created["State"])
	}
	s.cliOK(t, aws, "lambda", "wait", "function-active-v2", "--function-name", fn)
	for i := 0; i < 2; i++ {
		s.cliOK(t, aws, "lambda", "create-function", "--function-name", fn+"-extra"+string(rune('a'+i)), "--runtime", "python3.12",
			"--role", role, "--handler", "app.handler", "--zip-file", "fileb://"+zipPath)
	}
	listed := s.cliOK(t, aws, "lambda", "list-functions", "--page-size", "1")
	if fns, _ := listed["Functions"].([]any); len(fns) < 3 {
		t.Errorf("list-functions returned %d functions", len(fns))
	}
	page := s.cliOK(t, aws, "lambda", "list-functions", "--max-items", "1")
	if page["NextToken"] == nil {
		t.Error("list-functions --max-items 1 gave no NextToken")
	}
	got := s.cliOK(t, aws, "lambda", "get-function", "--function-name", fn)
	if cfg, _ := got["Configuration"].(map[string]any); cfg["State"] != "Active" {
		t.Errorf("get-function state = %v", cfg["State"])
	}
	s.cliOK(t, aws, "lambda", "update-function-configuration", "--function-name", fn, "--memory-size", "512",
		"--environment", "Variables={MODE=test}")
	s.cliOK(t, aws, "lambda", "wait", "function-updated-v2", "--function-name", fn)
	s.cliOK(t, aws, "lambda", "update-function-code", "--function-name", fn, "--zip-file", "fileb://"+zipPath)
	s.cliOK(t, aws, "lambda", "wait", "function-updated-v2", "--function-name", fn)
	cfg := s.cliOK(t, aws, "lambda", "get-function-configuration", "--function-name", fn)
	if cfg["MemorySize"] != float64(512) || cfg["LastUpdateStatus"] != "Successful" {
		t.Errorf("configuration = %v", cfg)
	}
	cliInvoke(t, s, aws, fn)
	cliCanary(t, s, aws, fn)
	fnARN, _ := cfg["FunctionArn"].(string)
	s.cliOK(t, aws, "lambda", "tag-resource", "--resource", fnARN, "--tags", "stage=dev")
	s.cliOK(t, aws, "lambda", "untag-resource", "--resource", fnARN, "--tag-keys", "team")
	tags := s.cliOK(t, aws, "lambda", "list-tags", "--resource", fnARN)
	if tm, _ := tags["Tags"].(map[string]any); len(tm) != 1 || tm["stage"] != "dev" {
		t.Errorf("tags = %v", tags)
	}
	s.cliOK(t, aws, "lambda", "get-account-settings")
	s.cliOK(t, aws, "sts", "get-caller-identity")
	s.cliOK(t, aws, "lambda", "delete-function", "--function-name", fn)
	if _, err := s.cli(t, aws, "lambda", "get-function", "--function-name", fn); err == nil {
		t.Error("get-function after delete succeeded")
	}
}

// cliInvoke runs `aws lambda invoke --log-type Tail` and checks the result
// file, the status and the log tail.
func cliInvoke(t *testing.T, s *server, aws, fn string) {
	t.Helper()
	dir := t.TempDir()
	event, result := filepath.Join(dir, "event.json"), filepath.Join(dir, "out.json")
	os.WriteFile(event, []byte(`{"hello":"cli"}`), 0o644)
	out := s.cliOK(t, aws, "lambda", "invoke", "--function-name", fn, "--payload", "fileb://"+event, "--log-type", "Tail", result)
	if out["StatusCode"] != 200.0 || out["ExecutedVersion"] != "$LATEST" || out["FunctionError"] != nil {
		t.Errorf("invoke printed %v", out)
	}
	if got, _ := os.ReadFile(result); string(got) != `{"hello": "cli"}` {
		t.Errorf("result file %q", got)
	}
	tail, _ := base64.StdEncoding.DecodeString(fmt.Sprint(out["LogResult"]))
	if !strings.Contains(string(tail), "REPORT RequestId: ") {
		t.Errorf("log tail %q", tail)
	}
}

// cliCanary rolls out a new version through an alias as the README shows:
// publish, shift 10 %, then all traffic, then roll back.
func cliCanary(t *testing.T, s *server, aws, fn string) {
	t.Helper()
	if v := s.cliOK(t, aws, "lambda", "publish-version", "--function-name", fn); v["Version"] != "1" {
		t.Fatalf("publish-version printed %v", v)
	}
	s.cliOK(t, aws, "lambda", "create-alias", "--function-name", fn, "--name", "live", "--function-version", "1")
	s.cliOK(t, aws, "lambda", "update-function-configuration", "--function-name", fn, "--description", "v2")
	s.cliOK(t, aws, "lambda", "wait", "function-updated-v2", "--function-name", fn)
	if v := s.cliOK(t, aws, "lambda", "publish-version", "--function-name", fn); v["Version"] != "2" {
		t.Fatalf("second publish-version printed %v", v)
	}
	shifted := s.cliOK(t, aws, "lambda", "update-alias", "--function-name", fn, "--name", "live",
		"--routing-config", `{"AdditionalVersionWeights":{"2":0.1}}`)
	if w, _ := shifted["RoutingConfig"].(map[string]any); fmt.Sprint(w["AdditionalVersionWeights"]) != "map[2:0.1]" {
		t.Errorf("update-alias printed %v", shifted)
	}
	all := s.cliOK(t, aws, "lambda", "update-alias", "--function-name", fn, "--name", "live",
		"--function-version", "2", "--routing-config", `{"AdditionalVersionWeights":{}}`)
	if all["FunctionVersion"] != "2" || all["RoutingConfig"] != nil {
		t.Errorf("update-alias to version 2 printed %v", all)
	}
	out := s.cliOK(t, aws, "lambda", "invoke", "--function-name", fn, "--qualifier", "live", filepath.Join(t.TempDir(), "out.json"))
	if out["ExecutedVersion"] != "2" {
		t.Errorf("invoke through live ran %v", out["ExecutedVersion"])
	}
	back := s.cliOK(t, aws, "lambda", "update-alias", "--function-name", fn, "--name", "live", "--function-version", "1")
	if back["FunctionVersion"] != "1" {
		t.Errorf("rollback printed %v", back)
	}
	versions := s.cliOK(t, aws, "lambda", "list-versions-by-function", "--function-name", fn)
	if vs, _ := versions["Versions"].([]any); len(vs) != 3 {
		t.Errorf("list-versions-by-function printed %v", versions)
	}
}
