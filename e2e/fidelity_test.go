package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
)

// TestLambdaModelWalk sends every operation of the Lambda model boto3
// ships, each a valid request, and checks that none goes unrouted or fails
// inside Virga.
func TestLambdaModelWalk(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	cmd := exec.Command("python3", "testdata/lambda_model_walk.py")
	cmd.Env = append(s.cliEnv(), "VIRGA_ENDPOINT="+s.endpoint, "VIRGA_ACCOUNT="+s.admin.AccountID)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("boto3: %v\n%s", err, out)
	}
}

// fidelityCase is one call and AWS's answer to it: an error code and
// message, or, with code "", success.
type fidelityCase struct {
	name    string
	call    func(ctx context.Context, c *lambda.Client) error
	code    string
	message string
}

// TestLambdaFidelity checks, through aws-sdk-go-v2, the answers AWS gives
// where Virga used to differ: not-found texts per operation, idempotent
// deletes, wrong acceptance, validation texts and the new operations.
func TestLambdaFidelity(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := s.lambda()
	createFn(t, s, "fid", "python3.12", "app.handler", helloZip, nil)
	if _, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("fid")}); err != nil {
		t.Fatal(err)
	}
	fnARN := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:"
	for _, tc := range fidelityCases(fnARN) {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(ctx(t), c)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
				return
			}
			var ae smithy.APIError
			if !errors.As(err, &ae) || ae.ErrorCode() != tc.code || ae.ErrorMessage() != tc.message {
				t.Errorf("err = %v\nwant %s: %s", err, tc.code, tc.message)
			}
		})
	}
}

