package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// versioned returns which code ran, in which version, and as what ARN.
func versioned(code string) map[string]string {
	return map[string]string{"app.py": `import os
def handler(event, context):
    if event.get("exit"):
        os._exit(1)
    return {"code": "` + code + `", "version": os.environ["AWS_LAMBDA_FUNCTION_VERSION"],
            "arn": context.invoked_function_arn, "init": os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"]}
`}
}

func invokeQualified(t *testing.T, s *server, name, qualifier string) (*lambda.InvokeOutput, map[string]any) {
	t.Helper()
	out, err := s.lambda().Invoke(ctx(t), &lambda.InvokeInput{
		FunctionName: aws.String(name), Qualifier: aws.String(qualifier), Payload: []byte(`{}`), LogType: types.LogTypeTail,
	})
	if err != nil {
		t.Fatalf("invoke %s:%s: %v", name, qualifier, err)
	}
	return out, decode(t, out)
}

func TestVersionsAndAliases(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createFn(t, s, "ver", "python3.12", "app.handler", versioned("one"), nil)

	v1, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("ver"), Description: aws.String("first")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(v1.Version) != "1" || !strings.HasSuffix(aws.ToString(v1.FunctionArn), ":function:ver:1") || aws.ToString(v1.Description) != "first" {
		t.Fatalf("published %s %s %q", aws.ToString(v1.Version), aws.ToString(v1.FunctionArn), aws.ToString(v1.Description))
	}
	again, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("ver")})
	if err != nil || aws.ToString(again.Version) != "1" {
		t.Fatalf("republishing unchanged code: %v %v", again, err)
	}

	t.Run("PublishPreconditions", func(t *testing.T) {
		_, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("ver"), CodeSha256: aws.String("nope")})
		if ae := apiError(t, err, "InvalidParameterValueException"); !strings.Contains(ae.ErrorMessage(), "CodeSHA256 (nope) is different from current CodeSHA256 in $LATEST") {
			t.Error(ae.ErrorMessage())
		}
		_, err = c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("ver"), RevisionId: aws.String("stale")})
		apiError(t, err, "PreconditionFailedException")
	})

	up, err := c.UpdateFunctionCode(ctx(t), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("ver"), ZipFile: zipOf(t, versioned("two")), Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(up.Version) != "2" {
		t.Errorf("update with Publish answered version %s", aws.ToString(up.Version))
	}
	waitUpdated(t, c, "ver")
	waitVersion(t, c, "ver", "2")

	t.Run("InvokeByVersion", func(t *testing.T) {
		for q, want := range map[string]string{"1": "one", "2": "two", "$LATEST": "two"} {
			out, m := invokeQualified(t, s, "ver", q)
			if m["code"] != want || m["version"] != q || aws.ToString(out.ExecutedVersion) != q || !strings.HasSuffix(m["arn"].(string), ":ver:"+q) {
				t.Errorf("qualifier %s: %v, executed %s", q, m, aws.ToString(out.ExecutedVersion))
			}
		}
	})
	t.Run("VersionsAreImmutable", func(t *testing.T) {
		if _, err := c.UpdateFunctionCode(ctx(t), &lambda.UpdateFunctionCodeInput{FunctionName: aws.String("ver"), ZipFile: zipOf(t, versioned("three"))}); err != nil {
			t.Fatal(err)
		}
		waitUpdated(t, c, "ver")
		if _, m := invokeQualified(t, s, "ver", "1"); m["code"] != "one" {
			t.Errorf("version 1 ran %v after $LATEST changed", m["code"])
		}
		if _, m := invokeQualified(t, s, "ver", "$LATEST"); m["code"] != "three" {
			t.Errorf("$LATEST ran %v", m["code"])
		}
	})
	t.Run("ListVersions", func(t *testing.T) {
		out, err := c.ListVersionsByFunction(ctx(t), &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("ver")})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range out.Versions {
			got = append(got, aws.ToString(v.Version)+"="+aws.ToString(v.FunctionArn)[strings.LastIndex(aws.ToString(v.FunctionArn), ":")+1:])
		}
		if strings.Join(got, ",") != "$LATEST=$LATEST,1=1,2=2" {
			t.Errorf("versions %v", got)
		}
		page, err := c.ListVersionsByFunction(ctx(t), &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("ver"), MaxItems: aws.Int32(2)})
		if err != nil || len(page.Versions) != 2 || page.NextMarker == nil {
			t.Fatalf("page: %v %v", page, err)
		}
		rest, err := c.ListVersionsByFunction(ctx(t), &lambda.ListVersionsByFunctionInput{FunctionName: aws.String("ver"), Marker: page.NextMarker})
		if err != nil || len(rest.Versions) != 1 || aws.ToString(rest.Versions[0].Version) != "2" {
			t.Fatalf("second page: %v %v", rest, err)
		}
	})

	t.Run("Alias", func(t *testing.T) {
		a, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("ver"), Name: aws.String("live"), FunctionVersion: aws.String("1")})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(aws.ToString(a.AliasArn), ":function:ver:live") || aws.ToString(a.RevisionId) == "" {
			t.Errorf("alias %v", a)
		}
		out, m := invokeQualified(t, s, "ver", "live")
		if m["code"] != "one" || aws.ToString(out.ExecutedVersion) != "1" || !strings.HasSuffix(m["arn"].(string), ":ver:live") || m["version"] != "1" {
			t.Errorf("through alias: %v, executed %s", m, aws.ToString(out.ExecutedVersion))
		}
		got, err := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("ver:live")})
		if err != nil || aws.ToString(got.Version) != "1" {
			t.Errorf("configuration through alias: %v %v", got, err)
		}
	})
	t.Run("WeightedRouting", func(t *testing.T) {
		_, err := c.UpdateAlias(ctx(t), &lambda.UpdateAliasInput{FunctionName: aws.String("ver"), Name: aws.String("live"),
			RoutingConfig: &types.AliasRoutingConfiguration{AdditionalVersionWeights: map[string]float64{"2": 0.3}}})
		if err != nil {
			t.Fatal(err)
		}
		const n = 200
		second := 0
		for range n {
			out, m := invokeQualified(t, s, "ver", "live")
			if aws.ToString(out.ExecutedVersion) == "2" {
				second++
				if m["code"] != "two" {
					t.Fatalf("executed version 2 ran %v", m["code"])
				}
			}
		}
		if share := float64(second) / n; share < 0.15 || share > 0.45 {
			t.Errorf("version 2 got %.2f of the traffic, want about 0.3", share)
		}
	})
	t.Run("AliasValidation", func(t *testing.T) {
		weights := func(w map[string]float64) *types.AliasRoutingConfiguration {
			return &types.AliasRoutingConfiguration{AdditionalVersionWeights: w}
		}
		cases := []struct {
			name, version, code, message string
			routing                      *types.AliasRoutingConfiguration
		}{
			{"dup", "1", "ResourceConflictException", "Alias already exists", nil},
			{"123", "1", "ValidationException", "Member must satisfy regular expression pattern", nil},
			{"missing", "9", "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:", nil},
			{"latest", "$LATEST", "InvalidParameterValueException", "$LATEST is not supported for an alias pointing to more than 1 version", weights(map[string]float64{"1": 0.5})},
			{"two", "1", "InvalidParameterValueException", "Number of items in AdditionalVersionWeights cannot be greater than 1", weights(map[string]float64{"2": 0.1, "3": 0.1})},
			{"same", "1", "InvalidParameterValueException", "Function version 1 is already included in routing configuration", weights(map[string]float64{"1": 0.5})},
			{"heavy", "1", "ValidationException", "Member must have value less than or equal to 1.0", weights(map[string]float64{"2": 1.5})},
			{"ghost", "1", "ResourceNotFoundException", ":function:ver:7", weights(map[string]float64{"7": 0.5})},
		}
		c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("ver"), Name: aws.String("dup"), FunctionVersion: aws.String("1")})
		for _, tc := range cases {
			_, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("ver"), Name: aws.String(tc.name),
				FunctionVersion: aws.String(tc.version), RoutingConfig: tc.routing})
			if ae := apiError(t, err, tc.code); !strings.Contains(ae.ErrorMessage(), tc.message) {
				t.Errorf("%s: %q, want %q", tc.name, ae.ErrorMessage(), tc.message)
			}
		}
		_, err := c.GetAlias(ctx(t), &lambda.GetAliasInput{FunctionName: aws.String("ver"), Name: aws.String("nope")})
		if ae := apiError(t, err, "ResourceNotFoundException"); !strings.HasPrefix(ae.ErrorMessage(), "Cannot find alias arn: arn:aws:lambda:") {
			t.Error(ae.ErrorMessage())
		}
		list, err := c.ListAliases(ctx(t), &lambda.ListAliasesInput{FunctionName: aws.String("ver"), FunctionVersion: aws.String("1")})
		if err != nil || len(list.Aliases) != 2 {
			t.Errorf("aliases of version 1: %v %v", list, err)
		}
	})
	t.Run("DeleteVersion", func(t *testing.T) {
		_, err := c.DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("ver"), Qualifier: aws.String("1")})
		if ae := apiError(t, err, "ResourceConflictException"); !strings.Contains(ae.ErrorMessage(), "aliases reference it") {
			t.Error(ae.ErrorMessage())
		}
		for _, alias := range []string{"live", "dup"} {
			if _, err := c.DeleteAlias(ctx(t), &lambda.DeleteAliasInput{FunctionName: aws.String("ver"), Name: aws.String(alias)}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("ver"), Qualifier: aws.String("1")}); err != nil {
			t.Fatal(err)
		}
		_, err = c.GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("ver"), Qualifier: aws.String("1")})
		apiError(t, err, "ResourceNotFoundException")
		next, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("ver")})
		if err != nil || aws.ToString(next.Version) != "3" {
			t.Errorf("version numbers are never reused: %v %v", next, err)
		}
	})
	t.Run("DeleteFunctionRemovesAll", func(t *testing.T) {
		if _, err := c.DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("ver")}); err != nil {
			t.Fatal(err)
		}
		createFn(t, s, "ver", "python3.12", "app.handler", versioned("new"), func(in *lambda.CreateFunctionInput) { in.Publish = true })
		waitVersion(t, c, "ver", "1")
		if _, m := invokeQualified(t, s, "ver", "1"); m["code"] != "new" {
			t.Errorf("a new function starts at version 1: %v", m)
		}
	})
}

// waitVersion waits until a version published in the background exists.
func waitVersion(t *testing.T, c *lambda.Client, name, version string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name), Qualifier: aws.String(version)}); err == nil {
			return
		}
	}
	t.Fatalf("version %s of %s never appeared", version, name)
}
