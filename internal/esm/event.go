package esm

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Message is a message as the poller receives it from a queue.
type Message struct {
	MessageId         string
	ReceiptHandle     string
	Body              string
	Attributes        map[string]string
	MessageAttributes map[string]MessageAttribute
	MD5OfBody         string
	// MD5OfMessageAttributes is empty when the message has no attributes.
	MD5OfMessageAttributes string
}

// MessageAttribute is one typed attribute of a message.
type MessageAttribute struct {
	DataType    string
	StringValue string
	BinaryValue []byte
}

// record is one message in the SQS event a function receives, member for
// member as AWS sends it.
type record struct {
	MessageId              string               `json:"messageId"`
	ReceiptHandle          string               `json:"receiptHandle"`
	Body                   any                  `json:"body"`
	Attributes             map[string]string    `json:"attributes"`
	MessageAttributes      map[string]attribute `json:"messageAttributes"`
	MD5OfMessageAttributes string               `json:"md5OfMessageAttributes,omitempty"`
	MD5OfBody              string               `json:"md5OfBody"`
	EventSource            string               `json:"eventSource"`
	EventSourceARN         string               `json:"eventSourceARN"`
	AWSRegion              string               `json:"awsRegion"`
}

// attribute is a message attribute in the event.
type attribute struct {
	StringValue      *string  `json:"stringValue,omitempty"`
	BinaryValue      []byte   `json:"binaryValue,omitempty"`
	StringListValues []string `json:"stringListValues"`
	BinaryListValues [][]byte `json:"binaryListValues"`
	DataType         string   `json:"dataType"`
}

// newRecord is msg as an event record from queueARN in region.
func newRecord(msg Message, queueARN, region string) record {
	r := record{
		MessageId: msg.MessageId, ReceiptHandle: msg.ReceiptHandle, Body: msg.Body,
		Attributes: msg.Attributes, MessageAttributes: map[string]attribute{},
		MD5OfMessageAttributes: msg.MD5OfMessageAttributes, MD5OfBody: msg.MD5OfBody,
		EventSource: "aws:sqs", EventSourceARN: queueARN, AWSRegion: region,
	}
	if r.Attributes == nil {
		r.Attributes = map[string]string{}
	}
	for name, a := range msg.MessageAttributes {
		r.MessageAttributes[name] = eventAttribute(a)
	}
	return r
}

func eventAttribute(a MessageAttribute) attribute {
	out := attribute{StringListValues: []string{}, BinaryListValues: [][]byte{}, DataType: a.DataType}
	if a.BinaryValue != nil {
		out.BinaryValue = a.BinaryValue
	} else {
		s := a.StringValue
		out.StringValue = &s
	}
	return out
}

// filterInput is the record as filters see it: a body that is JSON is
// matched as JSON, any other body as a string.
func (r record) filterInput() ([]byte, error) {
	body := r.Body.(string)
	if json.Valid([]byte(body)) {
		r.Body = json.RawMessage(body)
	}
	return json.Marshal(r)
}

// event joins encoded records into the SQS event, {"Records": [...]}.
func event(records [][]byte) []byte {
	size := len(`{"Records":[]}`) + len(records)
	for _, r := range records {
		size += len(r)
	}
	b := bytes.NewBuffer(make([]byte, 0, size))
	b.WriteString(`{"Records":[`)
	for i, r := range records {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(r)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// encode is the record's JSON.
func (r record) encode() ([]byte, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode record of message %s: %w", r.MessageId, err)
	}
	return data, nil
}
