package sqs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// Send stores a message in the queue named by its ARN.
func (q *Queues) Send(ctx context.Context, queueARN string, in SendInput) (SendOutput, error) {
	rec, err := q.byARN(ctx, queueARN)
	if err != nil {
		return SendOutput{}, err
	}
	return q.send(ctx, rec, in)
}

func (q *Queues) send(ctx context.Context, rec *queue, in SendInput) (SendOutput, error) {
	if err := checkMessage(rec, &in); err != nil {
		return SendOutput{}, err
	}
	env := &envelope{Body: in.Body, Attrs: in.MessageAttributes, Sent: time.Now().UnixMilli(), Sender: in.SenderID}
	if t, ok := in.MessageSystemAttributes["AWSTraceHeader"]; ok {
		env.Trace = t.StringValue
	}
	out := SendOutput{
		MD5OfMessageBody:             md5Hex(in.Body),
		MD5OfMessageAttributes:       attributesMD5(in.MessageAttributes),
		MD5OfMessageSystemAttributes: attributesMD5(in.MessageSystemAttributes),
	}
	var err error
	if rec.fifo() {
		err = q.sendFIFO(ctx, rec, in, env, &out)
	} else {
		err = q.sendStandard(ctx, rec, in, env, &out)
	}
	return out, err
}

func (q *Queues) sendStandard(ctx context.Context, rec *queue, in SendInput, env *envelope, out *SendOutput) error {
	delay := rec.delay()
	if in.DelaySeconds != nil {
		delay = time.Duration(*in.DelaySeconds) * time.Second
	}
	if delay > 0 {
		env.ID = lambda.NewUUID()
		out.MessageID = env.ID
		return q.schedule(ctx, rec, env, delay)
	}
	ack, err := q.js.Publish(ctx, readySubject(rec.ID), env.encode())
	if err != nil {
		return fmt.Errorf("store message in %s: %w", rec.Name, err)
	}
	out.MessageID = messageID(rec.ID, ack.Sequence)
	return nil
}

// schedule stores a delayed message as a one-shot schedule that the store
// publishes to the queue's ready messages when the delay is over.
func (q *Queues) schedule(ctx context.Context, rec *queue, env *envelope, delay time.Duration) error {
	at := time.Now().Add(delay).Add(time.Second - 1).Truncate(time.Second).UTC()
	m := nats.NewMsg(delayedSubject(rec.ID, env.ID))
	m.Data = env.encode()
	m.Header.Set("Nats-Schedule", "@at "+at.Format(time.RFC3339))
	m.Header.Set("Nats-Schedule-Target", readySubject(rec.ID))
	if _, err := q.js.PublishMsg(ctx, m); err != nil {
		return fmt.Errorf("store delayed message in %s: %w", rec.Name, err)
	}
	return nil
}

func (q *Queues) sendFIFO(ctx context.Context, rec *queue, in SendInput, env *envelope, out *SendOutput) error {
	env.Group, env.Dedup = in.MessageGroupID, in.MessageDeduplicationID
	if env.Dedup == "" {
		sum := sha256.Sum256([]byte(in.Body))
		env.Dedup = hex.EncodeToString(sum[:])
	}
	if d := rec.delay(); d > 0 {
		env.VisibleAt = time.Now().Add(d).UnixMilli()
	}
	dedupKey := env.Dedup
	if rec.Attrs["DeduplicationScope"] == "messageGroup" {
		dedupKey = env.Group + "\x00" + env.Dedup
	}
	sum := sha256.Sum256([]byte(dedupKey))
	ack, err := q.js.Publish(ctx, groupSubject(rec.ID, env.Group), env.encode(), jetstream.WithMsgID(hex.EncodeToString(sum[:16])))
	if err != nil {
		return fmt.Errorf("store message in %s: %w", rec.Name, err)
	}
	out.MessageID = messageID(rec.ID, ack.Sequence)
	out.SequenceNumber = sequenceNumber(ack.Sequence)
	return nil
}

// groupToken is a message group id as a subject token.
func groupToken(group string) string {
	sum := sha256.Sum256([]byte(group))
	return hex.EncodeToString(sum[:12])
}

