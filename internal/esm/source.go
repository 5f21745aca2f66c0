package esm

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// queueFacts are what the checks of a mapping need to know of its queue.
type queueFacts struct {
	fifo bool
	// visibility is the queue's visibility timeout in seconds.
	visibility int
}

// queue reads the facts of a mapping's queue (aws.ErrNotFound when there
// is no such queue).
func (s *Mappings) queue(ctx context.Context, queueARN string) (queueFacts, error) {
	attrs, err := s.queues.Attributes(ctx, queueARN)
	if err != nil {
		return queueFacts{}, err
	}
	vis, _ := strconv.Atoi(attrs["VisibilityTimeout"])
	return queueFacts{fifo: attrs["FifoQueue"] == "true", visibility: vis}, nil
}

// noQueue refuses a queue that does not exist as AWS does, having failed
// to receive from it.
func noQueue(err error) error {
	if errors.Is(err, aws.ErrNotFound) {
		return aws.Errorf(aws.ErrInvalid,
			"Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version.")
	}
	return err
}

// isFIFO tells a FIFO queue by its name, for a queue that is gone.
func isFIFO(queueARN string) bool { return strings.HasSuffix(queueARN, ".fifo") }

// checkTimeouts refuses a queue whose messages would reappear while the
// function may still be working on them.
func checkTimeouts(q queueFacts, functionTimeout int) error {
	if q.visibility < functionTimeout {
		return aws.Errorf(aws.ErrInvalid, "Queue visibility timeout: %d seconds is less than Function timeout: %d seconds",
			q.visibility, functionTimeout)
	}
	return nil
}
