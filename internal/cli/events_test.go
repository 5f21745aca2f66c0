package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// TestSampleEvents: each sample decodes, without a field left over, into
// aws-lambda-go's type for its trigger.
func TestSampleEvents(t *testing.T) {
	types := map[string]any{
		"api": &events.APIGatewayProxyRequest{}, "httpapi": &events.APIGatewayV2HTTPRequest{},
		"sqs": &events.SQSEvent{}, "sns": &events.SNSEvent{}, "s3": &events.S3Event{},
		"schedule": &events.EventBridgeEvent{}, "eventbridge": &events.EventBridgeEvent{},
	}
	if got := len(sampleSources()); got != len(types) {
		t.Fatalf("%d samples for %d sources", got, len(types))
	}
	for source, v := range types {
		t.Run(source, func(t *testing.T) {
			var out, errs bytes.Buffer
			if code := Main(context.Background(), []string{"events", "generate", source}, &out, &errs); code != 0 {
				t.Fatalf("exit %d: %s", code, errs.String())
			}
			// AWS sends principalOrgId, which aws-lambda-go does not have yet.
			data := bytes.Replace(out.Bytes(), []byte(`"principalOrgId": null,`), nil, 1)
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			if err := dec.Decode(v); err != nil {
				t.Fatal(err)
			}
		})
	}
}
