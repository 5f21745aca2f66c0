package sqs

import "github.com/virga-dev/virga/internal/aws"

// SQS's own kinds of error, each a refinement of a neutral kind: a queue
// that does not exist matches aws.ErrNotFound.
var (
	ErrQueueDoesNotExist      = aws.Refine(aws.ErrNotFound, "queue does not exist")
	ErrQueueNameExists        = aws.Refine(aws.ErrAlreadyExists, "queue name exists")
	ErrInvalidAttributeName   = aws.Refine(aws.ErrInvalid, "invalid attribute name")
	ErrInvalidAttributeValue  = aws.Refine(aws.ErrInvalid, "invalid attribute value")
	ErrReceiptHandleIsInvalid = aws.Refine(aws.ErrInvalid, "receipt handle is invalid")
	ErrMessageNotInflight     = aws.Refine(aws.ErrInvalid, "message not in flight")
	ErrMissingParameter       = aws.Refine(aws.ErrInvalid, "missing parameter")
	ErrInvalidMessageContents = aws.Refine(aws.ErrInvalid, "invalid message contents")
	ErrEmptyBatch             = aws.Refine(aws.ErrInvalid, "empty batch request")
	ErrTooManyEntries         = aws.Refine(aws.ErrInvalid, "too many entries in batch request")
	ErrBatchIdsNotDistinct    = aws.Refine(aws.ErrInvalid, "batch entry ids not distinct")
	ErrInvalidBatchEntryID    = aws.Refine(aws.ErrInvalid, "invalid batch entry id")
	ErrBatchRequestTooLong    = aws.Refine(aws.ErrInvalid, "batch request too long")
	ErrResourceNotFound       = aws.Refine(aws.ErrNotFound, "resource not found")
	ErrUnsupportedOperation   = aws.Refine(aws.ErrInvalid, "unsupported operation")
)

func queueDoesNotExist() error {
	return aws.Errorf(ErrQueueDoesNotExist, "The specified queue does not exist.")
}

func missing(name string) error {
	return aws.Errorf(ErrMissingParameter, "The request must contain the parameter %s.", name)
}

func invalidHandle(h string) error {
	return aws.Errorf(ErrReceiptHandleIsInvalid, "The input receipt handle %q is not a valid receipt handle.", h)
}
