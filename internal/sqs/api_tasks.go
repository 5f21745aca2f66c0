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

func startMessageMoveTask(c *call) (any, error) {
	var in startMoveTaskInput
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	if in.SourceArn == "" {
		return nil, missing("SourceArn")
	}
	src, err := c.byARN(in.SourceArn)
	if err != nil {
		return nil, aws.Errorf(ErrResourceNotFound, "The resource that you specified for the SourceArn parameter doesn't exist.")
	}
	rate := 0
	if r := in.MaxNumberOfMessagesPerSecond; r != nil {
		if *r < 1 || *r > 500 {
			return nil, invalidParameter("Value %d for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.", *r)
		}
		rate = *r
	}
	if in.DestinationArn != "" {
		if _, err := c.byARN(in.DestinationArn); err != nil {
			return nil, aws.Errorf(ErrResourceNotFound, "The resource that you specified for the DestinationArn parameter doesn't exist.")
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

func listMessageMoveTasks(c *call) (any, error) {
	var in listMoveTasksInput
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	if in.SourceArn == "" {
		return nil, missing("SourceArn")
	}
	if _, err := c.byARN(in.SourceArn); err != nil {
		return nil, aws.Errorf(ErrResourceNotFound, "The resource that you specified for the SourceArn parameter doesn't exist.")
	}
	limit := 1
	if n := in.MaxResults; n != nil {
		if *n < 1 || *n > 10 {
			return nil, invalidParameter("Value %d for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.", *n)
		}
		limit = *n
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

func cancelMessageMoveTask(c *call) (any, error) {
	var in cancelMoveTaskInput
	if err := c.Decode(&in); err != nil {
		return nil, err
	}
	if in.TaskHandle == "" {
		return nil, missing("TaskHandle")
	}
	t, err := c.q.cancelMoveTask(c.R.Context(), in.TaskHandle)
	if err != nil {
		return nil, err
	}
	return cancelMoveTaskOutput{ApproximateNumberOfMessagesMoved: t.Moved}, nil
}
