package sns

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/sigv4"
)

// TestResources names the topic (or number) each operation acts on and
// the action SNS spells in its refusals.
func TestResources(t *testing.T) {
	tp := &Topics{cfg: Config{Region: "us-east-1"}}
	const topic = "arn:aws:sns:us-east-1:123456789012:t"
	query := awsproto.NewQuery(xmlNamespace, nil)
	for _, tc := range []struct {
		op             string
		form           url.Values
		action, target string
	}{
		{"CreateTopic", url.Values{"Name": {"t"}}, "SNS:CreateTopic", topic},
		{"Publish", url.Values{"TopicArn": {topic}, "Message": {"m"}}, "SNS:Publish", topic},
		{"Publish", url.Values{"PhoneNumber": {"+15555550100"}}, "SNS:Publish", "+15555550100"},
		{"PublishBatch", url.Values{"TopicArn": {topic}}, "SNS:Publish", topic},
		{"TagResource", url.Values{"ResourceArn": {topic}}, "SNS:TagResource", topic},
		{"Subscribe", url.Values{}, "SNS:Subscribe", "*"},
	} {
		op := tp.judged([]awsproto.Operation{{Name: tc.op}})[0]
		body := []byte(tc.form.Encode())
		c := &awsproto.Call{R: httptest.NewRequest("POST", "/", nil), Body: body, Protocol: query,
			Identity: sigv4.Identity{Key: sigv4.Key{Account: "123456789012"}}}
		got, err := op.Resource(c)
		if op.Action != tc.action || err != nil || got != tc.target {
			t.Errorf("%s %v: %s on %q (%v), want %s on %s", tc.op, tc.form, op.Action, got, err, tc.action, tc.target)
		}
	}
	if op := tp.judged([]awsproto.Operation{{Name: "Unsubscribe"}})[0]; op.Resource != nil {
		t.Error("Unsubscribe names a resource")
	}
}
