package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"
)

var helloZip = map[string]string{"app.py": "def handler(event, context):\n    return event\n"}

func createPython(t *testing.T, c *lambda.Client, name string, code []byte) *lambda.CreateFunctionOutput {
	t.Helper()
	out, err := c.CreateFunction(ctx(t), &lambda.CreateFunctionInput{
		FunctionName: aws.String(name),
		Role:         aws.String(role),
		Runtime:      types.RuntimePython312,
		Handler:      aws.String("app.handler"),
		Code:         &types.FunctionCode{ZipFile: code},
	})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return out
}

func waitActive(t *testing.T, c *lambda.Client, name string) {
	t.Helper()
	w := lambda.NewFunctionActiveV2Waiter(c, func(o *lambda.FunctionActiveV2WaiterOptions) { o.MinDelay = 50 * time.Millisecond })
	if err := w.Wait(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String(name)}, 30*time.Second); err != nil {
		t.Fatalf("wait active %s: %v", name, err)
	}
}

func waitUpdated(t *testing.T, c *lambda.Client, name string) {
	t.Helper()
	w := lambda.NewFunctionUpdatedV2Waiter(c, func(o *lambda.FunctionUpdatedV2WaiterOptions) { o.MinDelay = 50 * time.Millisecond })
	if err := w.Wait(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String(name)}, 30*time.Second); err != nil {
		t.Fatalf("wait updated %s: %v", name, err)
	}
}

// apiError asserts err is an AWS error with the given code.
func apiError(t *testing.T, err error, code string) smithy.APIError {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("code = %s (%s), want %s", ae.ErrorCode(), ae.ErrorMessage(), code)
	}
	return ae
}

func TestFunctionLifecycle(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	code := zipOf(t, helloZip)
	created := createPython(t, c, "hello", code)

	t.Run("CreateIsPending", func(t *testing.T) {
		sum := sha256.Sum256(code)
		if created.State != types.StatePending || created.StateReasonCode != types.StateReasonCodeCreating {
			t.Errorf("state = %s %s", created.State, created.StateReasonCode)
		}
		if got, want := aws.ToString(created.CodeSha256), base64.StdEncoding.EncodeToString(sum[:]); got != want {
			t.Errorf("CodeSha256 = %s, want %s", got, want)
		}
		if created.CodeSize != int64(len(code)) || aws.ToInt32(created.Timeout) != 3 || aws.ToInt32(created.MemorySize) != 128 {
			t.Errorf("defaults: size %d timeout %d memory %d", created.CodeSize, aws.ToInt32(created.Timeout), aws.ToInt32(created.MemorySize))
		}
		want := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:hello"
		if aws.ToString(created.FunctionArn) != want {
			t.Errorf("arn = %s, want %s", aws.ToString(created.FunctionArn), want)
		}
	})
	waitActive(t, c, "hello")

	t.Run("GetFunctionDownloadsCode", func(t *testing.T) {
		got, err := c.GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("hello")})
		if err != nil {
			t.Fatal(err)
		}
		if got.Configuration.State != types.StateActive || got.Configuration.LastUpdateStatus != types.LastUpdateStatusSuccessful {
			t.Errorf("state %s / %s", got.Configuration.State, got.Configuration.LastUpdateStatus)
		}
		if aws.ToString(got.Configuration.RevisionId) == aws.ToString(created.RevisionId) {
			t.Error("RevisionId did not change on activation")
		}
		resp, err := http.Get(aws.ToString(got.Code.Location))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !bytes.Equal(body, code) {
			t.Errorf("download: status %d, %d bytes", resp.StatusCode, len(body))
		}
	})

	t.Run("QualifiedByLatest", func(t *testing.T) {
		got, err := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{
			FunctionName: aws.String("arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:hello"), Qualifier: aws.String("$LATEST")})
		if err != nil {
			t.Fatal(err)
		}
		if want := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:hello:$LATEST"; aws.ToString(got.FunctionArn) != want {
			t.Errorf("arn = %s", aws.ToString(got.FunctionArn))
		}
	})

	t.Run("UpdateConfiguration", func(t *testing.T) {
		out, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
			FunctionName:     aws.String("hello"),
			MemorySize:       aws.Int32(256),
			Timeout:          aws.Int32(10),
			Description:      aws.String("greets"),
			Environment:      &types.Environment{Variables: map[string]string{"GREETING": "hi"}},
			EphemeralStorage: &types.EphemeralStorage{Size: aws.Int32(1024)},
			TracingConfig:    &types.TracingConfig{Mode: types.TracingModeActive},
			LoggingConfig:    &types.LoggingConfig{LogFormat: types.LogFormatJson},
		})
		if err != nil {
			t.Fatal(err)
		}
		if out.LastUpdateStatus != types.LastUpdateStatusInProgress {
			t.Errorf("LastUpdateStatus = %s", out.LastUpdateStatus)
		}
		waitUpdated(t, c, "hello")
		got, _ := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("hello")})
		if aws.ToInt32(got.MemorySize) != 256 || aws.ToInt32(got.Timeout) != 10 || got.Environment.Variables["GREETING"] != "hi" ||
			aws.ToInt32(got.EphemeralStorage.Size) != 1024 || got.TracingConfig.Mode != types.TracingModeActive ||
			got.LoggingConfig.ApplicationLogLevel != types.ApplicationLogLevelInfo || aws.ToString(got.Description) != "greets" {
			t.Errorf("configuration not applied: %+v", got)
		}
	})

	t.Run("UpdateCode", func(t *testing.T) {
		newCode := zipOf(t, map[string]string{"app.py": "def handler(e, c):\n    return 2\n"})
		before, _ := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("hello")})
		_, err := c.UpdateFunctionCode(ctx(t), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("hello"), ZipFile: newCode, RevisionId: aws.String("stale")})
		apiError(t, err, "PreconditionFailedException")
		dry, err := c.UpdateFunctionCode(ctx(t), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("hello"), ZipFile: newCode, DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		after, _ := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("hello")})
		if aws.ToString(after.CodeSha256) != aws.ToString(before.CodeSha256) || aws.ToString(dry.CodeSha256) == aws.ToString(before.CodeSha256) {
			t.Error("DryRun changed the function or did not report the new code")
		}
		out, err := c.UpdateFunctionCode(ctx(t), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("hello"), ZipFile: newCode, RevisionId: before.RevisionId})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.UpdateFunctionCode(ctx(t), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("hello"), ZipFile: newCode})
		if err != nil {
			apiError(t, err, "ResourceConflictException") // only while the first update is still in progress
		}
		waitUpdated(t, c, "hello")
		got, _ := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("hello")})
		if aws.ToString(got.CodeSha256) != aws.ToString(out.CodeSha256) {
			t.Error("code not updated")
		}
	})

	t.Run("Tags", func(t *testing.T) {
		fnARN := aws.ToString(created.FunctionArn)
		if _, err := c.TagResource(ctx(t), &lambda.TagResourceInput{Resource: aws.String(fnARN), Tags: map[string]string{"team": "a", "env": "dev"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.UntagResource(ctx(t), &lambda.UntagResourceInput{Resource: aws.String(fnARN), TagKeys: []string{"env"}}); err != nil {
			t.Fatal(err)
		}
		tags, err := c.ListTags(ctx(t), &lambda.ListTagsInput{Resource: aws.String(fnARN)})
		if err != nil {
			t.Fatal(err)
		}
		if len(tags.Tags) != 1 || tags.Tags["team"] != "a" {
			t.Errorf("tags = %v", tags.Tags)
		}
		_, err = c.ListTags(ctx(t), &lambda.ListTagsInput{Resource: aws.String(fnARN + ":1")})
		apiError(t, err, "InvalidParameterValueException")
	})

	t.Run("Delete", func(t *testing.T) {
		if _, err := c.DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("hello")}); err != nil {
			t.Fatal(err)
		}
		_, err := c.GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("hello")})
		ae := apiError(t, err, "ResourceNotFoundException")
		if want := "Function not found: arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:hello"; ae.ErrorMessage() != want {
			t.Errorf("message = %q", ae.ErrorMessage())
		}
	})
}

