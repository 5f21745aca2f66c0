package asl

import "testing"

// TestDataFlow runs the AWS developer guide's input and output processing
// examples through the steps in the executor's order: InputPath,
// Parameters, the task, ResultSelector, ResultPath, OutputPath.
func TestDataFlow(t *testing.T) {
	t.Run("InputPathResultPathOutputPath", func(t *testing.T) {
		input := decode(t, `{"comment": "An input comment.", "data": {"val1": 23, "val2": 17}, "extra": "foo", "lambda": {"who": "AWS Step Functions"}}`)
		effective, err := Path("$.lambda", input, nil)
		if err != nil {
			t.Fatal(err)
		}
		result := "Hello, " + effective.(map[string]any)["who"].(string) + "!" // the task
		placed, err := PutResult("$.data.lambdaresult", false, input, result)
		if err != nil {
			t.Fatal(err)
		}
		output, err := Path("$.data", placed, nil)
		if err != nil {
			t.Fatal(err)
		}
		same(t, output, `{"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}`)
	})
	t.Run("ResultSelector", func(t *testing.T) {
		input := decode(t, `{"comment": "Example for ResultSelector."}`)
		result := decode(t, `{"resourceType": "elasticmapreduce", "resource": "createCluster.sync", "output": {"SdkHttpMetadata": {"HttpStatusCode": 200}, "SdkResponseMetadata": {"RequestId": "1234-5678-9012"}, "ClusterId": "AKIAIOSFODNN7EXAMPLE"}}`)
		selected, err := Payload(decode(t, `{"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"}`), result, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		output, err := PutResult("$.EMROutput", false, input, selected)
		if err != nil {
			t.Fatal(err)
		}
		same(t, output, `{"comment": "Example for ResultSelector.", "EMROutput": {"ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"}}`)
	})
	t.Run("ItemSelector", func(t *testing.T) {
		// The Map state's ItemSelector example: each item with the context's index.
		input := decode(t, `{"detail": {"shipped": [{"prod": "R31", "dest-code": 9511, "quantity": 1344}]}, "customer": "c-1"}`)
		ctx := decode(t, `{"Map": {"Item": {"Index": 0, "Value": {"prod": "R31", "dest-code": 9511, "quantity": 1344}}}}`)
		got, err := Payload(decode(t, `{"ContextIndex.$": "$$.Map.Item.Index", "ContextValue.$": "$$.Map.Item.Value", "customer.$": "$.customer"}`), input, ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		same(t, got, `{"ContextIndex": 0, "ContextValue": {"prod": "R31", "dest-code": 9511, "quantity": 1344}, "customer": "c-1"}`)
	})
}
