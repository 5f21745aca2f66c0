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

// BasicExecutionRole is the managed policy of a function's default role.
const BasicExecutionRole = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"

// passRoleTo lets a principal hand roles to one service, as the full-access
// policies of services that run under a role do.
func passRoleTo(service, operator string) string {
	return `{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/*",` +
		`"Condition":{"` + operator + `":{"iam:PassedToService":"` + service + `"}}}`
}

// managed are the AWS managed policies Lambda functions commonly use, by
// ARN, with the statements AWS publishes for them, except those granting
// only services Virga will never serve: AmazonSNSFullAccess without End
// User Messaging, AmazonEventBridgeFullAccess without Secrets Manager and
// service-linked roles, CloudWatchLogsFullAccess without CloudWatch's query
// summaries. Their ids are Virga's own, stable across servers.
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
	"AWSLambda_FullAccess": `{"Effect":"Allow","Action":["cloudformation:DescribeStacks","cloudformation:ListStackResources",` +
		`"cloudwatch:ListMetrics","cloudwatch:GetMetricData","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs",` +
		`"kms:ListAliases","iam:GetPolicy","iam:GetPolicyVersion","iam:GetRole","iam:GetRolePolicy","iam:ListAttachedRolePolicies",` +
		`"iam:ListRolePolicies","iam:ListRoles","lambda:*","logs:DescribeLogGroups","states:DescribeStateMachine",` +
		`"states:ListStateMachines","tag:GetResources","xray:GetTraceSummaries","xray:BatchGetTraces"],"Resource":"*"},` +
		`{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}},` +
		`{"Effect":"Allow","Action":["logs:DescribeLogStreams","logs:GetLogEvents","logs:FilterLogEvents","logs:StartLiveTail",` +
		`"logs:StopLiveTail"],"Resource":"arn:aws:logs:*:*:log-group:/aws/lambda/*"}`,
	"AWSLambda_ReadOnlyAccess": `{"Effect":"Allow","Action":["lambda:Get*","lambda:List*","logs:DescribeLogGroups","logs:FilterLogEvents","logs:GetLogEvents","iam:GetRole","iam:ListRoles"],"Resource":"*"}`,
	"service-role/AWSLambdaSQSQueueExecutionRole": `{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage",` +
		`"sqs:GetQueueAttributes","logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}`,
	"service-role/AWSLambdaDynamoDBExecutionRole": `{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords",` +
		`"dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":"*"},` + logsStatement,
	"service-role/AWSLambdaKinesisExecutionRole": `{"Effect":"Allow","Action":["kinesis:DescribeStream","kinesis:DescribeStreamSummary",` +
		`"kinesis:GetRecords","kinesis:GetShardIterator","kinesis:ListShards","kinesis:ListStreams","kinesis:SubscribeToShard"],` +
		`"Resource":"*"},` + logsStatement,
	"AmazonSQSFullAccess":      `{"Sid":"SQSFullAccess","Effect":"Allow","Action":["sqs:*"],"Resource":"*"}`,
	"AmazonSNSFullAccess":      `{"Sid":"SNSFullAccess","Effect":"Allow","Action":"sns:*","Resource":"*"}`,
	"AmazonS3FullAccess":       `{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}`,
	"AmazonS3ReadOnlyAccess":   `{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}`,
	"CloudWatchLogsFullAccess": `{"Sid":"CloudWatchLogsFullAccess","Effect":"Allow","Action":["logs:*","cloudwatch:GenerateQuery"],"Resource":"*"}`,
	"AmazonEventBridgeFullAccess": `{"Sid":"EventBridgeActions","Effect":"Allow","Action":["events:*","schemas:*","scheduler:*","pipes:*"],"Resource":"*"},` +
		passRoleTo("events.amazonaws.com", "StringLike") + `,` + passRoleTo("scheduler.amazonaws.com", "StringLike") + `,` +
		passRoleTo("pipes.amazonaws.com", "StringLike"),
	"AWSStepFunctionsFullAccess": `{"Effect":"Allow","Action":"states:*","Resource":"*"},` + passRoleTo("states.amazonaws.com", "StringEquals") +
		`,{"Effect":"Allow","Action":["xray:GetTraceSummaries","xray:BatchGetTraces"],"Resource":"*"}`,
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
