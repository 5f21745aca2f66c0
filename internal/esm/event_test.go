package esm

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEventShape(t *testing.T) {
	msg := Message{
		MessageId: "id", ReceiptHandle: "rh", Body: "hello", MD5OfBody: "m1", MD5OfMessageAttributes: "m2",
		Attributes: map[string]string{"ApproximateReceiveCount": "1"},
		MessageAttributes: map[string]MessageAttribute{
			"s": {DataType: "String", StringValue: "v"},
			"b": {DataType: "Binary", BinaryValue: []byte{1, 2}},
		},
	}
	data, err := newRecord(msg, queueARN, region).encode()
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(event([][]byte{data}), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"Records": []any{map[string]any{
		"messageId": "id", "receiptHandle": "rh", "body": "hello",
		"attributes": map[string]any{"ApproximateReceiveCount": "1"},
		"messageAttributes": map[string]any{
			"s": map[string]any{"stringValue": "v", "stringListValues": []any{}, "binaryListValues": []any{}, "dataType": "String"},
			"b": map[string]any{"binaryValue": "AQI=", "stringListValues": []any{}, "binaryListValues": []any{}, "dataType": "Binary"},
		},
		"md5OfMessageAttributes": "m2", "md5OfBody": "m1",
		"eventSource": "aws:sqs", "eventSourceARN": queueARN, "awsRegion": region,
	}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got)\n%s", diff)
	}
}

func TestFilterInputParsesJSONBodies(t *testing.T) {
	for body, want := range map[string]any{
		`{"a": 1}`: map[string]any{"a": float64(1)},
		`[1]`:      []any{float64(1)},
		`plain`:    "plain",
		`{"a":`:    `{"a":`,
	} {
		in, err := newRecord(Message{Body: body}, queueARN, region).filterInput()
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Body any }
		if err := json.Unmarshal(in, &got); err != nil || !cmp.Equal(got.Body, want) {
			t.Errorf("body %s matched as %#v, want %#v", body, got.Body, want)
		}
	}
	if in, _ := newRecord(Message{}, queueARN, region).encode(); json.Valid(in) == false {
		t.Fatal("an empty message encodes to invalid JSON")
	}
}
