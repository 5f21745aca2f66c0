package e2e

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

var functionURLRE = regexp.MustCompile(`^http://[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+/$`)

// TestFunctionURLConfigCLI manages a URL with each aws CLI: create with
// CORS, read, change, list, open it to everyone, and delete it.
func TestFunctionURLConfigCLI(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	zipPath := filepath.Join(t.TempDir(), "fn.zip")
	if err := os.WriteFile(zipPath, zipOf(t, helloZip), 0o644); err != nil {
		t.Fatal(err)
	}
	eachCLI(t, true, func(t *testing.T, c awsCLI, bin string) {
		urlWalkThrough(t, s, bin, "url-"+c.name, zipPath, c.name == "v1")
	})
}

func urlWalkThrough(t *testing.T, s *server, aws, fn, zipPath string, invokeMode bool) {
	s.cliOK(t, aws, "lambda", "create-function", "--function-name", fn, "--runtime", "python3.12",
		"--role", role, "--handler", "app.handler", "--zip-file", "fileb://"+zipPath)
	s.cliOK(t, aws, "lambda", "wait", "function-active-v2", "--function-name", fn)
	created := s.cliOK(t, aws, "lambda", "create-function-url-config", "--function-name", fn, "--auth-type", "NONE",
		"--cors", `{"AllowOrigins":["https://app.example"],"AllowMethods":["GET"],"MaxAge":60}`)
	fnURL, _ := created["FunctionUrl"].(string)
	if !functionURLRE.MatchString(fnURL) || created["AuthType"] != "NONE" || at(created, "Cors", "MaxAge") != 60.0 {
		t.Errorf("created %v", created)
	}
	got := s.cliOK(t, aws, "lambda", "get-function-url-config", "--function-name", fn)
	if got["FunctionUrl"] != fnURL || got["LastModifiedTime"] == nil || invokeMode && got["InvokeMode"] != "BUFFERED" {
		t.Errorf("got %v", got)
	}
	update := []string{"lambda", "update-function-url-config", "--function-name", fn, "--auth-type", "AWS_IAM"}
	if invokeMode {
		update = append(update, "--invoke-mode", "RESPONSE_STREAM")
	}
	updated := s.cliOK(t, aws, update...)
	if updated["AuthType"] != "AWS_IAM" || updated["FunctionUrl"] != fnURL || at(updated, "Cors", "MaxAge") != 60.0 ||
		invokeMode && updated["InvokeMode"] != "RESPONSE_STREAM" {
		t.Errorf("updated %v", updated)
	}
	listed := s.cliOK(t, aws, "lambda", "list-function-url-configs", "--function-name", fn)
	if list, _ := listed["FunctionUrlConfigs"].([]any); len(list) != 1 {
		t.Errorf("listed %v", listed)
	}
	s.cliOK(t, aws, "lambda", "add-permission", "--function-name", fn, "--statement-id", "public", "--action", "lambda:InvokeFunctionUrl",
		"--principal", "*", "--function-url-auth-type", "NONE")
	policy := s.cliOK(t, aws, "lambda", "get-policy", "--function-name", fn)
	if p, _ := policy["Policy"].(string); !strings.Contains(p, `"Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}`) ||
		!strings.Contains(p, `"Action":"lambda:InvokeFunctionUrl"`) {
		t.Errorf("policy %v", policy)
	}
	if _, err := s.cli(t, aws, "lambda", "create-function-url-config", "--function-name", fn, "--qualifier", "1", "--auth-type", "NONE"); err == nil {
		t.Error("a URL for a version was made")
	}
	s.cliOK(t, aws, "lambda", "delete-function-url-config", "--function-name", fn)
	if _, err := s.cli(t, aws, "lambda", "get-function-url-config", "--function-name", fn); err == nil {
		t.Error("the URL outlived its deletion")
	}
}

