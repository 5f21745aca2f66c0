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

// batchOutput is a batch's answer; Successful's elements are named per
// operation in XML.
type batchOutput[T any] struct {
	Successful []T
	Failed     []batchError
}

// maxBatchBytes bounds the messages of one SendMessageBatch together.
const maxBatchBytes = 1 << 20

var batchIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// runBatch checks a batch's entries — one to ten, with distinct, valid
// ids — and runs each, collecting what each gave and each failure with the
// code the request alone would have had. An error the caller may not see
// fails the whole batch.
func runBatch[E, T any](entry string, entries []E, id func(E) string, run func(E) (T, error)) (batchOutput[T], error) {
	out := batchOutput[T]{Successful: []T{}, Failed: []batchError{}}
	if err := checkBatch(entry, entries, id); err != nil {
		return out, err
	}
	for _, e := range entries {
		res, err := run(e)
		if err == nil {
			out.Successful = append(out.Successful, res)
			continue
		}
		f, known := errorCodes.Fault(err)
		if !known {
			return out, err
		}
		out.Failed = append(out.Failed, batchError{Id: id(e), SenderFault: !f.Server, Code: f.Code, Message: f.Message})
	}
	return out, nil
}

func checkBatch[E any](entry string, entries []E, id func(E) string) error {
	switch {
	case len(entries) == 0:
		return aws.Errorf(ErrEmptyBatch, "There should be at least one %s in the request.", entry)
	case len(entries) > 10:
		return aws.Errorf(ErrTooManyEntries, "Maximum number of entries per request are 10. You have sent %d.", len(entries))
	}
	seen := map[string]bool{}
	for _, e := range entries {
		switch i := id(e); {
		case !batchIDRE.MatchString(i):
			return aws.Errorf(ErrInvalidBatchEntryID, "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		case seen[i]:
			return aws.Errorf(ErrBatchIdsNotDistinct, "Id %s repeated.", i)
		default:
			seen[i] = true
		}
	}
	return nil
}

type sendBatchInput struct {
	Entries []sendMessageInput `query:"Entries,flattened,member=SendMessageBatchRequestEntry"`
}

type sendBatchResult struct {
	Id string
	sendMessageOutput
}

type sendBatchOutput struct {
	Successful []sendBatchResult `xml:"SendMessageBatchResultEntry"`
	Failed     []batchError      `xml:"BatchResultErrorEntry"`
}

func sendMessageBatch(c *call, rec *queue, in *sendBatchInput) (any, error) {
	if size := batchSize(in.Entries); size > maxBatchBytes {
		return nil, aws.Errorf(ErrBatchRequestTooLong, "Batch requests cannot be longer than %d bytes. You have sent %d bytes.", maxBatchBytes, size)
	}
	out, err := runBatch("SendMessageBatchRequestEntry", in.Entries, func(e sendMessageInput) string { return e.Id },
		func(e sendMessageInput) (sendBatchResult, error) {
			res, err := c.send(rec, &e)
			return sendBatchResult{Id: e.Id, sendMessageOutput: sendOutput(res)}, err
		})
	return sendBatchOutput(out), err
}

// batchSize is the size of a batch's messages, as SQS counts it.
func batchSize(entries []sendMessageInput) int {
	size := 0
	for _, e := range entries {
		size += messageSize(&SendInput{Body: e.MessageBody, MessageAttributes: e.MessageAttributes.values()})
	}
	return size
}

// The entries' names in the query protocol differ per operation.
type deleteBatchInput struct {
	Entries []handleInput `query:"Entries,flattened,member=DeleteMessageBatchRequestEntry"`
}

type visibilityBatchInput struct {
	Entries []handleInput `query:"Entries,flattened,member=ChangeMessageVisibilityBatchRequestEntry"`
}

type deleteBatchOutput struct {
	Successful []batchID    `xml:"DeleteMessageBatchResultEntry"`
	Failed     []batchError `xml:"BatchResultErrorEntry"`
}

type visibilityBatchOutput struct {
	Successful []batchID    `xml:"ChangeMessageVisibilityBatchResultEntry"`
	Failed     []batchError `xml:"BatchResultErrorEntry"`
}

func entryID(e handleInput) string { return e.Id }

func deleteMessageBatch(c *call, rec *queue, in *deleteBatchInput) (any, error) {
	out, err := runBatch("DeleteMessageBatchRequestEntry", in.Entries, entryID, func(e handleInput) (batchID, error) {
		return batchID{e.Id}, c.delete(rec, &e)
	})
	return deleteBatchOutput(out), err
}

func changeMessageVisibilityBatch(c *call, rec *queue, in *visibilityBatchInput) (any, error) {
	out, err := runBatch("ChangeMessageVisibilityBatchRequestEntry", in.Entries, entryID, func(e handleInput) (batchID, error) {
		return batchID{e.Id}, c.changeVisibility(rec, &e)
	})
	return visibilityBatchOutput(out), err
}
