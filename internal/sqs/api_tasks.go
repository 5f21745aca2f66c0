package sqs

import (
	"github.com/virga-dev/virga/internal/aws"
)

type startMoveTaskInput struct {
	SourceArn                    string
	DestinationArn               string
	MaxNumberOfMessagesPerSecond *int
}

type startMoveTaskOutput struct {
	TaskHandle string
}

func startMessageMoveTask(c *call, in *startMoveTaskInput) (any, error) {
	src, err := c.source(in.SourceArn)
	if err != nil {
		return nil, err
	}
	rate, err := between(in.MaxNumberOfMessagesPerSecond, 1, 500, 0, "MaxNumberOfMessagesPerSecond")
	if err != nil {
		return nil, err
	}
	if in.DestinationArn != "" {
		if _, err := c.byARN(in.DestinationArn); err != nil {
			return nil, resourceNotFound("DestinationArn")
		}
	}
	t, err := c.q.startMoveTask(c.R.Context(), src.Account, src, in.DestinationArn, rate)
	if err != nil {
		return nil, err
	}
	return startMoveTaskOutput{TaskHandle: t.handle()}, nil
}

type listMoveTasksInput struct {
	SourceArn  string
	MaxResults *int
}

type moveTaskEntry struct {
	TaskHandle                        string `json:",omitempty" xml:",omitempty"`
	Status                            string
	SourceArn                         string
	DestinationArn                    string `json:",omitempty" xml:",omitempty"`
	MaxNumberOfMessagesPerSecond      int    `json:",omitempty" xml:",omitempty"`
	ApproximateNumberOfMessagesMoved  int64
	ApproximateNumberOfMessagesToMove int64
	FailureReason                     string `json:",omitempty" xml:",omitempty"`
	StartedTimestamp                  int64
}

type listMoveTasksOutput struct {
	Results []moveTaskEntry `xml:"ListMessageMoveTasksResultEntry"`
}

func listMessageMoveTasks(c *call, in *listMoveTasksInput) (any, error) {
	if _, err := c.source(in.SourceArn); err != nil {
		return nil, err
	}
	limit, err := between(in.MaxResults, 1, 10, 1, "MaxResults")
	if err != nil {
		return nil, err
	}
	tasks, err := c.q.tasksOf(c.R.Context(), in.SourceArn)
	if err != nil {
		return nil, err
	}
	out := listMoveTasksOutput{Results: []moveTaskEntry{}}
	for _, t := range tasks[:min(limit, len(tasks))] {
		e := moveTaskEntry{Status: t.Status, SourceArn: t.Source, DestinationArn: t.Destination, MaxNumberOfMessagesPerSecond: t.Rate,
			ApproximateNumberOfMessagesMoved: t.Moved, ApproximateNumberOfMessagesToMove: t.ToMove, FailureReason: t.Failure, StartedTimestamp: t.Started}
		if t.Status == taskRunning {
			e.TaskHandle = t.handle()
		}
		out.Results = append(out.Results, e)
	}
	return out, nil
}

type cancelMoveTaskInput struct {
	TaskHandle string
}

type cancelMoveTaskOutput struct {
	ApproximateNumberOfMessagesMoved int64
}

func cancelMessageMoveTask(c *call, in *cancelMoveTaskInput) (any, error) {
	if in.TaskHandle == "" {
		return nil, missing("TaskHandle")
	}
	t, err := c.q.cancelMoveTask(c.R.Context(), in.TaskHandle)
	if err != nil {
		return nil, err
	}
	return cancelMoveTaskOutput{ApproximateNumberOfMessagesMoved: t.Moved}, nil
}

// source finds the queue a SourceArn names.
func (c *call) source(arn string) (*queue, error) {
	if arn == "" {
		return nil, missing("SourceArn")
	}
	rec, err := c.byARN(arn)
	if err != nil {
		return nil, resourceNotFound("SourceArn")
	}
	return rec, nil
}

func resourceNotFound(param string) error {
	return aws.Errorf(ErrResourceNotFound, "The resource that you specified for the %s parameter doesn't exist.", param)
}

// between reads an optional integer parameter from lo to hi; def when it
// is absent.
func between(n *int, lo, hi, def int, param string) (int, error) {
	switch {
	case n == nil:
		return def, nil
	case *n < lo || *n > hi:
		return 0, invalidParameter("Value %d for parameter %s is invalid. Reason: You must enter a number that's between %d and %d.", *n, param, lo, hi)
	}
	return *n, nil
}
