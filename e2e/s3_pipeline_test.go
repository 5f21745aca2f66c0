package e2e

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

// transformer is the seed's pipeline step: it reads each uploaded object,
// writes it upper-cased to another bucket, tries a bucket its role may not
// write, and starts a workflow for the key — all with boto3's default
// endpoint and credentials, which Virga gives every sandbox.
const transformer = `import json, os, urllib.parse
import boto3
from botocore.exceptions import ClientError

s3 = boto3.client("s3")
sfn = boto3.client("stepfunctions")

def handler(event, context):
    for r in event["Records"]:
        key = urllib.parse.unquote_plus(r["s3"]["object"]["key"])
        body = s3.get_object(Bucket=r["s3"]["bucket"]["name"], Key=key)["Body"].read()
        s3.put_object(Bucket="results", Key=key, Body=body.upper())
        denied = ""
        try:
            s3.put_object(Bucket="forbidden", Key=key, Body=body)
        except ClientError as e:
            denied = e.response["Error"]["Code"]
        sfn.start_execution(stateMachineArn=os.environ["MACHINE"], input=json.dumps({"key": key}))
        print("EVENT " + json.dumps({"key": key, "denied": denied}))
`

// TestS3Pipeline uploads a file into a bucket whose notifications invoke a
// Python function that transforms it into a second bucket and starts a
// state machine, as its execution role allows and no further.
func TestS3Pipeline(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	objects, workflows := s.s3(), s.sfn()
	for _, b := range []string{"uploads", "results", "forbidden"} {
		if _, err := objects.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	machine := createMachine(t, workflows, "thumbnails", "STANDARD", `{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`)
	role := aws.ToString(createRole(t, s.iam(), "transformer").Arn)
	policy := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::uploads/*"},
		{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::results/*"},
		{"Effect":"Allow","Action":"states:StartExecution","Resource":"` + machine + `"}]}`
	if _, err := s.iam().PutRolePolicy(ctx(t), &iam.PutRolePolicyInput{RoleName: aws.String("transformer"),
		PolicyName: aws.String("pipeline"), PolicyDocument: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	createFn(t, s, "transform", "python3.12", "app.handler", map[string]string{"app.py": transformer}, func(in *lambda.CreateFunctionInput) {
		in.Role, in.Timeout = aws.String(role), aws.Int32(30)
		in.Environment = &lambdatypes.Environment{Variables: map[string]string{"MACHINE": machine}}
	})
	allowS3(t, s, "transform", "uploads")
	fn := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:transform"
	if _, err := putNotifications(t, s, "uploads", map[string]any{"LambdaFunctionConfigurations": []any{
		map[string]any{"LambdaFunctionArn": fn, "Events": []string{"s3:ObjectCreated:*"}}}}); err != nil {
		t.Fatal(err)
	}
	upload(t, s, "uploads", map[string]string{"in/hello world.txt": "hello, pipeline"})

	ev := sunkEvents(t, s, "transform", 1, 60*time.Second)[0]
	if ev["key"] != "in/hello world.txt" || ev["denied"] != "AccessDenied" {
		t.Errorf("the function reported %v", ev)
	}
	out, err := objects.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("results"), Key: aws.String("in/hello world.txt")})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(out.Body)
	out.Body.Close()
	if string(body) != "HELLO, PIPELINE" {
		t.Errorf("results/in/hello world.txt = %q", body)
	}
	if _, err := objects.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: aws.String("forbidden"), Key: aws.String("in/hello world.txt")}); err == nil {
		t.Error("the function wrote to a bucket its role may not write")
	}
	execs, err := workflows.ListExecutions(ctx(t), &sfn.ListExecutionsInput{StateMachineArn: aws.String(machine)})
	if err != nil || len(execs.Executions) != 1 {
		t.Fatalf("executions %+v, %v", execs, err)
	}
	done := waitExecution(t, workflows, aws.ToString(execs.Executions[0].ExecutionArn), 30*time.Second)
	var input map[string]string
	if err := json.Unmarshal([]byte(aws.ToString(done.Input)), &input); err != nil || !strings.HasSuffix(input["key"], "hello world.txt") {
		t.Errorf("execution input %q", aws.ToString(done.Input))
	}
}