// TestFunctionURLConfigSDK manages URLs with aws-sdk-go-v2: one for
// $LATEST and one per alias, pages of them, their errors, and their end
// with their alias or function.
func TestFunctionURLConfigSDK(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createFn(t, s, "api", "python3.12", "app.handler", helloZip, nil)
	if _, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("api")}); err != nil {
		t.Fatal(err)
	}
	for _, alias := range []string{"blue", "green"} {
		if _, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("api"), Name: aws.String(alias), FunctionVersion: aws.String("1")}); err != nil {
			t.Fatal(err)
		}
	}
	latest, _ := urlOf(t, c, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("api"), AuthType: types.FunctionUrlAuthTypeNone})
	blue, _ := urlOf(t, c, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("api"), Qualifier: aws.String("blue"),
		AuthType: types.FunctionUrlAuthTypeAwsIam, InvokeMode: types.InvokeModeResponseStream})
	green, _ := urlOf(t, c, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("api:green"), AuthType: types.FunctionUrlAuthTypeNone})
	if latest == blue || blue == green || !functionURLRE.MatchString(green) {
		t.Errorf("URLs %s %s %s", latest, blue, green)
	}

	var seen []string
	p := lambda.NewListFunctionUrlConfigsPaginator(c, &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String("api"), MaxItems: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range page.FunctionUrlConfigs {
			seen = append(seen, *u.FunctionArn+" "+string(u.InvokeMode))
		}
	}
	fnARN := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:api"
	if want := []string{fnARN + " BUFFERED", fnARN + ":blue RESPONSE_STREAM", fnARN + ":green BUFFERED"}; strings.Join(seen, "|") != strings.Join(want, "|") {
		t.Errorf("pages %q, want %q", seen, want)
	}

	got, err := c.GetFunctionUrlConfig(ctx(t), &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String("api"), Qualifier: aws.String("blue")})
	if err != nil || *got.FunctionUrl != blue || got.AuthType != types.FunctionUrlAuthTypeAwsIam || got.LastModifiedTime == nil {
		t.Errorf("get blue: %+v %v", got, err)
	}
	var notFound *types.ResourceNotFoundException
	var conflict *types.ResourceConflictException
	_, err = c.CreateFunctionUrlConfig(ctx(t), &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("api"), AuthType: types.FunctionUrlAuthTypeNone})
	if !errors.As(err, &conflict) {
		t.Errorf("second URL for $LATEST: %v", err)
	}
	_, err = c.UpdateFunctionUrlConfig(ctx(t), &lambda.UpdateFunctionUrlConfigInput{FunctionName: aws.String("api"), Qualifier: aws.String("red"), AuthType: types.FunctionUrlAuthTypeNone})
	if !errors.As(err, &notFound) || *notFound.Message != "The resource you requested does not exist." {
		t.Errorf("update a missing alias's URL: %v", err)
	}

	if _, err := c.DeleteAlias(ctx(t), &lambda.DeleteAliasInput{FunctionName: aws.String("api"), Name: aws.String("blue")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetFunctionUrlConfig(ctx(t), &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String("api"), Qualifier: aws.String("blue")}); !errors.As(err, &notFound) {
		t.Errorf("the URL outlived its alias: %v", err)
	}
	if _, err := c.DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("api")}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the deleted function's URL gone", func() bool {
		return get(t, s.hostClient(), newRequest(t, "GET", latest, nil)).status == 403
	})
	if r := get(t, s.hostClient(), newRequest(t, "GET", latest, nil)); string(r.body) != `{"Message":null}` {
		t.Errorf("URL of a deleted function answered %d %s", r.status, r.body)
	}
	createFn(t, s, "api", "python3.12", "app.handler", helloZip, nil)
	out, err := c.ListFunctionUrlConfigs(ctx(t), &lambda.ListFunctionUrlConfigsInput{FunctionName: aws.String("api")})
	if err != nil || len(out.FunctionUrlConfigs) != 0 {
		t.Errorf("a new function of the same name inherited URLs: %v %v", out, err)
	}
	again, _ := urlOf(t, c, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String("api"), AuthType: types.FunctionUrlAuthTypeNone})
	if again != latest {
		t.Errorf("URL made again is %s, was %s", again, latest)
	}
	data, _ := json.Marshal(out)
	t.Logf("list after recreation: %s", data)
}