func fidelityCases(fnARN string) []fidelityCase {
	const notFound, invalid, validation = "ResourceNotFoundException", "InvalidParameterValueException", "ValidationException"
	return []fidelityCase{
		{"InvokeMissing", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("nope")})
			return err
		}, notFound, "Function not found: " + fnARN + "nope:$LATEST"},
		{"IncompleteARN", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("arn:aws:lambda:us-east-1:123456789012:function")})
			return err
		}, notFound, "Function not found: arn:aws:lambda:us-east-1:123456789012:function:function"},
		{"GetAliasMissing", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.GetAlias(ctx, &lambda.GetAliasInput{FunctionName: aws.String("fid"), Name: aws.String("nope")})
			return err
		}, notFound, "Cannot find alias arn: " + fnARN + "fid:nope"},
		{"UpdateAliasMissing", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.UpdateAlias(ctx, &lambda.UpdateAliasInput{FunctionName: aws.String("fid"), Name: aws.String("nope")})
			return err
		}, notFound, "Alias not found: " + fnARN + "fid:nope"},
		{"GetPolicyNone", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("fid")})
			return err
		}, notFound, "The resource you requested does not exist."},
		{"RemovePermissionNoPolicy", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("fid"), StatementId: aws.String("s")})
			return err
		}, notFound, "No policy is associated with the given resource."},
		{"RemovePermissionNoFunction", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String("nope"), StatementId: aws.String("s")})
			return err
		}, notFound, "No policy found for: " + fnARN + "nope"},
		{"GetPolicyMissingVersion", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String("fid"), Qualifier: aws.String("42")})
			return err
		}, notFound, "The resource you requested does not exist."},
		{"AddPermissionMissingAlias", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: aws.String("fid"), Qualifier: aws.String("noalias"), StatementId: aws.String("x"),
				Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("s3.amazonaws.com")})
			return err
		}, notFound, "Cannot find alias arn: " + fnARN + "fid:noalias"},
		{"ProvisionedMissingAlias", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.GetProvisionedConcurrencyConfig(ctx, &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("nope"), Qualifier: aws.String("noalias")})
			return err
		}, notFound, "Cannot find alias arn: " + fnARN + "nope:noalias"},
		{"ProvisionedMissingVersion", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.DeleteProvisionedConcurrencyConfig(ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{FunctionName: aws.String("fid"), Qualifier: aws.String("10")})
			return err
		}, notFound, "Function not found: " + fnARN + "fid:10"},
		{"DeleteMissingVersion", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("fid"), Qualifier: aws.String("7")})
			return err
		}, "", ""},
		{"DeleteVersionOfMissingFunction", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String("nope"), Qualifier: aws.String("7")})
			return err
		}, notFound, "Function not found: " + fnARN + "nope"},
		{"DeleteMissingProvisioned", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.DeleteProvisionedConcurrencyConfig(ctx, &lambda.DeleteProvisionedConcurrencyConfigInput{FunctionName: aws.String("fid"), Qualifier: aws.String("1")})
			return err
		}, "", ""},
		{"ConcurrencyOnVersion", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("fid:1"), ReservedConcurrentExecutions: aws.Int32(1)})
			return err
		}, invalid, "This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN."},
		{"ConcurrencyOnMissing", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("nope"), ReservedConcurrentExecutions: aws.Int32(1)})
			return err
		}, notFound, "Function not found: " + fnARN + "nope:$LATEST"},
		{"ForeignServicePrincipal", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: aws.String("fid"), StatementId: aws.String("x"),
				Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("events.example.com")})
			return err
		}, invalid, "The provided principal was invalid. Please check the principal and try again."},
		{"WeightAsJavaDouble", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.CreateAlias(ctx, &lambda.CreateAliasInput{FunctionName: aws.String("fid"), Name: aws.String("w"), FunctionVersion: aws.String("1"),
				RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": 2}}})
			return err
		}, validation, "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: " +
			"Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]"},
		{"NamePattern", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("bad!name")})
			return err
		}, validation, "1 validation error detected: Value 'bad!name' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
			`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST(\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`},
		{"DottedNameIsAName", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String("my.fn")})
			return err
		}, notFound, "Function not found: " + fnARN + "my.fn"},
		{"RecursionConfig", func(ctx context.Context, c *lambda.Client) error {
			if _, err := c.PutFunctionRecursionConfig(ctx, &lambda.PutFunctionRecursionConfigInput{FunctionName: aws.String("fid"), RecursiveLoop: types.RecursiveLoopAllow}); err != nil {
				return err
			}
			got, err := c.GetFunctionRecursionConfig(ctx, &lambda.GetFunctionRecursionConfigInput{FunctionName: aws.String("fid")})
			if err == nil && got.RecursiveLoop != types.RecursiveLoopAllow {
				return errors.New("GetFunctionRecursionConfig answered " + string(got.RecursiveLoop))
			}
			return err
		}, "", ""},
		{"RecursionConfigEnum", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.PutFunctionRecursionConfig(ctx, &lambda.PutFunctionRecursionConfigInput{FunctionName: aws.String("fid"), RecursiveLoop: "Sometimes"})
			return err
		}, validation, "1 validation error detected: Value 'Sometimes' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [Allow, Terminate]"},
		{"AllViolationsInOrder", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("multi"), Role: aws.String(role), Runtime: types.RuntimePython312,
				Handler: aws.String("app.handler"), Code: &types.FunctionCode{ZipFile: []byte("x")}, MemorySize: aws.Int32(1), Timeout: aws.Int32(0)})
			return err
		}, validation, "2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
			"Value '1' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"},
		{"ArchitectureEnum", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("arch"), Role: aws.String(role), Runtime: types.RuntimePython312,
				Handler: aws.String("app.handler"), Code: &types.FunctionCode{ZipFile: zipOfCode()}, Architectures: []types.Architecture{"X86_64"}})
			return err
		}, validation, "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: " +
			"Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"},
		{"EnvironmentInRequestOrder", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("fid"),
				Environment: &types.Environment{Variables: map[string]string{"ZZZ": strings.Repeat("x", 4100)}}})
			return err
		}, invalid, "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: " +
			`{"ZZZ":"` + strings.Repeat("x", 4100) + `"}`},
		{"LayerViolations", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.PublishLayerVersion(ctx, &lambda.PublishLayerVersionInput{LayerName: aws.String("bad"), Content: &types.LayerVersionContentInput{ZipFile: zipOfCode()},
				CompatibleRuntimes: []types.Runtime{"invalidruntime"}, CompatibleArchitectures: []types.Architecture{"invalidarch"}})
			var ae smithy.APIError
			if errors.As(err, &ae) {
				if strings.HasPrefix(ae.ErrorMessage(), "2 validation errors detected: Value '[invalidruntime]' at 'compatibleRuntimes' ") &&
					strings.HasSuffix(ae.ErrorMessage(), "; Value '[invalidarch]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]") {
					return nil
				}
			}
			return errors.Join(errors.New("want two violations, runtimes first"), err)
		}, "", ""},
		{"LayerVersionMissing", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.GetLayerVersion(ctx, &lambda.GetLayerVersionInput{LayerName: aws.String("nolayer"), VersionNumber: aws.Int64(1)})
			return err
		}, notFound, "The resource you requested does not exist."},
		{"NoCodeSigningConfigs", func(ctx context.Context, c *lambda.Client) error {
			got, err := c.ListCodeSigningConfigs(ctx, &lambda.ListCodeSigningConfigsInput{})
			if err == nil && len(got.CodeSigningConfigs) != 0 {
				return errors.New("code signing configurations listed")
			}
			return err
		}, "", ""},
		{"AttachMissingCodeSigningConfig", func(ctx context.Context, c *lambda.Client) error {
			_, err := c.PutFunctionCodeSigningConfig(ctx, &lambda.PutFunctionCodeSigningConfigInput{FunctionName: aws.String("fid"),
				CodeSigningConfigArn: aws.String("arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0")})
			return err
		}, "CodeSigningConfigNotFoundException", "The code signing configuration cannot be found. Check that the provided configuration is not deleted: " +
			"arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0."},
	}
}

