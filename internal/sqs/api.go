package sqs

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// xmlNamespace is SQS's query-protocol namespace.
const xmlNamespace = "http://queue.amazonaws.com/doc/2012-11-05/"

// call is one request to an SQS operation.
type call struct {
	*awsproto.Call
	q *Queues
}

// Service is SQS as the front door serves it: json 1.0 first, as current
// clients speak it, and the query protocol of older ones. Every account
// uses its own queues; role sessions are judged on the queue each
// operation names and its queue policy.
func (q *Queues) Service() *awsproto.Service {
	ops := q.judged([]awsproto.Operation{
		q.op("CreateQueue", decoded(createQueue)),
		q.op("DeleteQueue", withQueue(deleteQueue)),
		q.op("ListQueues", decoded(listQueues)),
		q.op("GetQueueUrl", decoded(getQueueURL)),
		q.op("GetQueueAttributes", withQueue(getQueueAttributes)),
		q.op("SetQueueAttributes", withQueue(setQueueAttributes)),
		q.op("PurgeQueue", withQueue(purgeQueue)),
		q.op("TagQueue", withQueue(tagQueue)),
		q.op("UntagQueue", withQueue(untagQueue)),
		q.op("ListQueueTags", withQueue(listQueueTags)),
		q.op("ListDeadLetterSourceQueues", withQueue(listDeadLetterSourceQueues)),
		q.op("SendMessage", withQueue(sendMessage)),
		q.op("SendMessageBatch", withQueue(sendMessageBatch)),
		q.op("ReceiveMessage", withQueue(receiveMessage)),
		q.op("DeleteMessage", withQueue(deleteMessage)),
		q.op("DeleteMessageBatch", withQueue(deleteMessageBatch)),
		q.op("ChangeMessageVisibility", withQueue(changeMessageVisibility)),
		q.op("ChangeMessageVisibilityBatch", withQueue(changeMessageVisibilityBatch)),
		q.op("StartMessageMoveTask", decoded(startMessageMoveTask)),
		q.op("ListMessageMoveTasks", decoded(listMessageMoveTasks)),
		q.op("CancelMessageMoveTask", decoded(cancelMessageMoveTask)),
	})
	return &awsproto.Service{
		Name: "sqs",
		Protocols: []awsproto.Protocol{
			jsonProtocol{awsproto.NewJSON("1.0", "AmazonSQS.", "SQS", ops)},
			awsproto.NewQuery(xmlNamespace, ops),
		},
		Errors:         errorCodes,
		Authorize:      awsproto.Everyone,
		ResourcePolicy: q.resourcePolicy,
	}
}

// withQueue adapts a handler of an input that names a queue: it decodes
// the input and finds the queue.
func withQueue[T any](h func(c *call, rec *queue, in *T) (any, error)) func(c *call) (any, error) {
	return func(c *call) (any, error) {
		in := new(T)
		rec, err := c.decodeQueue(in)
		if err != nil {
			return nil, err
		}
		return h(c, rec, in)
	}
}

// decoded adapts a handler of an input that names no queue.
func decoded[T any](h func(c *call, in *T) (any, error)) func(c *call) (any, error) {
	return func(c *call) (any, error) {
		in := new(T)
		if err := c.Decode(in); err != nil {
			return nil, err
		}
		return h(c, in)
	}
}

// op adapts a handler that returns its result (nil: none).
func (q *Queues) op(name string, h func(c *call) (any, error)) awsproto.Operation {
	return awsproto.Operation{Name: name, Handle: func(c *awsproto.Call) error {
		out, err := h(&call{Call: c, q: q})
		if err != nil {
			return err
		}
		if out == nil {
			if _, ok := c.Protocol.(jsonProtocol); ok {
				out = struct{}{}
			}
		}
		return c.Reply(http.StatusOK, out)
	}}
}

