package e2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/google/go-cmp/cmp"
)

// TestIAMFunctionRole checks that a function's role in the server's own
// account must exist in IAM, while one of another account is taken on trust.
func TestIAMFunctionRole(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	own := "arn:aws:iam::" + s.admin.AccountID + ":role/fn-role"
	create := func(name, roleARN string) error {
		_, err := c.CreateFunction(ctx(t), &lambda.CreateFunctionInput{
			FunctionName: aws.String(name), Role: aws.String(roleARN), Runtime: types.RuntimePython312,
			Handler: aws.String("app.handler"), Code: &types.FunctionCode{ZipFile: zipOf(t, helloZip)},
		})
		return err
	}
	t.Run("MissingRole", func(t *testing.T) {
		err := create("missing-role", own)
		wantAPIError(t, err, "InvalidParameterValueException", 400, "The role defined for the function cannot be assumed by Lambda.")
	})
	t.Run("OtherAccount", func(t *testing.T) {
		if err := create("other-account", role); err != nil {
			t.Fatal(err)
		}
	})
	createRole(t, s.iam(), "fn-role")
	t.Run("ExistingRole", func(t *testing.T) {
		if err := create("own-role", own); err != nil {
			t.Fatal(err)
		}
		waitActive(t, c, "own-role")
	})
	t.Run("UpdateToMissingRole", func(t *testing.T) {
		_, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String("own-role"), Role: aws.String("arn:aws:iam::" + s.admin.AccountID + ":role/gone"),
		})
		wantAPIError(t, err, "InvalidParameterValueException", 400, "cannot be assumed by Lambda")
	})
	t.Run("WrongPath", func(t *testing.T) {
		err := create("wrong-path", "arn:aws:iam::"+s.admin.AccountID+":role/other/fn-role")
		wantAPIError(t, err, "InvalidParameterValueException", 400, "cannot be assumed by Lambda")
	})
}

// TestIAMProviderRefresh covers the Lambda reads an infrastructure-as-code
// tool makes on every refresh besides GetFunction.
func TestIAMProviderRefresh(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	out := createPython(t, c, "refreshed", zipOf(t, helloZip))
	name := aws.String("refreshed")
	t.Run("CodeSigningConfig", func(t *testing.T) {
		got, err := c.GetFunctionCodeSigningConfig(ctx(t), &lambda.GetFunctionCodeSigningConfigInput{FunctionName: name})
		if err != nil || aws.ToString(got.FunctionName) != "refreshed" || got.CodeSigningConfigArn != nil {
			t.Errorf("GetFunctionCodeSigningConfig %+v %v", got, err)
		}
	})
	t.Run("RuntimeManagementConfig", func(t *testing.T) {
		got, err := c.GetRuntimeManagementConfig(ctx(t), &lambda.GetRuntimeManagementConfigInput{FunctionName: name})
		if err != nil || got.UpdateRuntimeOn != types.UpdateRuntimeOnAuto || aws.ToString(got.FunctionArn) != aws.ToString(out.FunctionArn) || got.RuntimeVersionArn != nil {
			t.Errorf("GetRuntimeManagementConfig %+v %v", got, err)
		}
	})
	t.Run("RecursionConfig", func(t *testing.T) {
		got, err := c.GetFunctionRecursionConfig(ctx(t), &lambda.GetFunctionRecursionConfigInput{FunctionName: name})
		if err != nil || got.RecursiveLoop != types.RecursiveLoopTerminate {
			t.Errorf("GetFunctionRecursionConfig %+v %v", got, err)
		}
	})
	t.Run("Missing", func(t *testing.T) {
		_, err := c.GetFunctionRecursionConfig(ctx(t), &lambda.GetFunctionRecursionConfigInput{FunctionName: aws.String("missing")})
		wantAPIError(t, err, "ResourceNotFoundException", 404, "Function not found")
		_, err = c.GetFunctionCodeSigningConfig(ctx(t), &lambda.GetFunctionCodeSigningConfigInput{FunctionName: aws.String("missing")})
		wantAPIError(t, err, "ResourceNotFoundException", 404, "Function not found")
		_, err = c.GetRuntimeManagementConfig(ctx(t), &lambda.GetRuntimeManagementConfigInput{FunctionName: aws.String("missing")})
		wantAPIError(t, err, "ResourceNotFoundException", 404, "Function not found")
	})
}

// TestIAMCLI creates and reads a role with the aws CLI, whose botocore
// decodes the URL-encoded trust policy back into JSON.
func TestIAMCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	for i, c := range awsCLIs {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // the two CLIs use resources of their own
			bin, err := exec.LookPath(c.path)
			if err != nil {
				t.Skipf("aws CLI %s not installed (%s)", c.name, c.path)
			}
			cliRole(t, s, bin, fmt.Sprintf("cli-role-%d", i))
		})
	}
}

func cliRole(t *testing.T, s *server, bin, name string) {
	created := s.cliOK(t, bin, "iam", "create-role", "--role-name", name, "--assume-role-policy-document", trustPolicy,
		"--description", "from the CLI")
	r, _ := created["Role"].(map[string]any)
	if r["RoleName"] != name || r["Arn"] != "arn:aws:iam::"+s.admin.AccountID+":role/"+name {
		t.Errorf("create-role printed %v", created)
	}
	got := s.cliOK(t, bin, "iam", "get-role", "--role-name", name)
	r, _ = got["Role"].(map[string]any)
	var want any
	if err := json.Unmarshal([]byte(trustPolicy), &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, r["AssumeRolePolicyDocument"]); diff != "" {
		t.Errorf("AssumeRolePolicyDocument (-want +got):\n%s", diff)
	}
	if r["Description"] != "from the CLI" || r["MaxSessionDuration"] != float64(3600) {
		t.Errorf("get-role printed %v", got)
	}
	cmd := exec.Command(bin, "iam", "get-role", "--role-name", "nope", "--endpoint-url", s.endpoint)
	cmd.Env = s.cliEnv()
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "An error occurred (NoSuchEntity) when calling the GetRole operation") ||
		!strings.Contains(string(out), "The role with name nope cannot be found.") {
		t.Errorf("get-role of a missing role: %v %q", err, out)
	}
}
