package sqs

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
)

// SendInput is one message to send.
type SendInput struct {
	Body string
	// DelaySeconds overrides the queue's delay when set (standard queues only).
	DelaySeconds *int
	// MessageAttributes are the sender's attributes.
	MessageAttributes map[string]MessageAttributeValue
	// MessageSystemAttributes holds AWSTraceHeader, the one system attribute
	// a sender may set.
	MessageSystemAttributes map[string]MessageAttributeValue
	// MessageGroupID and MessageDeduplicationID are for FIFO queues.
	MessageGroupID, MessageDeduplicationID string
	// SenderID is who sent it, as the SenderId attribute shows.
	SenderID string
}

// SendOutput is what SendMessage answers.
type SendOutput struct {
	MessageID                    string
	MD5OfMessageBody             string
	MD5OfMessageAttributes       string
	MD5OfMessageSystemAttributes string
	// SequenceNumber is set for FIFO queues.
	SequenceNumber string
}

// ReceiveInput says how many messages to take and for how long.
type ReceiveInput struct {
	// Max is 1 to 10; 0 means 1.
	Max int
	// Wait is how long to wait for a first message (long polling).
	Wait time.Duration
	// Visibility is how long received messages stay hidden: 0 means the
	// queue's VisibilityTimeout, a negative value means none at all (the
	// messages are visible again at once).
	Visibility time.Duration
	// AttributeNames are the system attributes to return ("All" for every one).
	AttributeNames []string
	// MessageAttributeNames are the message attributes to return: names,
	// prefixes ending in ".*", or "All" / ".*".
	MessageAttributeNames []string
}

// Message is a received message.
type Message struct {
	MessageID     string
	ReceiptHandle string
	Body          string
	// Attributes are the system attributes asked for, named as SQS names
	// them (ApproximateReceiveCount, SentTimestamp, …).
	Attributes             map[string]string
	MessageAttributes      map[string]MessageAttributeValue
	MD5OfBody              string
	MD5OfMessageAttributes string
}

// MessageAttributeValue is a message attribute: DataType is String,
// Number or Binary, optionally followed by ".custom".
type MessageAttributeValue struct {
	DataType    string
	StringValue string
	BinaryValue []byte
}

// envelope is a message as it is stored in its queue's stream.
type envelope struct {
	// ID is set when the message came from another queue (a dead-letter
	// move) and keeps its first id; otherwise the id derives from the
	// stream sequence.
	ID     string                           `json:"i,omitempty"`
	Body   string                           `json:"b"`
	Attrs  map[string]MessageAttributeValue `json:"a,omitempty"`
	Trace  string                           `json:"x,omitempty"`
	Sent   int64                            `json:"t"`
	Sender string                           `json:"s,omitempty"`
	Group  string                           `json:"g,omitempty"`
	Dedup  string                           `json:"d,omitempty"`
	// VisibleAt (Unix ms) delays a FIFO message.
	VisibleAt int64 `json:"v,omitempty"`
	// Source is the ARN of the queue a dead-lettered message came from.
	Source string `json:"src,omitempty"`
}

func (e *envelope) encode() []byte {
	data, _ := json.Marshal(e) // only strings, numbers and byte slices
	return data
}

func decodeEnvelope(data []byte) (envelope, error) {
	var e envelope
	if err := json.Unmarshal(data, &e); err != nil {
		return e, fmt.Errorf("decode stored message: %w", err)
	}
	return e, nil
}

// messageID is the id of the message stored at seq in the queue whose
// stream id is queueID: a UUID derived from both, so that a duplicate send
// learns the first one's id from its sequence alone.
func messageID(queueID string, seq uint64) string {
	h := sha256.New()
	h.Write([]byte(queueID))
	_ = binary.Write(h, binary.BigEndian, seq)
	var b [16]byte
	copy(b[:], h.Sum(nil))
	return lambda.FormatUUID(b)
}

func (e *envelope) id(queueID string, seq uint64) string {
	if e.ID != "" {
		return e.ID
	}
	return messageID(queueID, seq)
}

// sequenceNumber is a FIFO message's SequenceNumber: 20 digits, as AWS's.
func sequenceNumber(seq uint64) string { return fmt.Sprintf("%020d", seq) }

// systemAttributes are the system attributes of a received message.
func (e *envelope) systemAttributes(receives int, firstReceive time.Time, seq uint64) map[string]string {
	a := map[string]string{
		"ApproximateReceiveCount":          strconv.Itoa(receives),
		"SentTimestamp":                    strconv.FormatInt(e.Sent, 10),
		"SenderId":                         e.Sender,
		"ApproximateFirstReceiveTimestamp": strconv.FormatInt(firstReceive.UnixMilli(), 10),
	}
	if e.Trace != "" {
		a["AWSTraceHeader"] = e.Trace
	}
	if e.Source != "" {
		a["DeadLetterQueueSourceArn"] = e.Source
	}
	if e.Group != "" {
		a["MessageGroupId"] = e.Group
		a["MessageDeduplicationId"] = e.Dedup
		a["SequenceNumber"] = sequenceNumber(seq)
	}
	return a
}

// systemAttributeNames are the names ReceiveMessage accepts in
// AttributeNames / MessageSystemAttributeNames.
var systemAttributeNames = map[string]bool{
	"All": true, "SenderId": true, "SentTimestamp": true, "ApproximateReceiveCount": true,
	"ApproximateFirstReceiveTimestamp": true, "SequenceNumber": true, "MessageDeduplicationId": true,
	"MessageGroupId": true, "AWSTraceHeader": true, "DeadLetterQueueSourceArn": true,
}

// pick keeps the attributes names asks for.
func pick(all map[string]string, names []string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		if n == "All" {
			return all
		}
		if v, ok := all[n]; ok {
			out[n] = v
		}
	}
	return out
}

// pickMessageAttributes keeps the message attributes names asks for.
func pickMessageAttributes(all map[string]MessageAttributeValue, names []string) map[string]MessageAttributeValue {
	out := map[string]MessageAttributeValue{}
	for k, v := range all {
		if wanted(k, names) {
			out[k] = v
		}
	}
	return out
}

func wanted(name string, names []string) bool {
	for _, n := range names {
		switch {
		case n == "All" || n == ".*" || n == name:
			return true
		case len(n) > 2 && n[len(n)-2:] == ".*" && len(name) >= len(n)-1 && name[:len(n)-1] == n[:len(n)-1]:
			return true
		}
	}
	return false
}
