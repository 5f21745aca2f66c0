package awsproto

import (
	"encoding/json"
	"net/url"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The request shapes of the operations in testdata/form_fixtures.json, as a
// service would declare them. The bodies were written by botocore's own
// QuerySerializer (testdata/gen_form_fixtures.py).

type sqsAttributeValue struct {
	DataType         string
	StringValue      *string
	BinaryValue      []byte
	StringListValues []string `query:"StringListValue,flattened"`
	BinaryListValues [][]byte `query:"BinaryListValue,flattened"`
}

type sqsAttributes = map[string]sqsAttributeValue

type sqsSendMessage struct {
	QueueUrl                string
	MessageBody             string
	DelaySeconds            *int
	MessageAttributes       sqsAttributes `query:"MessageAttribute,flattened,key=Name,value=Value"`
	MessageSystemAttributes sqsAttributes `query:"MessageSystemAttribute,flattened,key=Name,value=Value"`
	MessageDeduplicationId  *string
	MessageGroupId          *string
}

type sqsSetQueueAttributes struct {
	QueueUrl   string
	Attributes map[string]string `query:"Attribute,flattened,key=Name,value=Value"`
}

type sqsBatchEntry struct {
	Id                string
	MessageBody       string
	DelaySeconds      *int
	MessageAttributes sqsAttributes `query:"MessageAttribute,flattened,key=Name,value=Value"`
	MessageGroupId    *string
}

type sqsSendMessageBatch struct {
	QueueUrl string
	Entries  []sqsBatchEntry `query:"Entries,flattened,member=SendMessageBatchRequestEntry"`
}

type sqsReceiveMessage struct {
	QueueUrl              string
	AttributeNames        []string `query:",flattened,member=AttributeName"`
	MessageAttributeNames []string `query:",flattened,member=MessageAttributeName"`
	MaxNumberOfMessages   *int32
	VisibilityTimeout     *int32
	WaitTimeSeconds       *int64
}

type sqsCreateQueue struct {
	QueueName  string
	Attributes map[string]string `query:"Attribute,flattened,key=Name,value=Value"`
	Tags       map[string]string `query:"Tag,flattened,key=Key,value=Value"`
}

type sqsUntagQueue struct {
	QueueUrl string
	TagKeys  []string `query:",flattened,member=TagKey"`
}

type snsAttributeValue struct {
	DataType    string
	StringValue *string
	BinaryValue []byte
}

type snsAttributes = map[string]snsAttributeValue

type tagPair struct{ Key, Value string }

type snsCreateTopic struct {
	Name                 string
	Attributes           map[string]string
	Tags                 []tagPair
	DataProtectionPolicy *string
}

type snsPublish struct {
	TopicArn          *string
	TargetArn         *string
	Message           string
	Subject           *string
	MessageStructure  *string
	MessageAttributes snsAttributes `query:",key=Name,value=Value"`
}

type snsSetSubscriptionAttributes struct {
	SubscriptionArn string
	AttributeName   string
	AttributeValue  *string
}

type snsBatchEntry struct {
	Id                     string
	Message                string
	Subject                *string
	MessageAttributes      snsAttributes `query:",key=Name,value=Value"`
	MessageDeduplicationId *string
	MessageGroupId         *string
}

type snsPublishBatch struct {
	TopicArn                   string
	PublishBatchRequestEntries []snsBatchEntry
}

type snsSubscribe struct {
	TopicArn              string
	Protocol              string
	Endpoint              *string
	Attributes            map[string]string
	ReturnSubscriptionArn bool
}

type iamCreateRole struct {
	Path                     *string
	RoleName                 string
	AssumeRolePolicyDocument string
	Description              *string
	MaxSessionDuration       *int32
	PermissionsBoundary      *string
	Tags                     []tagPair
}

type iamTagRole struct {
	RoleName string
	Tags     []tagPair
}

type iamUntagRole struct {
	RoleName string
	TagKeys  []string
}

type iamListRoles struct {
	PathPrefix *string
	Marker     *string
	MaxItems   *int32
}

type stsAssumeRole struct {
	RoleArn         string
	RoleSessionName string
	PolicyArns      []struct {
		Arn string `query:"arn"`
	}
	Policy            *string
	DurationSeconds   *int32
	Tags              []tagPair
	TransitiveTagKeys []string
	ExternalId        *string
}

func ptr[T any](v T) *T { return &v }

func TestDecodeFormBotocoreFixtures(t *testing.T) {
	bodies := readFixtures(t)
	cases := map[string]struct{ got, want any }{
		"SQSSendMessage": {new(sqsSendMessage), &sqsSendMessage{
			QueueUrl:     "http://localhost:9324/000000000000/orders",
			MessageBody:  "order #1 & more=stuff",
			DelaySeconds: ptr(5),
			MessageAttributes: sqsAttributes{
				"Greeting": {DataType: "String", StringValue: ptr("hello")},
				"Count":    {DataType: "Number", StringValue: ptr("42")},
				"Blob":     {DataType: "Binary", BinaryValue: []byte("\x00\x01binary\xff")},
				"Reserved": {DataType: "String", StringListValues: []string{"a", "b"}, BinaryListValues: [][]byte{[]byte("x")}},
			},
			MessageSystemAttributes: sqsAttributes{
				"AWSTraceHeader": {DataType: "String", StringValue: ptr("Root=1-5759e988-bd862e3fe1be46a994272793")},
			},
			MessageDeduplicationId: ptr("dedup-1"),
			MessageGroupId:         ptr("group-1"),
		}},
		"SQSSetQueueAttributes": {new(sqsSetQueueAttributes), &sqsSetQueueAttributes{
			QueueUrl:   "http://localhost:9324/000000000000/orders",
			Attributes: map[string]string{"VisibilityTimeout": "45", "DelaySeconds": "0", "Policy": `{"Version":"2012-10-17"}`},
		}},
		"SQSSendMessageBatch": {new(sqsSendMessageBatch), &sqsSendMessageBatch{
			QueueUrl: "http://localhost:9324/000000000000/orders",
			Entries: []sqsBatchEntry{
				{Id: "a", MessageBody: "first", MessageAttributes: sqsAttributes{"Greeting": {DataType: "String", StringValue: ptr("hello")}}},
				{Id: "b", MessageBody: "second", DelaySeconds: ptr(10)},
			},
		}},
		"SQSReceiveMessage": {new(sqsReceiveMessage), &sqsReceiveMessage{
			QueueUrl:              "http://localhost:9324/000000000000/orders",
			AttributeNames:        []string{"All", "ApproximateReceiveCount"},
			MessageAttributeNames: []string{},
			MaxNumberOfMessages:   ptr[int32](10),
			WaitTimeSeconds:       ptr[int64](20),
		}},
		"SQSCreateQueue": {new(sqsCreateQueue), &sqsCreateQueue{
			QueueName:  "orders.fifo",
			Attributes: map[string]string{"FifoQueue": "true"},
			Tags:       map[string]string{"team": "payments", "env": "dev"},
		}},
		"SQSUntagQueue": {new(sqsUntagQueue), &sqsUntagQueue{
			QueueUrl: "http://localhost:9324/000000000000/orders",
			TagKeys:  []string{"team", "env"},
		}},
		"SNSCreateTopic": {new(snsCreateTopic), &snsCreateTopic{
			Name:       "orders.fifo",
			Attributes: map[string]string{"FifoTopic": "true", "DisplayName": "Orders"},
			Tags:       []tagPair{{"team", "payments"}, {"env", ""}},
		}},
		"SNSPublish": {new(snsPublish), &snsPublish{
			TopicArn: ptr("arn:aws:sns:us-east-1:000000000000:orders"),
			Message:  "hello, world",
			Subject:  ptr("greeting"),
			MessageAttributes: snsAttributes{
				"Greeting": {DataType: "String", StringValue: ptr("hello")},
				"Colours":  {DataType: "String.Array", StringValue: ptr(`["red","green"]`)},
				"Blob":     {DataType: "Binary", BinaryValue: []byte{0xde, 0xad, 0xbe, 0xef}},
			},
		}},
		"SNSSetSubscriptionAttributes": {new(snsSetSubscriptionAttributes), &snsSetSubscriptionAttributes{
			SubscriptionArn: "arn:aws:sns:us-east-1:000000000000:orders:6b0e71bd-7e97-4d97-80ce-4a0994e55286",
			AttributeName:   "RawMessageDelivery",
			AttributeValue:  ptr("true"),
		}},
		"SNSPublishBatch": {new(snsPublishBatch), &snsPublishBatch{
			TopicArn: "arn:aws:sns:us-east-1:000000000000:orders",
			PublishBatchRequestEntries: []snsBatchEntry{
				{Id: "1", Message: "first", MessageAttributes: snsAttributes{"Greeting": {DataType: "String", StringValue: ptr("hello")}}},
				{Id: "2", Message: "second", MessageGroupId: ptr("g"), MessageDeduplicationId: ptr("d")},
			},
		}},
		"SNSSubscribe": {new(snsSubscribe), &snsSubscribe{
			TopicArn:              "arn:aws:sns:us-east-1:000000000000:orders",
			Protocol:              "sqs",
			Endpoint:              ptr("arn:aws:sqs:us-east-1:000000000000:orders"),
			Attributes:            map[string]string{"RawMessageDelivery": "true"},
			ReturnSubscriptionArn: true,
		}},
		"IAMCreateRole": {new(iamCreateRole), &iamCreateRole{
			Path:                     ptr("/service/"),
			RoleName:                 "lambda-exec",
			AssumeRolePolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			Description:              ptr("runs functions"),
			MaxSessionDuration:       ptr[int32](7200),
			Tags:                     []tagPair{{"team", "payments"}, {"cost centre", "42"}},
		}},
		"IAMTagRole":      {new(iamTagRole), &iamTagRole{RoleName: "lambda-exec", Tags: []tagPair{{"env", "dev"}}}},
		"IAMTagRoleEmpty": {new(iamTagRole), &iamTagRole{RoleName: "lambda-exec", Tags: []tagPair{}}},
		"IAMUntagRole":    {new(iamUntagRole), &iamUntagRole{RoleName: "lambda-exec", TagKeys: []string{"team", "cost centre"}}},
		"IAMListRoles":    {new(iamListRoles), &iamListRoles{PathPrefix: ptr("/service/"), MaxItems: ptr[int32](100)}},
		"STSAssumeRole": {new(stsAssumeRole), &stsAssumeRole{
			RoleArn:         "arn:aws:iam::000000000000:role/lambda-exec",
			RoleSessionName: "session-1",
			PolicyArns: []struct {
				Arn string `query:"arn"`
			}{{Arn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			DurationSeconds:   ptr[int32](900),
			Tags:              []tagPair{{"project", "virga"}},
			TransitiveTagKeys: []string{"project"},
		}},
	}
	for name := range bodies {
		if _, ok := cases[name]; !ok {
			t.Errorf("fixture %s has no test case", name)
		}
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			body, ok := bodies[name]
			if !ok {
				t.Fatalf("no fixture %s in testdata/form_fixtures.json", name)
			}
			values, err := url.ParseQuery(body)
			if err != nil {
				t.Fatal(err)
			}
			if err := DecodeForm(values, c.got); err != nil {
				t.Fatalf("DecodeForm: %v", err)
			}
			if diff := cmp.Diff(c.want, c.got); diff != "" {
				t.Errorf("decoded request (-want +got):\n%s", diff)
			}
		})
	}
}

// readFixtures returns the body of each fixture, by name.
func readFixtures(t testing.TB) map[string]string {
	t.Helper()
	data, err := os.ReadFile("testdata/form_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Fixtures []struct{ Name, Body string }
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, f := range file.Fixtures {
		bodies[f.Name] = f.Body
	}
	return bodies
}
