package iam

import (
	"crypto/sha256"
	"encoding/base32"
	"strings"
	"time"
)

// logsStatement lets a function write its logs, as every execution role
// among AWS's managed policies does.
const logsStatement = `{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}`

// managed are the AWS managed policies Lambda functions commonly use, by
// ARN. Their documents abridge AWS's to the statements that matter for
// Lambda; their ids are Virga's own, stable across servers.
var managed = managedPolicies(map[string]string{
	"service-role/AWSLambdaBasicExecutionRole": logsStatement,
	"service-role/AWSLambdaVPCAccessExecutionRole": logsStatement + `,{"Effect":"Allow","Action":["ec2:CreateNetworkInterface",` +
		`"ec2:DescribeNetworkInterfaces","ec2:DescribeSubnets","ec2:DeleteNetworkInterface","ec2:AssignPrivateIpAddresses",` +
		`"ec2:UnassignPrivateIpAddresses"],"Resource":"*"}`,
	"service-role/AWSLambdaRole": `{"Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":["*"]}`,
	"AWSXRayDaemonWriteAccess": `{"Effect":"Allow","Action":["xray:PutTraceSegments","xray:PutTelemetryRecords",` +
		`"xray:GetSamplingRules","xray:GetSamplingTargets","xray:GetSamplingStatisticSummaries"],"Resource":["*"]}`,
	"AWSLambdaExecute": `{"Effect":"Allow","Action":["logs:*"],"Resource":"arn:aws:logs:*:*:*"},` +
		`{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::*"}`,
	"AWSLambda_FullAccess":     `{"Effect":"Allow","Action":["lambda:*","logs:DescribeLogGroups","logs:FilterLogEvents","logs:GetLogEvents","iam:ListRoles","iam:GetRole","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRolePolicy","iam:ListAttachedRolePolicies","iam:ListRolePolicies"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}`,
	"AWSLambda_ReadOnlyAccess": `{"Effect":"Allow","Action":["lambda:Get*","lambda:List*","logs:DescribeLogGroups","logs:FilterLogEvents","logs:GetLogEvents","iam:GetRole","iam:ListRoles"],"Resource":"*"}`,
	"service-role/AWSLambdaSQSQueueExecutionRole": `{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage",` +
		`"sqs:GetQueueAttributes"],"Resource":"*"},` + logsStatement,
	"service-role/AWSLambdaDynamoDBExecutionRole": `{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords",` +
		`"dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":"*"},` + logsStatement,
	"service-role/AWSLambdaKinesisExecutionRole": `{"Effect":"Allow","Action":["kinesis:DescribeStream","kinesis:DescribeStreamSummary",` +
		`"kinesis:GetRecords","kinesis:GetShardIterator","kinesis:ListShards","kinesis:ListStreams","kinesis:SubscribeToShard"],` +
		`"Resource":"*"},` + logsStatement,
})

// managedPolicies builds the table from each policy's path and name and
// its statements.
func managedPolicies(statements map[string]string) map[string]Policy {
	created := time.Date(2015, 4, 9, 15, 3, 43, 0, time.UTC)
	out := make(map[string]Policy, len(statements))
	for pathName, st := range statements {
		i := strings.LastIndex(pathName, "/")
		name, path := pathName[i+1:], "/"+pathName[:i+1]
		sum := sha256.Sum256([]byte(pathName))
		id := base32.StdEncoding.EncodeToString(sum[:])[:17]
		arn := "arn:aws:iam::aws:policy" + path + name
		out[arn] = Policy{
			PolicyName: name, PolicyId: "ANPA" + id, Arn: arn, Path: path, DefaultVersionId: "v1",
			CreateDate: created, UpdateDate: created,
			Document: `{"Version":"2012-10-17","Statement":[` + st + `]}`,
		}
	}
	return out
}
