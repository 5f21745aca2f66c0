package sqs

import (
	"regexp"

	"github.com/virga-dev/virga/internal/aws"
)

// batchError is a batch entry that failed.
type batchError struct {
	Id          string
	SenderFault bool
	Code        string
	Message     string
}

type batchID struct{ Id string }

var batchIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// checkBatch checks a batch's entries: one to ten, with distinct, valid ids.
func checkBatch(entry string, ids []string) error {
	switch {
	case len(ids) == 0:
		return aws.Errorf(ErrEmptyBatch, "There should be at least one %s in the request.", entry)
	case len(ids) > 10:
		return aws.Errorf(ErrTooManyEntries, "Maximum number of entries per request are 10. You have sent %d.", len(ids))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !batchIDRE.MatchString(id) {
			return aws.Errorf(ErrInvalidBatchEntryID, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		}
		if seen[id] {
			return aws.Errorf(ErrBatchIdsNotDistinct, "Id %s repeated.", id)
		}
		seen[id] = true
	}
	return nil
}

// failed is a batch entry's failure, with the code the request alone
// would have had; an error the caller may not see fails the whole batch.
func failed(id string, err error) (batchError, error) {
	f, known := errorCodes.Fault(err)
	if !known {
		return batchError{}, err
	}
	return batchError{Id: id, SenderFault: !f.Server, Code: f.Code, Message: f.Message}, nil
}

// sendBatchEntry repeats sendMessageInput's fields: the query decoder
// reads no embedded structures.
type sendBatchEntry struct {
	Id                      string
	MessageBody             string
	DelaySeconds            *int
	MessageAttributes       attributeMap `query:"MessageAttribute,flattened,key=Name,value=Value"`
	MessageSystemAttributes attributeMap `query:"MessageSystemAttribute,flattened,key=Name,value=Value"`
	MessageDeduplicationId  string
	MessageGroupId          string
}

func (e sendBatchEntry) input() sendMessageInput {
	return sendMessageInput{MessageBody: e.MessageBody, DelaySeconds: e.DelaySeconds, MessageAttributes: e.MessageAttributes,
		MessageSystemAttributes: e.MessageSystemAttributes, MessageDeduplicationId: e.MessageDeduplicationId, MessageGroupId: e.MessageGroupId}
}

type sendBatchInput struct {
	Entries []sendBatchEntry `query:"Entries,flattened,member=SendMessageBatchRequestEntry"`
}

type sendBatchResult struct {
	Id string
	sendMessageOutput
}

type sendBatchOutput struct {
	Successful []sendBatchResult `xml:"SendMessageBatchResultEntry"`
	Failed     []batchError      `xml:"BatchResultErrorEntry"`
}

func sendMessageBatch(c *call) (any, error) {
	var in sendBatchInput
	rec, err := c.decodeQueue(&in)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	size := 0
	for i, e := range in.Entries {
		ids[i] = e.Id
		size += len(e.MessageBody)
		for n, v := range e.MessageAttributes {
			size += len(n) + len(v.DataType) + len(v.BinaryValue)
			if v.StringValue != nil {
				size += len(*v.StringValue)
			}
		}
	}
	if err := checkBatch("SendMessageBatchRequestEntry", ids); err != nil {
		return nil, err
	}
	if size > rec.maxSize() {
		return nil, aws.Errorf(ErrBatchRequestTooLong, "Batch requests cannot be longer than %d bytes. You have sent %d bytes.", rec.maxSize(), size)
	}
	out := sendBatchOutput{Successful: []sendBatchResult{}, Failed: []batchError{}}
	for _, e := range in.Entries {
		res, err := c.send(rec, e.input())
		if err != nil {
			f, err := failed(e.Id, err)
			if err != nil {
				return nil, err
			}
			out.Failed = append(out.Failed, f)
			continue
		}
		out.Successful = append(out.Successful, sendBatchResult{Id: e.Id, sendMessageOutput: sendOutput(res)})
	}
	return out, nil
}

type deleteBatchEntry struct {
	Id            string
	ReceiptHandle string
}

type deleteBatchInput struct {
	Entries []deleteBatchEntry `query:"Entries,flattened,member=DeleteMessageBatchRequestEntry"`
}

type deleteBatchOutput struct {
	Successful []batchID    `xml:"DeleteMessageBatchResultEntry"`
	Failed     []batchError `xml:"BatchResultErrorEntry"`
}

func deleteMessageBatch(c *call) (any, error) {
	var in deleteBatchInput
	rec, err := c.decodeQueue(&in)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.Id
	}
	if err := checkBatch("DeleteMessageBatchRequestEntry", ids); err != nil {
		return nil, err
	}
	out := deleteBatchOutput{Successful: []batchID{}, Failed: []batchError{}}
	for _, e := range in.Entries {
		err := c.q.delete(c.R.Context(), rec, e.ReceiptHandle)
		if err == nil {
			out.Successful = append(out.Successful, batchID{e.Id})
			continue
		}
		f, err := failed(e.Id, err)
		if err != nil {
			return nil, err
		}
		out.Failed = append(out.Failed, f)
	}
	return out, nil
}

type visibilityBatchEntry struct {
	Id                string
	ReceiptHandle     string
	VisibilityTimeout *int
}

type visibilityBatchInput struct {
	Entries []visibilityBatchEntry `query:"Entries,flattened,member=ChangeMessageVisibilityBatchRequestEntry"`
}

type visibilityBatchOutput struct {
	Successful []batchID    `xml:"ChangeMessageVisibilityBatchResultEntry"`
	Failed     []batchError `xml:"BatchResultErrorEntry"`
}

func changeMessageVisibilityBatch(c *call) (any, error) {
	var in visibilityBatchInput
	rec, err := c.decodeQueue(&in)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.Id
	}
	if err := checkBatch("ChangeMessageVisibilityBatchRequestEntry", ids); err != nil {
		return nil, err
	}
	out := visibilityBatchOutput{Successful: []batchID{}, Failed: []batchError{}}
	for _, e := range in.Entries {
		err := c.changeVisibility(rec, changeVisibilityInput{e.ReceiptHandle, e.VisibilityTimeout})
		if err == nil {
			out.Successful = append(out.Successful, batchID{e.Id})
			continue
		}
		f, err := failed(e.Id, err)
		if err != nil {
			return nil, err
		}
		out.Failed = append(out.Failed, f)
	}
	return out, nil
}
