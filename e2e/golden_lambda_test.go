package e2e

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

func lambdaCall(name, method, path, body string) exchange {
	return exchange{name: name, service: "lambda", method: method, path: path, body: []byte(body)}
}

// invocation is a POST to a function's invocations with the given headers,
// in pairs: name, value.
func invocation(name, function, payload string, header ...string) exchange {
	e := lambdaCall(name, "POST", "/2015-03-31/functions/"+function+"/invocations", payload)
	for i := 0; i+1 < len(header); i += 2 {
		e = e.withHeader(header[i], header[i+1])
	}
	return e
}

// streamInvocation is a POST to a function's response-streaming
// invocations, with headers in pairs as for invocation.
func streamInvocation(name, function, payload string, header ...string) exchange {
	e := invocation(name, function, payload, header...)
	e.path = "/2021-11-15/functions/" + function + "/response-streaming-invocations"
	return e
}

// escapedARN spells an ARN for a path label, as the SDK does.
func escapedARN(arn string) string { return strings.ReplaceAll(arn, ":", "%3A") }

// TestGoldenLambda pins the response of every Lambda operation, and of each
// kind of error a request can provoke, member for member.
func TestGoldenLambda(t *testing.T) {
	s := startServer(t)
	other := s.addAccount(t)
	c := s.lambda()
	zip := base64.StdEncoding.EncodeToString(zipOf(t, helloZip))
	create := `{"FunctionName":"shape","Role":"` + role + `","Runtime":"python3.12","Handler":"app.handler","Code":{"ZipFile":"` + zip + `"},"Tags":{"a":"b"}}`
	fnARN := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:shape"
	const fn = "/2015-03-31/functions/shape"
	const url = "/2021-10-31/functions/shape/url"
	active := func(t *testing.T) { waitActive(t, c, "shape") }
	updated := func(t *testing.T) { waitUpdated(t, c, "shape") }
	ready := func(t *testing.T) {
		waitProvisioned(t, c, "shape", "live", types.ProvisionedConcurrencyStatusEnumReady)
	}
	boom := func(t *testing.T) {
		createFn(t, s, "boom", "python3.12", "app.handler", map[string]string{"app.py": "def handler(event, context):\n    raise ValueError('boom')\n"}, nil)
	}

	runGolden(t, s, append([]exchange{
		// Functions and layers.
		lambdaCall("create-function", "POST", "/2015-03-31/functions", create).then(active),
		lambdaCall("get-function", "GET", fn, ""),
		lambdaCall("get-function-configuration", "GET", fn+"/configuration", ""),
		lambdaCall("list-functions", "GET", "/2015-03-31/functions", ""),
		lambdaCall("list-tags", "GET", "/2017-03-31/tags/"+escapedARN(fnARN), ""),
		lambdaCall("get-account-settings", "GET", "/2016-08-19/account-settings", ""),
		lambdaCall("error-not-found", "GET", "/2015-03-31/functions/nope", ""),
		lambdaCall("publish-layer-version", "POST", "/2018-10-31/layers/shape/versions", `{"Content":{"ZipFile":"`+zip+`"},"CompatibleRuntimes":["python3.12"],"Description":"d","LicenseInfo":"MIT"}`),
		lambdaCall("get-layer-version", "GET", "/2018-10-31/layers/shape/versions/1", ""),
		lambdaCall("get-layer-version-by-arn", "GET", "/2018-10-31/layers?find=LayerVersion&Arn="+escapedARN("arn:aws:lambda:us-east-1:"+s.admin.AccountID+":layer:shape:1"), ""),
		lambdaCall("list-layers", "GET", "/2018-10-31/layers", ""),
		lambdaCall("list-layer-versions", "GET", "/2018-10-31/layers/shape/versions", ""),
		lambdaCall("add-layer-version-permission", "POST", "/2018-10-31/layers/shape/versions/1/policy", `{"StatementId":"s","Action":"lambda:GetLayerVersion","Principal":"*"}`),
		lambdaCall("get-layer-version-policy", "GET", "/2018-10-31/layers/shape/versions/1/policy", ""),
		lambdaCall("error-layer-not-found", "GET", "/2018-10-31/layers/shape/versions/2", ""),

		// Changing a function.
		lambdaCall("error-function-exists", "POST", "/2015-03-31/functions", create),
		lambdaCall("error-invalid-runtime", "POST", "/2015-03-31/functions", strings.Replace(create, "python3.12", "cobol", 1)),
		lambdaCall("error-malformed-json", "POST", "/2015-03-31/functions", `{"FunctionName":`),
		lambdaCall("error-invalid-function-name", "GET", "/2015-03-31/functions/bad%21name", ""),
		lambdaCall("error-member-type", "PUT", fn+"/configuration", `{"Timeout":"three"}`),
		lambdaCall("error-stale-revision", "PUT", fn+"/configuration", `{"Description":"stale","RevisionId":"00000000-0000-0000-0000-000000000000"}`),
		lambdaCall("update-function-configuration", "PUT", fn+"/configuration", `{"Description":"golden","Timeout":5}`).then(updated),
		lambdaCall("update-function-code", "PUT", fn+"/code", `{"ZipFile":"`+zip+`"}`).then(updated),
		lambdaCall("get-function-code-signing-config", "GET", "/2020-06-30/functions/shape/code-signing-config", ""),
		lambdaCall("get-runtime-management-config", "GET", "/2021-07-20/functions/shape/runtime-management-config", ""),
		lambdaCall("get-function-recursion-config", "GET", "/2024-08-31/functions/shape/recursion-config", ""),
		lambdaCall("put-function-recursion-config", "PUT", "/2024-08-31/functions/shape/recursion-config", `{"RecursiveLoop":"Terminate"}`),
		lambdaCall("error-put-function-recursion-config", "PUT", "/2024-08-31/functions/shape/recursion-config", `{"RecursiveLoop":"Sometimes"}`),
		lambdaCall("put-runtime-management-config", "PUT", "/2021-07-20/functions/shape/runtime-management-config", `{"UpdateRuntimeOn":"Auto"}`),
		lambdaCall("list-code-signing-configs", "GET", "/2020-04-22/code-signing-configs", ""),
		lambdaCall("error-put-function-code-signing-config", "PUT", "/2020-06-30/functions/shape/code-signing-config",
			`{"CodeSigningConfigArn":"arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdef0"}`),
		lambdaCall("error-create-code-signing-config", "POST", "/2020-04-22/code-signing-configs", `{"AllowedPublishers":{"SigningProfileVersionArns":["arn:aws:signer:us-east-1:123456789012:/signing-profiles/p"]}}`),
		lambdaCall("error-get-durable-execution", "GET", "/2025-12-01/durable-executions/"+strings.ReplaceAll(escapedARN(fnARN+":1/durable-execution/x/y"), "/", "%2F"), ""),
		lambdaCall("tag-resource", "POST", "/2017-03-31/tags/"+escapedARN(fnARN), `{"Tags":{"team":"golden"}}`),
		lambdaCall("untag-resource", "DELETE", "/2017-03-31/tags/"+escapedARN(fnARN)+"?tagKeys=team", ""),

		// Versions and aliases.
		lambdaCall("publish-version", "POST", fn+"/versions", `{"Description":"first"}`),
		lambdaCall("list-versions-by-function", "GET", fn+"/versions", ""),
		lambdaCall("create-alias", "POST", fn+"/aliases", `{"Name":"live","FunctionVersion":"1","Description":"d"}`),
		lambdaCall("get-alias", "GET", fn+"/aliases/live", ""),
		lambdaCall("update-alias", "PUT", fn+"/aliases/live", `{"Description":"updated"}`),
		lambdaCall("list-aliases", "GET", fn+"/aliases", ""),

		// Concurrency.
		lambdaCall("put-function-concurrency", "PUT", "/2017-10-31/functions/shape/concurrency", `{"ReservedConcurrentExecutions":0}`),
		lambdaCall("get-function-concurrency", "GET", "/2019-09-30/functions/shape/concurrency", ""),
		invocation("error-throttled", "shape", `{}`),
		lambdaCall("delete-function-concurrency", "DELETE", "/2017-10-31/functions/shape/concurrency", ""),
		lambdaCall("error-provisioned-not-found", "GET", "/2019-09-30/functions/shape/provisioned-concurrency?Qualifier=live", ""),
		lambdaCall("put-provisioned-concurrency-config", "PUT", "/2019-09-30/functions/shape/provisioned-concurrency?Qualifier=live", `{"ProvisionedConcurrentExecutions":1}`).then(ready),
		lambdaCall("get-provisioned-concurrency-config", "GET", "/2019-09-30/functions/shape/provisioned-concurrency?Qualifier=live", ""),
		lambdaCall("list-provisioned-concurrency-configs", "GET", "/2019-09-30/functions/shape/provisioned-concurrency?List=ALL", ""),
		lambdaCall("delete-provisioned-concurrency-config", "DELETE", "/2019-09-30/functions/shape/provisioned-concurrency?Qualifier=live", ""),

		// Asynchronous invocation settings.
		lambdaCall("put-function-event-invoke-config", "PUT", "/2019-09-25/functions/shape/event-invoke-config", `{"MaximumRetryAttempts":1}`),
		lambdaCall("update-function-event-invoke-config", "POST", "/2019-09-25/functions/shape/event-invoke-config", `{"MaximumEventAgeInSeconds":600}`),
		lambdaCall("get-function-event-invoke-config", "GET", "/2019-09-25/functions/shape/event-invoke-config", ""),
		lambdaCall("list-function-event-invoke-configs", "GET", "/2019-09-25/functions/shape/event-invoke-config/list", ""),
		lambdaCall("delete-function-event-invoke-config", "DELETE", "/2019-09-25/functions/shape/event-invoke-config", ""),

		// Resource-based policies and other accounts.
		lambdaCall("add-permission", "POST", fn+"/policy", `{"StatementId":"s3","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","SourceArn":"arn:aws:s3:::bucket"}`),
		lambdaCall("get-policy", "GET", fn+"/policy", ""),
		lambdaCall("error-policy-too-long", "POST", fn+"/policy", `{"StatementId":"long","Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","SourceArn":"arn:aws:s3:::`+strings.Repeat("b", 20000)+`"}`),
		lambdaCall("remove-permission", "DELETE", fn+"/policy/s3", ""),
		lambdaCall("error-access-denied", "GET", "/2015-03-31/functions", "").by(other),
		invocation("error-access-denied-invoke", escapedARN(fnARN), `{}`).by(other),

		// Function URLs.
		lambdaCall("create-function-url-config", "POST", url, `{"AuthType":"NONE","Cors":{"AllowOrigins":["https://example.com"],"AllowMethods":["GET","POST"],"MaxAge":300}}`),
		lambdaCall("create-function-url-config-alias", "POST", url+"?Qualifier=live", `{"AuthType":"AWS_IAM","InvokeMode":"RESPONSE_STREAM"}`),
		lambdaCall("get-function-url-config", "GET", url, ""),
		lambdaCall("update-function-url-config", "PUT", url, `{"AuthType":"AWS_IAM","Cors":{"AllowCredentials":true,"AllowOrigins":["*"],"ExposeHeaders":["x-id"]}}`),
		lambdaCall("list-function-url-configs", "GET", "/2021-10-31/functions/shape/urls", ""),
		lambdaCall("add-permission-function-url", "POST", fn+"/policy", `{"StatementId":"url","Action":"lambda:InvokeFunctionUrl","Principal":"*","FunctionUrlAuthType":"NONE"}`),
		lambdaCall("get-policy-function-url", "GET", fn+"/policy", ""),
		lambdaCall("remove-permission-function-url", "DELETE", fn+"/policy/url", ""),
		lambdaCall("error-function-url-exists", "POST", url, `{"AuthType":"NONE"}`),
		lambdaCall("error-function-url-version", "POST", url+"?Qualifier=1", `{"AuthType":"NONE"}`),
		lambdaCall("error-function-url-latest", "POST", url+"?Qualifier=%24LATEST", `{"AuthType":"NONE"}`),
		lambdaCall("error-function-url-no-alias", "POST", url+"?Qualifier=gone", `{"AuthType":"NONE"}`),
		lambdaCall("error-function-url-auth-type", "POST", url+"?Qualifier=live", `{"AuthType":"OPEN"}`),
		lambdaCall("error-function-url-cors", "PUT", url, `{"Cors":{"MaxAge":90000}}`),
		lambdaCall("error-function-url-function-not-found", "GET", "/2021-10-31/functions/nope/url", ""),
		lambdaCall("delete-function-url-config", "DELETE", url, ""),
		lambdaCall("error-function-url-not-found", "GET", url, ""),

		// Invoke.
		invocation("invoke", "shape", `{"hello":"world"}`),
		invocation("invoke-tail", "shape", `{"tail":true}`, "X-Amz-Log-Type", "Tail"),
		lambdaCall("invoke-alias", "POST", fn+"/invocations?Qualifier=live", `{}`).withHeader("X-Amz-Invocation-Type", "RequestResponse"),
		invocation("invoke-event", "shape", `{"event":true}`, "X-Amz-Invocation-Type", "Event"),
		invocation("invoke-dry-run", "shape", `{}`, "X-Amz-Invocation-Type", "DryRun"),
		invocation("invoke-function-error", "boom", `{}`).first(boom),
		invocation("error-invoke-payload", "shape", `not json`),
		invocation("error-invoke-type", "shape", `{}`, "X-Amz-Invocation-Type", "Sometimes"),
		invocation("error-event-too-large", "shape", `{"a":"`+strings.Repeat("x", 1<<20)+`"}`, "X-Amz-Invocation-Type", "Event"),
		streamInvocation("invoke-with-response-stream", "shape", `{"hello":"stream"}`),
		streamInvocation("invoke-with-response-stream-function-error", "boom", `{}`),
		streamInvocation("invoke-with-response-stream-dry-run", "shape", `{}`, "X-Amz-Invocation-Type", "DryRun"),
		streamInvocation("error-invoke-with-response-stream-type", "shape", `{}`, "X-Amz-Invocation-Type", "Event"),
		streamInvocation("error-invoke-with-response-stream-payload", "shape", `not json`),
		streamInvocation("error-invoke-with-response-stream-not-found", "nope", `{}`),

		// Removing things.
		lambdaCall("remove-layer-version-permission", "DELETE", "/2018-10-31/layers/shape/versions/1/policy/s", ""),
		lambdaCall("delete-layer-version", "DELETE", "/2018-10-31/layers/shape/versions/1", ""),
		lambdaCall("delete-alias", "DELETE", fn+"/aliases/live", ""),
		lambdaCall("list-function-url-configs-alias-deleted", "GET", "/2021-10-31/functions/shape/urls", ""),
		lambdaCall("delete-function", "DELETE", "/2015-03-31/functions/boom", ""),

		// Requests Lambda cannot serve.
		lambdaCall("error-unknown-path", "GET", "/2015-03-31/nothing", ""),
		lambdaCall("error-unknown-method", "PATCH", "/2015-03-31/functions", ""),
		lambdaCall("error-unsigned", "GET", "/2015-03-31/functions", "").by(account{}),
		lambdaCall("error-unknown-key", "GET", "/2015-03-31/functions", "").by(account{AccessKeyID: "AKIAUNKNOWNUNKNOWN00", SecretAccessKey: "secret"}),
		lambdaCall("error-bad-signature", "GET", "/2015-03-31/functions", "").by(account{AccessKeyID: s.admin.AccessKeyID, SecretAccessKey: "wrong"}),
		lambdaCall("error-access-denied-role-session", "GET", fn, "").bySession(func(t *testing.T) account {
			trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + s.admin.AccountID + `"},"Action":"sts:AssumeRole"}]}`
			out, err := s.iam().CreateRole(ctx(t), &iam.CreateRoleInput{RoleName: aws.String("reader"), AssumeRolePolicyDocument: aws.String(trust)})
			if err != nil {
				t.Fatal(err)
			}
			return s.assume(t, aws.ToString(out.Role.Arn), "golden")
		}),
	}, mappingExchanges(s, "shape")...))
}
