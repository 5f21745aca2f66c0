package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// snapStartZip answers with how its environment was initialized.
var snapStartZip = map[string]string{"app.py": "import os\ndef handler(event, context):\n    return os.environ['AWS_LAMBDA_INITIALIZATION_TYPE']\n"}

// TestSnapStartAPI sets SnapStart as AWS accepts it and reads it back:
// PublishedVersions on the function, Off on $LATEST, On on a published
// version, which then answers from an environment initialized when it was
// published.
func TestSnapStartAPI(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	name := "snap"
	_, err := c.CreateFunction(ctx(t), &lambda.CreateFunctionInput{
		FunctionName: aws.String(name), Role: aws.String(role), Runtime: types.RuntimePython312,
		Handler: aws.String("app.handler"), Code: &types.FunctionCode{ZipFile: zipOf(t, snapStartZip)},
		SnapStart: &types.SnapStart{ApplyOn: types.SnapStartApplyOnPublishedVersions},
	})
	if err != nil {
		t.Fatal(err)
	}
	waitActive(t, c, name)
	t.Run("Latest", func(t *testing.T) {
		got, err := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		wantSnapStart(t, got.SnapStart, types.SnapStartApplyOnPublishedVersions, types.SnapStartOptimizationStatusOff)
	})
	var published string
	t.Run("PublishedVersion", func(t *testing.T) {
		v, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		published = aws.ToString(v.Version)
		wantSnapStart(t, v.SnapStart, types.SnapStartApplyOnPublishedVersions, types.SnapStartOptimizationStatusOn)
		got, err := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name), Qualifier: v.Version})
		if err != nil {
			t.Fatal(err)
		}
		wantSnapStart(t, got.SnapStart, types.SnapStartApplyOnPublishedVersions, types.SnapStartOptimizationStatusOn)
		// The version's environment is initialized as it is published;
		// until it is ready, invocations start their own.
		awaitSnapStart(t, c, name, published)
	})
	t.Run("AfterRestart", func(t *testing.T) {
		s.stop()
		s.start()
		c = s.lambda()
		awaitSnapStart(t, c, name, published)
	})
	t.Run("Off", func(t *testing.T) {
		got, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String(name), SnapStart: &types.SnapStart{ApplyOn: types.SnapStartApplyOnNone},
		})
		if err != nil {
			t.Fatal(err)
		}
		wantSnapStart(t, got.SnapStart, types.SnapStartApplyOnNone, types.SnapStartOptimizationStatusOff)
		waitUpdated(t, c, name)
	})
	t.Run("UnsupportedRuntime", func(t *testing.T) {
		_, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String(name), Runtime: types.RuntimeNodejs22x, Handler: aws.String("index.handler"),
			SnapStart: &types.SnapStart{ApplyOn: types.SnapStartApplyOnPublishedVersions},
		})
		ae := apiError(t, err, "InvalidParameterValueException")
		if ae.ErrorMessage() != "nodejs22.x is not supported for SnapStart enabled functions." {
			t.Fatalf("message = %q", ae.ErrorMessage())
		}
	})
	t.Run("BadApplyOn", func(t *testing.T) {
		_, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
			FunctionName: aws.String(name), SnapStart: &types.SnapStart{ApplyOn: "Always"},
		})
		ae := apiError(t, err, "ValidationException")
		if !strings.Contains(ae.ErrorMessage(), "at 'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: [PublishedVersions, None]") {
			t.Fatalf("message = %q", ae.ErrorMessage())
		}
	})
}

// awaitSnapStart invokes a SnapStart version until an invocation runs in
// the environment kept for it.
func awaitSnapStart(t *testing.T, c *lambda.Client, name, version string) {
	t.Helper()
	for i := 0; ; i++ {
		out, err := c.Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String(name), Qualifier: aws.String(version), Payload: []byte(`{}`)})
		if err != nil || out.FunctionError != nil {
			t.Fatalf("invoke version: %v %v %s", err, out.FunctionError, out.Payload)
		}
		if string(out.Payload) == `"snap-start"` {
			return
		}
		if i == 50 {
			t.Fatalf("no invocation ran in the environment kept for the version: %s", out.Payload)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func wantSnapStart(t *testing.T, got *types.SnapStartResponse, applyOn types.SnapStartApplyOn, status types.SnapStartOptimizationStatus) {
	t.Helper()
	if got == nil || got.ApplyOn != applyOn || got.OptimizationStatus != status {
		t.Fatalf("SnapStart = %+v, want %s/%s", got, applyOn, status)
	}
}
