package sns

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// PublishInput is one message to publish.
type PublishInput struct {
	TopicArn               string
	Message                string
	Subject                *string
	MessageStructure       *string
	MessageAttributes      map[string]attribute
	MessageGroupId         *string
	MessageDeduplicationId *string
}

// PublishOutput is what Publish answers.
type PublishOutput struct {
	MessageId      string
	SequenceNumber string
}

// Publish stores a message for every subscription of its topic and
// returns once the store holds it.
func (t *Topics) Publish(ctx context.Context, caller string, in PublishInput) (PublishOutput, error) {
	if in.TopicArn == "" {
		return PublishOutput{}, invalid("TopicArn or TargetArn Reason: no value for required parameter")
	}
	tp, err := t.topicOf(ctx, caller, in.TopicArn, "TopicArn", "Publish")
	if err != nil {
		return PublishOutput{}, err
	}
	m, err := newMessage(tp, in)
	if err != nil {
		return PublishOutput{}, err
	}
	return t.store(ctx, tp, m)
}

// store keeps m durably: in the FIFO stream of a FIFO topic, else as a
// delivery to the topic, whose fan-out follows.
func (t *Topics) store(ctx context.Context, tp *topic, m *message) (PublishOutput, error) {
	if tp.fifo() {
		return t.fifo.append(ctx, tp, m)
	}
	d, err := m.delivery()
	if err == nil {
		err = t.queue.Enqueue(ctx, d)
	}
	if err != nil {
		return PublishOutput{}, err
	}
	return PublishOutput{MessageId: m.ID}, nil
}

// newMessage checks a publish request for a topic and makes its message.
func newMessage(tp *topic, in PublishInput) (*message, error) {
	if err := checkSubject(in.Subject); err != nil {
		return nil, err
	}
	if in.Message == "" {
		return nil, invalid("Empty message")
	}
	if err := checkAttributes(in.MessageAttributes); err != nil {
		return nil, err
	}
	m := &message{
		ID: lambda.NewUUID(), Topic: tp.Ref.ARN(), Body: in.Message, Attributes: in.MessageAttributes,
		Subject: deref(in.Subject), Structure: deref(in.MessageStructure), Timestamp: time.Now().UTC(),
		GroupID: deref(in.MessageGroupId), DedupID: deref(in.MessageDeduplicationId),
	}
	if m.size() > maxMessageBytes {
		return nil, invalid("Message too long")
	}
	if err := checkStructure(in.MessageStructure, in.Message); err != nil {
		return nil, err
	}
	return m, checkGroup(tp, m, in)
}

var groupIDRE = regexp.MustCompile("^[\\x21-\\x7e]{1,128}$")

// checkGroup applies the rules of FIFO topics: a group id always, a
// deduplication id unless the topic deduplicates by content, which then
// makes it from the body.
func checkGroup(tp *topic, m *message, in PublishInput) error {
	if !tp.fifo() {
		if in.MessageDeduplicationId != nil {
			return invalid("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type")
		}
		if in.MessageGroupId != nil && !groupIDRE.MatchString(m.GroupID) {
			return invalid("MessageGroupId Reason: MessageGroupId can only contain alphanumeric characters and punctuation, at most 128 characters")
		}
		return nil
	}
	switch {
	case m.GroupID == "":
		return invalid("The MessageGroupId parameter is required for FIFO topics")
	case !groupIDRE.MatchString(m.GroupID):
		return invalid("MessageGroupId Reason: MessageGroupId can only contain alphanumeric characters and punctuation, at most 128 characters")
	case m.DedupID == "" && !tp.contentDedup():
		return invalid("The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
	case m.DedupID != "" && !groupIDRE.MatchString(m.DedupID):
		return invalid("MessageDeduplicationId Reason: MessageDeduplicationId can only contain alphanumeric characters and punctuation, at most 128 characters")
	case m.DedupID == "":
		sum := sha256.Sum256([]byte(m.Body))
		m.DedupID = hex.EncodeToString(sum[:])
	}
	return nil
}

// BatchEntry is one entry of PublishBatch.
type BatchEntry struct {
	Id string
	PublishInput
}

// BatchResult is what PublishBatch answers.
type BatchResult struct {
	Successful []BatchSuccess
	Failed     []BatchFailure
}

// BatchSuccess is an entry that was stored.
type BatchSuccess struct {
	Id, MessageId  string
	SequenceNumber string `xml:",omitempty"`
}

// BatchFailure is an entry that was not, and why.
type BatchFailure struct {
	Id, Code, Message string
	SenderFault       bool
}

var batchIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// PublishBatch publishes up to ten messages to a topic; each entry
// succeeds or fails on its own.
func (t *Topics) PublishBatch(ctx context.Context, caller, topicARN string, entries []BatchEntry) (BatchResult, error) {
	tp, err := t.topicOf(ctx, caller, topicARN, "TopicArn", "Publish")
	if err != nil {
		return BatchResult{}, err
	}
	if err := checkBatch(entries); err != nil {
		return BatchResult{}, err
	}
	msgs := make([]*message, len(entries))
	errs := make([]error, len(entries))
	for i, e := range entries {
		e.TopicArn = topicARN
		msgs[i], errs[i] = newMessage(tp, e.PublishInput)
	}
	var res BatchResult
	for i, e := range entries {
		var out PublishOutput
		if errs[i] == nil {
			out, errs[i] = t.store(ctx, tp, msgs[i])
		}
		if errs[i] != nil {
			f, err := failure(e.Id, errs[i])
			if err != nil {
				return BatchResult{}, err
			}
			res.Failed = append(res.Failed, f)
			continue
		}
		res.Successful = append(res.Successful, BatchSuccess{Id: e.Id, MessageId: out.MessageId, SequenceNumber: out.SequenceNumber})
	}
	return res, nil
}

// checkBatch applies the rules of the batch as a whole.
func checkBatch(entries []BatchEntry) error {
	switch {
	case len(entries) == 0:
		return batchError("EmptyBatchRequest", "The batch request doesn't contain any entries.")
	case len(entries) > 10:
		return batchError("TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible.")
	}
	seen := map[string]bool{}
	size := 0
	for _, e := range entries {
		if !batchIDRE.MatchString(e.Id) {
			return batchError("InvalidBatchEntryId",
				"A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		}
		if seen[e.Id] {
			return batchError("BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.")
		}
		seen[e.Id] = true
		m := message{Body: e.Message, Attributes: e.MessageAttributes}
		size += m.size()
	}
	if size > maxMessageBytes {
		return batchError("BatchRequestTooLong", "The length of all the messages put together is more than the limit.")
	}
	return nil
}

// failure is an entry's error as PublishBatch lists it; an error the
// caller must not see fails the whole request.
func failure(id string, err error) (BatchFailure, error) {
	e, ok := aws.As(err)
	if !ok {
		return BatchFailure{}, err
	}
	code, _ := errorCodes.Fault(e)
	return BatchFailure{Id: id, Code: code.Code, Message: e.Message, SenderFault: !errors.Is(e, aws.ErrInternal)}, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