// checkMessage checks a message against its queue, as SendMessage does.
func checkMessage(rec *queue, in *SendInput) error {
	if in.Body == "" {
		return missing("MessageBody")
	}
	if err := checkBody(in.Body); err != nil {
		return err
	}
	if err := checkAttributeValues(in.MessageAttributes); err != nil {
		return err
	}
	if size := messageSize(in); size > rec.maxSize() {
		return invalidParameter("One or more parameters are invalid. Reason: Message must be shorter than %d bytes.", rec.maxSize())
	}
	if rec.fifo() {
		return checkFIFOMessage(rec, in)
	}
	if in.MessageDeduplicationID != "" {
		return invalidParameter("Value %s for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.", in.MessageDeduplicationID)
	}
	if d := in.DelaySeconds; d != nil && (*d < 0 || *d > 900) {
		return invalidParameter("Value %d for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.", *d)
	}
	return nil
}

func checkFIFOMessage(rec *queue, in *SendInput) error {
	switch {
	case in.MessageGroupID == "":
		return missing("MessageGroupId")
	case in.DelaySeconds != nil && *in.DelaySeconds != 0:
		return invalidParameter("Value %d for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.", *in.DelaySeconds)
	case in.MessageDeduplicationID == "" && rec.Attrs["ContentBasedDeduplication"] != "true":
		return invalidParameter("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
	case len(in.MessageGroupID) > 128:
		return invalidParameter("Value %s for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.", in.MessageGroupID)
	case len(in.MessageDeduplicationID) > 128:
		return invalidParameter("Value %s for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.", in.MessageDeduplicationID)
	}
	return nil
}

// checkBody refuses characters outside those XML allows, as SQS does.
func checkBody(body string) error {
	for i, r := range body {
		if r == utf8.RuneError && !validAt(body, i) || !allowedRune(r) {
			return aws.Errorf(ErrInvalidMessageContents, "Invalid binary character '#x%X' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF", r)
		}
	}
	return nil
}

func validAt(s string, i int) bool {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n == 3 // a real U+FFFD
}

func allowedRune(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// messageSize is the body and the attributes' names, types and values, as
// SQS counts them against MaximumMessageSize.
func messageSize(in *SendInput) int {
	n := len(in.Body)
	for name, v := range in.MessageAttributes {
		n += len(name) + len(v.DataType) + len(v.StringValue) + len(v.BinaryValue)
	}
	return n
}

// checkAttributeValues checks message attributes.
func checkAttributeValues(attrs map[string]MessageAttributeValue) error {
	if len(attrs) > 10 {
		return invalidParameter("Number of message attributes [%d] exceeds the allowed maximum [10].", len(attrs))
	}
	for name, v := range attrs {
		if err := checkAttribute(name, v); err != nil {
			return err
		}
	}
	return nil
}

func checkAttribute(name string, v MessageAttributeValue) error {
	switch {
	case name == "" || len(name) > 256 || !attributeNameRE.MatchString(name):
		return invalidParameter("The message attribute name '%s' is invalid. Attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters.", name)
	case strings.HasPrefix(strings.ToLower(name), "aws.") || strings.HasPrefix(strings.ToLower(name), "amazon."):
		return invalidParameter("You can't use the message attribute name '%s'. The prefixes AWS. and Amazon. are reserved.", name)
	case v.DataType == "":
		return invalidParameter("The message attribute '%s' must contain non-empty message attribute type.", name)
	case !knownType(v.DataType):
		return invalidParameter("The type of message (user) attribute '%s' is invalid. You must use only the following supported type prefixes: Binary, Number, String.", name)
	case isBinary(v.DataType) && len(v.BinaryValue) == 0, !isBinary(v.DataType) && v.StringValue == "":
		return invalidParameter("The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, baseType(v.DataType))
	case baseType(v.DataType) == "Number" && !isNumber(v.StringValue):
		return invalidParameter("Could not cast message attribute '%s' value to number.", name)
	}
	return nil
}

var attributeNameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

func baseType(t string) string {
	for _, b := range []string{"String", "Number", "Binary"} {
		if t == b || len(t) > len(b) && t[:len(b)+1] == b+"." {
			return b
		}
	}
	return t
}

func knownType(t string) bool {
	return baseType(t) != t || t == "String" || t == "Number" || t == "Binary"
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
