package pattern

import (
	"encoding/json"
	"testing"
)

// benchEvent is a typical EventBridge event of about 1 KB.
const benchEvent = `{
  "version": "0",
  "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "AWS API Call via CloudTrail",
  "source": "aws.s3",
  "account": "111122223333",
  "time": "2017-12-22T18:43:48Z",
  "region": "us-west-1",
  "resources": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/reports/2017/12/summary.csv"],
  "detail": {
    "eventVersion": "1.05",
    "userIdentity": {"type": "IAMUser", "principalId": "AIDAJDPLRKLG7UEXAMPLE", "arn": "arn:aws:iam::111122223333:user/alice",
      "accountId": "111122223333", "accessKeyId": "AKIAIOSFODNN7EXAMPLE", "userName": "alice"},
    "eventTime": "2017-12-22T18:43:48Z",
    "eventSource": "s3.amazonaws.com",
    "eventName": "PutObject",
    "awsRegion": "us-west-1",
    "sourceIPAddress": "203.0.113.17",
    "userAgent": "[aws-cli/1.16.96 Python/3.6.0 Windows/10 botocore/1.12.86]",
    "requestParameters": {"bucketName": "example-bucket", "key": "reports/2017/12/summary.csv", "x-amz-acl": "private"},
    "responseElements": null,
    "additionalEventData": {"bytesTransferredIn": 2048, "x-amz-id-2": "Ko3yTT7AkF4UgAd4o8FrTZ2c4PMj", "bytesTransferredOut": 0},
    "requestID": "1E7C7FCA4F4C1234",
    "eventID": "9c6b8a4e-4b1d-4e6c-8d2b-0f3c3b2a1d0e",
    "readOnly": false,
    "eventType": "AwsApiCall",
    "managementEvent": false,
    "recipientAccountId": "111122223333"
  }
}`

const benchPattern = `{
  "source": ["aws.s3"],
  "detail-type": ["AWS API Call via CloudTrail"],
  "detail": {
    "eventName": ["PutObject", "CopyObject", "CompleteMultipartUpload"],
    "requestParameters": {"key": [{"prefix": "reports/"}]},
    "additionalEventData": {"bytesTransferredIn": [{"numeric": [">", 0, "<=", 1048576]}]},
    "userIdentity": {"type": [{"anything-but": ["Root"]}]},
    "sourceIPAddress": [{"cidr": "203.0.113.0/24"}]
  }
}`

func BenchmarkMatch(b *testing.B) {
	p, err := Compile([]byte(benchPattern))
	if err != nil {
		b.Fatal(err)
	}
	event := []byte(benchEvent)
	if !p.Match(event) {
		b.Fatal("the pattern does not match the event")
	}
	b.SetBytes(int64(len(event)))
	b.ReportAllocs()
	for b.Loop() {
		p.Match(event)
	}
}

func BenchmarkMatchParallel(b *testing.B) {
	p, err := Compile([]byte(benchPattern))
	if err != nil {
		b.Fatal(err)
	}
	event := []byte(benchEvent)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p.Match(event)
		}
	})
}

func BenchmarkCompile(b *testing.B) {
	src := []byte(benchPattern)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSONValid is a yardstick: encoding/json only checking the same
// event. Match reads the event in one pass too, so it should cost about as
// much.
func BenchmarkJSONValid(b *testing.B) {
	event := []byte(benchEvent)
	b.SetBytes(int64(len(event)))
	for b.Loop() {
		json.Valid(event)
	}
}
