package sqs

import (
	"time"

	"github.com/virga-dev/virga/internal/aws"
)

// sendMessageInput is SendMessage's input and a SendMessageBatch entry.
type sendMessageInput struct {
	Id                      string
	MessageBody             string
	DelaySeconds            *int
	MessageAttributes       attributeMap `query:"MessageAttribute,flattened,key=Name,value=Value"`
	MessageSystemAttributes attributeMap `query:"MessageSystemAttribute,flattened,key=Name,value=Value"`
	MessageDeduplicationId  string
	MessageGroupId          string
}

type sendMessageOutput struct {
	MD5OfMessageBody             string
	MD5OfMessageAttributes       string `json:",omitempty" xml:",omitempty"`
	MD5OfMessageSystemAttributes string `json:",omitempty" xml:",omitempty"`
	MessageId                    string
	SequenceNumber               string `json:",omitempty" xml:",omitempty"`
}

func sendMessage(c *call, rec *queue, in *sendMessageInput) (any, error) {
	out, err := c.send(rec, in)
	if err != nil {
		return nil, err
	}
	return sendOutput(out), nil
}

func (c *call) send(rec *queue, in *sendMessageInput) (SendOutput, error) {
	sys := in.MessageSystemAttributes.values()
	for name, v := range sys {
		if name != "AWSTraceHeader" {
			return SendOutput{}, invalidParameter("Message system attribute name '%s' is invalid.", name)
		}
		if v.DataType != "String" {
			return SendOutput{}, invalidParameter("Message system attribute '%s' must be of type String.", name)
		}
	}
	return c.q.send(c.R.Context(), rec, SendInput{
		Body: in.MessageBody, DelaySeconds: in.DelaySeconds, MessageAttributes: in.MessageAttributes.values(),
		MessageSystemAttributes: sys, MessageGroupID: in.MessageGroupId, MessageDeduplicationID: in.MessageDeduplicationId,
		SenderID: c.Identity.Key.AccessKeyID,
	})
}

func sendOutput(out SendOutput) sendMessageOutput {
	return sendMessageOutput{
		MD5OfMessageBody: out.MD5OfMessageBody, MD5OfMessageAttributes: out.MD5OfMessageAttributes,
		MD5OfMessageSystemAttributes: out.MD5OfMessageSystemAttributes, MessageId: out.MessageID, SequenceNumber: out.SequenceNumber,
	}
}

type receiveMessageInput struct {
	AttributeNames              []string `query:",flattened,member=AttributeName"`
	MessageSystemAttributeNames []string `query:",flattened,member=MessageSystemAttributeName"`
	MessageAttributeNames       []string `query:",flattened,member=MessageAttributeName"`
	MaxNumberOfMessages         *int
	VisibilityTimeout           *int
	WaitTimeSeconds             *int
	ReceiveRequestAttemptId     string
}

type wireMessage struct {
	MessageId              string
	ReceiptHandle          string
	MD5OfBody              string
	Body                   string
	Attributes             attrMap      `json:",omitempty" xml:"Attribute"`
	MD5OfMessageAttributes string       `json:",omitempty" xml:",omitempty"`
	MessageAttributes      attributeMap `json:",omitempty" xml:"MessageAttribute"`
}

type receiveMessageOutput struct {
	Messages []wireMessage `json:",omitempty" xml:"Message"`
}

func receiveMessage(c *call, rec *queue, in *receiveMessageInput) (any, error) {
	rin, err := receiveInput(rec, in)
	if err != nil {
		return nil, err
	}
	msgs, err := c.q.receive(c.R.Context(), rec, rin)
	if err != nil {
		return nil, err
	}
	out := receiveMessageOutput{}
	for _, m := range msgs {
		out.Messages = append(out.Messages, wireMessage{
			MessageId: m.MessageID, ReceiptHandle: m.ReceiptHandle, MD5OfBody: m.MD5OfBody, Body: m.Body,
			Attributes: m.Attributes, MD5OfMessageAttributes: m.MD5OfMessageAttributes, MessageAttributes: wireAttributes(m.MessageAttributes),
		})
	}
	return out, nil
}

// receiveInput checks ReceiveMessage's parameters and fills in the
// queue's defaults.
func receiveInput(rec *queue, in *receiveMessageInput) (ReceiveInput, error) {
	out := ReceiveInput{Max: 1, Wait: rec.seconds("ReceiveMessageWaitTimeSeconds"), MessageAttributeNames: in.MessageAttributeNames}
	if n := in.MaxNumberOfMessages; n != nil {
		if *n < 1 || *n > 10 {
			return out, invalidParameter("Value %d for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", *n)
		}
		out.Max = *n
	}
	if w := in.WaitTimeSeconds; w != nil {
		if *w < 0 || *w > 20 {
			return out, invalidParameter("Value %d for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.", *w)
		}
		out.Wait = time.Duration(*w) * time.Second
	}
	if v := in.VisibilityTimeout; v != nil {
		if *v < 0 || *v > 43200 {
			return out, invalidParameter("Value %d for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.", *v)
		}
		out.Visibility = visibility(*v)
	}
	for _, n := range append(in.AttributeNames, in.MessageSystemAttributeNames...) {
		if !systemAttributeNames[n] && !settable[n] && !readOnly[n] {
			return out, aws.Errorf(ErrInvalidAttributeName, "Unknown Attribute %s.", n)
		}
		out.AttributeNames = append(out.AttributeNames, n)
	}
	return out, nil
}

// visibility is a VisibilityTimeout as ReceiveInput takes it.
func visibility(seconds int) time.Duration {
	if seconds == 0 {
		return -1
	}
	return time.Duration(seconds) * time.Second
}

// handleInput is the input of DeleteMessage and ChangeMessageVisibility,
// and an entry of their batches.
type handleInput struct {
	Id                string
	ReceiptHandle     string
	VisibilityTimeout *int
}

func deleteMessage(c *call, rec *queue, in *handleInput) (any, error) {
	return nil, c.delete(rec, in)
}

func (c *call) delete(rec *queue, in *handleInput) error {
	if in.ReceiptHandle == "" {
		return missing("ReceiptHandle")
	}
	return c.q.delete(c.R.Context(), rec, in.ReceiptHandle)
}

func changeMessageVisibility(c *call, rec *queue, in *handleInput) (any, error) {
	return nil, c.changeVisibility(rec, in)
}

func (c *call) changeVisibility(rec *queue, in *handleInput) error {
	switch v := in.VisibilityTimeout; {
	case in.ReceiptHandle == "":
		return missing("ReceiptHandle")
	case v == nil:
		return missing("VisibilityTimeout")
	case *v < 0 || *v > 43200:
		return invalidParameter("Value %d for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.", *v)
	}
	return c.q.changeVisibility(c.R.Context(), rec, in.ReceiptHandle, time.Duration(*in.VisibilityTimeout)*time.Second)
}
