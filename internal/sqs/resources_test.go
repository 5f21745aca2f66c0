package sqs

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/sigv4"
)

// TestQueueResource names the queue of each way a request can name one,
// in both protocols.
func TestQueueResource(t *testing.T) {
	q := &Queues{cfg: Config{Region: "us-east-1"}}
	queue := "arn:aws:sqs:us-east-1:" + account + ":orders"
	asJSON := awsproto.NewJSON("1.0", "AmazonSQS.", "SQS", nil)
	asQuery := awsproto.NewQuery(xmlNamespace, nil)
	cases := []struct {
		name, path, body string
		protocol         awsproto.Protocol
		want             string
	}{
		{"QueueUrl", "/", `{"QueueUrl":"http://127.0.0.1:9000/` + account + `/orders","MessageBody":"x"}`, asJSON, queue},
		{"QueueName", "/", `{"QueueName":"orders"}`, asJSON, queue},
		{"QueueOwner", "/", `{"QueueName":"orders","QueueOwnerAWSAccountId":"444455556666"}`, asJSON, "arn:aws:sqs:us-east-1:444455556666:orders"},
		{"SourceArn", "/", `{"SourceArn":"` + queue + `"}`, asJSON, queue},
		{"Malformed", "/", `{"QueueUrl":`, asJSON, "*"},
		{"NoQueue", "/", `{}`, asJSON, "*"},
		{"QueryQueueUrl", "/", "Action=SendMessage&MessageBody=x&QueueUrl=http%3A%2F%2Fh%2F" + account + "%2Forders", asQuery, queue},
		{"QueryPath", "/" + account + "/orders", "Action=ReceiveMessage", asQuery, queue},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &awsproto.Call{R: httptest.NewRequest("POST", tc.path, strings.NewReader(tc.body)), Body: []byte(tc.body), Protocol: tc.protocol,
				Identity: sigv4.Identity{Key: sigv4.Key{Account: account}}}
			if got, err := q.queueResource(c); err != nil || got != tc.want {
				t.Errorf("queueResource = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestIAMAction(t *testing.T) {
	for op, want := range map[string]string{"SendMessageBatch": "sqs:sendmessage", "ReceiveMessage": "sqs:receivemessage",
		"ChangeMessageVisibilityBatch": "sqs:changemessagevisibility", "ListDeadLetterSourceQueues": "sqs:listdeadlettersourcequeues"} {
		if got := iamAction(op); got != want {
			t.Errorf("iamAction(%s) = %s, want %s", op, got, want)
		}
	}
}
