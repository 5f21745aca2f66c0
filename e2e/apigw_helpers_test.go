package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// apigwFunctions are the handlers behind the HTTP API tests, one module
// with a handler per behaviour.
var apigwFunctions = map[string]string{"app.py": `import json, time

calls = {"n": 0}

def echo(event, context):
    return {"statusCode": 201, "headers": {"content-type": "application/json", "x-echo": "yes",
            "access-control-allow-origin": "https://evil.example"},
            "multiValueHeaders": {"x-multi": ["a", "b"]},
            "cookies": ["c1=v1", "c2=v2"], "body": json.dumps(event)}

def bare(event, context):
    return {"hello": "world"}

def text(event, context):
    return "just text"

def fail(event, context):
    raise Exception("boom")

def slow(event, context):
    time.sleep(2)
    return {"statusCode": 200, "body": "late"}

def simple_auth(event, context):
    calls["n"] += 1
    token = event["headers"].get("authorization", "")
    return {"isAuthorized": token.startswith("allow"), "context": {"user": "alice", "calls": calls["n"], "event": json.dumps(event)}}

def policy_auth(event, context):
    effect = "Allow" if event["identitySource"].startswith("allow") else "Deny"
    return {"principalId": "bob", "context": {"tier": "gold"},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
`}

// apigwFunction creates a Python function with the given handler of
// apigwFunctions and returns its ARN.
func apigwFunction(t *testing.T, s *server, name, handler string) string {
	t.Helper()
	c := s.lambda()
	out := createPythonHandler(t, c, name, "app."+handler, zipOf(t, apigwFunctions))
	waitActive(t, c, name)
	return aws.ToString(out.FunctionArn)
}

func createPythonHandler(t *testing.T, c *lambda.Client, name, handler string, code []byte) *lambda.CreateFunctionOutput {
	t.Helper()
	out, err := c.CreateFunction(ctx(t), &lambda.CreateFunctionInput{
		FunctionName: aws.String(name), Role: aws.String(role), Runtime: "python3.12",
		Handler: aws.String(handler), Code: &lambdatypes.FunctionCode{ZipFile: code}, Timeout: aws.Int32(10),
	})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return out
}

// allowAPI lets API Gateway invoke the function from any route of the API.
func allowAPI(t *testing.T, s *server, function, apiID string) {
	t.Helper()
	addPermission(t, s.lambda(), &lambda.AddPermissionInput{
		FunctionName: aws.String(function), StatementId: aws.String("apigw-" + apiID),
		Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("apigateway.amazonaws.com"),
		SourceArn: aws.String("arn:aws:execute-api:us-east-1:" + s.admin.AccountID + ":" + apiID + "/*"),
	})
}

func (s *server) apigw() *apigatewayv2.Client { return apigatewayv2.NewFromConfig(s.awsConfig()) }

// httpResult is a response from an invoke URL.
type httpResult struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body.
func (r httpResult) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return m
}

// callAPI sends a request to the API's invoke URL: by host name when
// byHost, else by Virga's path form.
func (s *server) callAPI(t *testing.T, byHost bool, apiID, method, path string, header map[string]string, body string) httpResult {
	t.Helper()
	url := s.endpoint + "/_virga/apis/" + apiID + path
	if byHost {
		url = s.endpoint + path
	}
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if byHost {
		req.Host = apiID + ".execute-api.localhost"
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return httpResult{status: resp.StatusCode, header: resp.Header, body: data}
}

// expect checks a response's status and, when want is not empty, its body.
func (r httpResult) expect(t *testing.T, status int, want string) {
	t.Helper()
	if r.status != status || (want != "" && !bytes.Equal(bytes.TrimSpace(r.body), []byte(want))) {
		t.Fatalf("got %d %s, want %d %s", r.status, r.body, status, want)
	}
}