// errorCodes are SQS's codes as the query protocol names them; the json
// protocol sends the same code in x-amzn-query-error.
var errorCodes = awsproto.Errors{
	ErrQueueDoesNotExist:      {Code: "AWS.SimpleQueueService.NonExistentQueue", Status: http.StatusBadRequest},
	ErrQueueNameExists:        {Code: "QueueAlreadyExists", Status: http.StatusBadRequest},
	ErrInvalidAttributeName:   {Code: "InvalidAttributeName", Status: http.StatusBadRequest},
	ErrInvalidAttributeValue:  {Code: "InvalidAttributeValue", Status: http.StatusBadRequest},
	ErrReceiptHandleIsInvalid: {Code: "ReceiptHandleIsInvalid", Status: http.StatusNotFound},
	ErrMessageNotInflight:     {Code: "AWS.SimpleQueueService.MessageNotInflight", Status: http.StatusBadRequest},
	ErrMissingParameter:       {Code: "MissingParameter", Status: http.StatusBadRequest},
	ErrInvalidMessageContents: {Code: "InvalidMessageContents", Status: http.StatusBadRequest},
	ErrEmptyBatch:             {Code: "AWS.SimpleQueueService.EmptyBatchRequest", Status: http.StatusBadRequest},
	ErrTooManyEntries:         {Code: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", Status: http.StatusBadRequest},
	ErrBatchIdsNotDistinct:    {Code: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", Status: http.StatusBadRequest},
	ErrInvalidBatchEntryID:    {Code: "AWS.SimpleQueueService.InvalidBatchEntryId", Status: http.StatusBadRequest},
	ErrBatchRequestTooLong:    {Code: "AWS.SimpleQueueService.BatchRequestTooLong", Status: http.StatusBadRequest},
	ErrResourceNotFound:       {Code: "ResourceNotFoundException", Status: http.StatusNotFound},
	ErrUnsupportedOperation:   {Code: "AWS.SimpleQueueService.UnsupportedOperation", Status: http.StatusBadRequest},
	aws.ErrNotFound:           {Code: "AWS.SimpleQueueService.NonExistentQueue", Status: http.StatusBadRequest},
	aws.ErrAlreadyExists:      {Code: "QueueAlreadyExists", Status: http.StatusBadRequest},
	aws.ErrInvalid:            {Code: "InvalidParameterValue", Status: http.StatusBadRequest},
	aws.ErrValidation:         {Code: "InvalidParameterValue", Status: http.StatusBadRequest},
	aws.ErrMalformed:          {Code: "MalformedQueryString", Status: http.StatusBadRequest},
	aws.ErrTooLarge:           {Code: "RequestEntityTooLarge", Status: http.StatusRequestEntityTooLarge},
	aws.ErrConflict:           {Code: "AWS.SimpleQueueService.PurgeQueueInProgress", Status: http.StatusForbidden},
	aws.ErrLimitExceeded:      {Code: "OverLimit", Status: http.StatusForbidden},
	aws.ErrThrottled:          {Code: "RequestThrottled", Status: http.StatusForbidden},
	aws.ErrAccessDenied:       {Code: "AccessDenied", Status: http.StatusForbidden},
	aws.ErrUnauthenticated:    {Code: "InvalidClientTokenId", Status: http.StatusForbidden},
	aws.ErrUnknownOperation:   {Code: "InvalidAction", Status: http.StatusBadRequest},
	aws.ErrInternal:           {Code: "InternalError", Status: http.StatusInternalServerError},
}

// jsonProtocol is json 1.0 with SQS's query compatibility: a fault's
// __type is the model's shape ("com.amazonaws.sqs#QueueDoesNotExist"), and
// x-amzn-query-error carries the query code and who is at fault
// ("AWS.SimpleQueueService.NonExistentQueue;Sender"), from which the SDKs
// take the code they show.
type jsonProtocol struct{ *awsproto.JSON }

func (p jsonProtocol) Fault(c *awsproto.Call, f awsproto.Fault) {
	party := "Sender"
	if f.Server {
		party = "Receiver"
	}
	c.W.Header().Set("x-amzn-query-error", f.Code+";"+party)
	c.W.Header().Set("Content-Type", "application/x-amz-json-1.0")
	c.W.WriteHeader(f.Status)
	data, _ := json.Marshal(map[string]string{"__type": "com.amazonaws.sqs#" + shapeOf(f.Code), "message": f.Message})
	_, _ = c.W.Write(data)
}

// shapeOf is the model's error shape for a query code; codes the model has
// no shape for get one named after them.
func shapeOf(code string) string {
	switch code {
	case "AWS.SimpleQueueService.NonExistentQueue":
		return "QueueDoesNotExist"
	case "QueueAlreadyExists":
		return "QueueNameExists"
	case "InvalidAction":
		return "UnknownOperationException"
	case "InvalidParameterValue", "MissingParameter", "AccessDenied":
		return code + "Exception"
	}
	return strings.TrimPrefix(code, "AWS.SimpleQueueService.")
}