func TestListFunctionsPaging(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	code := zipOf(t, helloZip)
	for _, n := range []string{"c", "a", "e", "b", "d"} {
		createPython(t, c, n, code)
	}
	var names []string
	p := lambda.NewListFunctionsPaginator(c, &lambda.ListFunctionsInput{MaxItems: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, f := range out.Functions {
			names = append(names, aws.ToString(f.FunctionName))
			if f.State != "" || f.LastUpdateStatus != "" {
				t.Errorf("list shows state for %s", aws.ToString(f.FunctionName))
			}
		}
	}
	if got := len(names); got != 5 || pages != 3 || names[0] != "a" || names[4] != "e" {
		t.Errorf("names %v in %d pages", names, pages)
	}
	settings, err := c.GetAccountSettings(ctx(t), &lambda.GetAccountSettingsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if settings.AccountUsage.FunctionCount != 5 || settings.AccountLimit.ConcurrentExecutions != 1000 {
		t.Errorf("account settings %+v %+v", settings.AccountLimit, settings.AccountUsage)
	}
}

func TestStateSurvivesKill(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createPython(t, c, "durable", zipOf(t, helloZip))
	waitActive(t, c, "durable")
	if _, err := c.TagResource(ctx(t), &lambda.TagResourceInput{
		Resource: aws.String("arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:durable"),
		Tags:     map[string]string{"k": "v"}}); err != nil {
		t.Fatal(err)
	}
	s.kill()
	s.start()
	got, err := s.lambda().GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("durable")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Configuration.State != types.StateActive || got.Tags["k"] != "v" {
		t.Errorf("after kill -9: state %s tags %v", got.Configuration.State, got.Tags)
	}
}
