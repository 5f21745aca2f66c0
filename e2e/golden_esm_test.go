package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// mappingExchanges pins the event source mapping operations: a queue
// mapped to fn, read, listed, disabled and deleted, and the refusals.
func mappingExchanges(s *server, fn string) []exchange {
	const mappings = "/2015-03-31/event-source-mappings"
	queue := "arn:aws:sqs:us-east-1:" + s.admin.AccountID + ":golden"
	var uuid string
	mapping := func() string { return mappings + "/" + uuid }
	makeGoldenQueue := func(t *testing.T) { makeQueue(t, s, "golden", nil) }
	created := func(t *testing.T) {
		out, err := s.lambda().ListEventSourceMappings(ctx(t), &lambda.ListEventSourceMappingsInput{EventSourceArn: aws.String(queue)})
		if err != nil || len(out.EventSourceMappings) != 1 {
			t.Fatalf("the mapping made: %v %+v", err, out)
		}
		uuid = *out.EventSourceMappings[0].UUID
		waitMapping(t, s, uuid, "Enabled")
	}
	disabled := func(t *testing.T) { waitMapping(t, s, uuid, "Disabled") }
	create := `{"FunctionName":"` + fn + `","EventSourceArn":"` + queue + `","BatchSize":5,"FunctionResponseTypes":["ReportBatchItemFailures"],` +
		`"FilterCriteria":{"Filters":[{"Pattern":"{\"body\":{\"kind\":[\"order\"]}}"}]},"ScalingConfig":{"MaximumConcurrency":2}}`
	call := func(name, method, path, body string) exchange { return lambdaCall(name, method, path, body) }
	return []exchange{
		call("create-event-source-mapping", "POST", mappings, create).first(makeGoldenQueue).then(created),
		call("get-event-source-mapping", "GET", "", "").at(mapping),
		call("list-event-source-mappings", "GET", mappings+"?FunctionName="+fn, ""),
		call("update-event-source-mapping", "PUT", "", `{"Enabled":false}`).at(mapping),
		call("error-event-source-mapping-in-use", "PUT", "", `{"BatchSize":3}`).at(mapping).then(disabled),
		call("error-event-source-mapping-exists", "POST", mappings, create),
		call("error-event-source-mapping-batch-window", "POST", mappings, `{"FunctionName":"`+fn+`","EventSourceArn":"`+queue+`","BatchSize":11}`),
		call("error-event-source-mapping-no-queue", "POST", mappings, `{"FunctionName":"`+fn+`","EventSourceArn":"`+queue+`-nope"}`),
		call("error-event-source-mapping-filter", "POST", mappings,
			`{"FunctionName":"`+fn+`","EventSourceArn":"`+queue+`","FilterCriteria":{"Filters":[{"Pattern":"{\"body\": 1}"}]}}`),
		call("error-event-source-mapping-not-found", "GET", mappings+"/00000000-0000-4000-8000-000000000000", ""),
		call("delete-event-source-mapping", "DELETE", "", "").at(mapping),
	}
}
