package sam

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func expand(t *testing.T, template string, params map[string]string) (*Stack, error) {
	t.Helper()
	return Expand([]byte(template), Options{Stack: "st", Region: "eu-west-1", Account: "123456789012", BaseDir: "/src",
		Params: params, QueueURL: func(name string) string { return "http://h/123456789012/" + name }})
}

const intrinsics = `Parameters:
  Stage: {Type: String, Default: dev}
Globals:
  Function:
    Runtime: nodejs22.x
    Environment: {Variables: {A: global, B: global}}
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '${AWS::StackName}-${Stage}-q'
      RedrivePolicy: {maxReceiveCount: 3}
  F:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Join ['-', [fn, !Ref Stage]]
      CodeUri: ./code
      Handler: index.handler
      Environment:
        Variables:
          B: !GetAtt Q.Arn
          C: !Ref Q
          D: !Sub 'arn ${Q.Arn} in ${AWS::Region} ${!Literal}'
          E: !Ref AWS::NoValue
`

func TestExpandResolves(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		st, err := expand(t, intrinsics, nil)
		if err != nil {
			t.Fatal(err)
		}
		f := st.Functions[0]
		want := map[string]string{"A": "global", "B": "arn:aws:sqs:eu-west-1:123456789012:st-dev-q",
			"C": "http://h/123456789012/st-dev-q", "D": "arn arn:aws:sqs:eu-west-1:123456789012:st-dev-q in eu-west-1 ${Literal}"}
		if diff := cmp.Diff(want, f.Environment); diff != "" {
			t.Error(diff)
		}
		if f.Name != "fn-dev" || f.Runtime != "nodejs22.x" || f.CodeDir != "/src/code" || f.NewRole != "fn-dev-role" {
			t.Errorf("function = %+v", f)
		}
		if got := st.Queues[0].Attributes["RedrivePolicy"]; got != `{"maxReceiveCount":3}` {
			t.Errorf("RedrivePolicy = %s", got)
		}
	})
	t.Run("Override", func(t *testing.T) {
		st, err := expand(t, intrinsics, map[string]string{"Stage": "prod"})
		if err != nil || st.Functions[0].Name != "fn-prod" {
			t.Fatalf("%v, %v", st, err)
		}
	})
}

func TestExpandReports(t *testing.T) {
	cases := map[string]struct{ template, want string }{
		"UnknownType": {"Resources:\n  T: {Type: AWS::DynamoDB::Table}\n  B: {Type: AWS::DynamoDB::GlobalTable}\n",
			"resource types Virga does not deploy: B (AWS::DynamoDB::GlobalTable), T (AWS::DynamoDB::Table)"},
		"ForeignBucket": {"Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Events:\n        U: {Type: S3, Properties: {Bucket: other, Events: s3:ObjectCreated:*}}\n",
			`Bucket "other" must be a !Ref to an AWS::S3::Bucket of the template`},
		"BucketFilterRule": {"Resources:\n  B: {Type: AWS::S3::Bucket}\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Events:\n        U: {Type: S3, Properties: {Bucket: !Ref B, Events: s3:ObjectCreated:*, Filter: {S3Key: {Rules: [{Name: middle, Value: x}]}}}}\n",
			`S3 filter rule name "middle"`},
		"BucketProperty": {"Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {VersioningConfiguration: {Status: Enabled}}}\n",
			"property VersioningConfiguration is not supported"},
		"UnknownEvent": {"Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Events:\n        K: {Type: Kinesis}\n",
			`event type "Kinesis" is not served`},
		"MissingParameter": {"Parameters: {P: {Type: String}}\nResources:\n  Q: {Type: AWS::SQS::Queue}\n", "parameter P has no Default"},
		"UnknownRef":       {"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: !Ref Nope}\n", "Ref Nope"},
		"S3Code":           {"Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: s3://b/k}\n", "local directory"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := expand(t, c.template, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestExpandBuckets(t *testing.T) {
	st, err := expand(t, "Resources:\n  Named: {Type: AWS::S3::Bucket, Properties: {BucketName: my-files}}\n  Uploads: {Type: AWS::S3::Bucket}\n"+
		"  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      AutoPublishAlias: live\n      Environment: {Variables: {ARN: !GetAtt Uploads.Arn}}\n"+
		"      Events:\n        U: {Type: S3, Properties: {Bucket: !Ref Uploads, Events: s3:ObjectCreated:*}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Bucket{{Logical: "Named", Name: "my-files"}, {Logical: "Uploads", Name: "st-uploads", Notifications: []Notification{{
		Bucket: "st-uploads", Function: "arn:aws:lambda:eu-west-1:123456789012:function:st-F:live", Events: []string{"s3:ObjectCreated:*"}}}}}
	if diff := cmp.Diff(want, st.Buckets); diff != "" {
		t.Error(diff)
	}
	if got := st.Functions[0].Environment["ARN"]; got != "arn:aws:s3:::st-uploads" {
		t.Errorf("Uploads.Arn = %s", got)
	}
}

func TestSteps(t *testing.T) {
	cases := map[string][]Step{
		"AllAtOnce":                    nil,
		"Canary10Percent5Minutes":      {{0.10, 5 * time.Minute}},
		"Linear25PercentEvery1Minute":  {{0.25, time.Minute}, {0.50, time.Minute}, {0.75, time.Minute}},
		"Linear50PercentEvery2Minutes": {{0.50, 2 * time.Minute}},
	}
	for kind, want := range cases {
		got, err := Steps(kind)
		if err != nil || !cmp.Equal(got, want) {
			t.Errorf("Steps(%s) = %v, %v; want %v", kind, got, err, want)
		}
	}
	if _, err := Steps("Slowly"); err == nil {
		t.Error("Steps(Slowly) gave no error")
	}
}