// zipOfCode is a small valid function zip.
func zipOfCode() []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, _ := w.Create("app.py")
	f.Write([]byte("def handler(e, c):\n    return e\n"))
	w.Close()
	return buf.Bytes()
}

// TestLambdaPublishingShapes checks the shapes of the answers that
// publish: CreateFunction and UpdateFunctionCode with Publish, ListFunctions
// of every version, PublishLayerVersion.
func TestLambdaPublishingShapes(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := s.lambda()
	created, err := c.CreateFunction(ctx(t), &lambda.CreateFunctionInput{FunctionName: aws.String("pub"), Role: aws.String(role),
		Runtime: types.RuntimePython312, Handler: aws.String("app.handler"), Code: &types.FunctionCode{ZipFile: zipOf(t, helloZip)}, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(aws.ToString(created.FunctionArn), ":1") || aws.ToString(created.Version) != "1" {
		t.Errorf("CreateFunction with Publish: %s version %s, want the unqualified ARN and version 1", aws.ToString(created.FunctionArn), aws.ToString(created.Version))
	}
	waitActive(t, c, "pub")
	updated, err := c.UpdateFunctionCode(ctx(t), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("pub"),
		ZipFile: zipOf(t, map[string]string{"app.py": "def handler(e, c):\n    return 2\n"}), Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(aws.ToString(updated.FunctionArn), ":pub:2") || updated.State != types.StatePending || updated.LastUpdateStatus != "" {
		t.Errorf("UpdateFunctionCode with Publish: %s %s %q", aws.ToString(updated.FunctionArn), updated.State, updated.LastUpdateStatus)
	}
	all, err := c.ListFunctions(ctx(t), &lambda.ListFunctionsInput{FunctionVersion: types.FunctionVersionAll})
	if err != nil || len(all.Functions) == 0 || !strings.HasSuffix(aws.ToString(all.Functions[0].FunctionArn), ":pub:$LATEST") {
		t.Errorf("ListFunctions ALL: %v %v", all, err)
	}
	layer, err := c.PublishLayerVersion(ctx(t), &lambda.PublishLayerVersionInput{LayerName: aws.String("bare"), Content: &types.LayerVersionContentInput{ZipFile: zipOf(t, helloZip)}})
	if err != nil || layer.Description == nil || layer.CompatibleRuntimes == nil || layer.CompatibleArchitectures == nil {
		t.Errorf("PublishLayerVersion: %+v %v, want Description \"\" and empty lists", layer, err)
	}
}

// TestLambdaRuntimeFidelity checks what the Runtime API and invoke path
// answer as AWS does: a runtime that exits during init names the request,
// a cold invoke's log tail holds START to REPORT only, and the server says
// once which declared runtimes its interpreters stand in for.
func TestLambdaRuntimeFidelity(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	createFn(t, s, "quitter", "provided.al2023", "x", map[string]string{"bootstrap": "#!/bin/sh\nexit 0\n"}, nil)
	out := invoke(t, s, "quitter", map[string]any{})
	id, _ := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	wantFunctionError(t, out, "Runtime.ExitError", "RequestId: "+id+" Error: Runtime exited without providing a reason")
	if tail := logTail(t, out); !strings.HasPrefix(tail, "START RequestId: "+id) || !strings.Contains(tail, "REPORT RequestId: "+id) {
		t.Errorf("cold log tail:\n%s", tail)
	}
	s.stop()
	if !strings.Contains(s.logs.String(), "run on this host's interpreter, another version") {
		t.Errorf("the server did not say which runtimes its interpreters stand in for:\n%s", s.logs)
	}
}
