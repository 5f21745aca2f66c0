package sqs

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// moveTask is a message move task: it takes the messages of a dead-letter
// queue back to their source queues, or to one destination.
type moveTask struct {
	ID, Account, Source, Destination, Status, Failure string
	Rate                                              int
	Moved, ToMove, Started                            int64 // Started in Unix ms
}

// Statuses of a task.
const (
	taskRunning    = "RUNNING"
	taskCompleted  = "COMPLETED"
	taskCancelling = "CANCELLING"
	taskCancelled  = "CANCELLED"
	taskFailed     = "FAILED"
)

func (t *moveTask) handle() string {
	data, _ := json.Marshal(map[string]string{"taskId": t.ID, "sourceArn": t.Source})
	return base64.StdEncoding.EncodeToString(data)
}

func parseTaskHandle(h string) (id string, ok bool) {
	data, err := base64.StdEncoding.DecodeString(h)
	if err != nil {
		return "", false
	}
	var v struct {
		TaskID string `json:"taskId"`
	}
	if json.Unmarshal(data, &v) != nil || v.TaskID == "" {
		return "", false
	}
	return v.TaskID, true
}

// startMoveTask starts moving the messages of the dead-letter queue src.
func (q *Queues) startMoveTask(ctx context.Context, account string, src *queue, destination string, rate int) (*moveTask, error) {
	sources, err := q.deadLetterSources(ctx, account, q.arnOf(src))
	if err != nil {
		return nil, err
	}
	if len(sources) == 0 {
		return nil, invalidParameter("Source queue must be configured as a Dead Letter Queue.")
	}
	if destination != "" {
		if _, err := q.byARN(ctx, destination); err != nil {
			return nil, aws.Errorf(ErrResourceNotFound, "The resource that you specified for the DestinationArn parameter doesn't exist.")
		}
	}
	tasks, err := q.tasksOf(ctx, q.arnOf(src))
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		if t.Status == taskRunning || t.Status == taskCancelling {
			return nil, aws.Errorf(ErrUnsupportedOperation, "There is already a task running. Only one active task is allowed for a source queue arn at a given time.")
		}
	}
	c, err := q.counts(ctx, src)
	if err != nil {
		return nil, err
	}
	t := &moveTask{ID: newID() + newID(), Account: account, Source: q.arnOf(src), Destination: destination, Rate: rate,
		Status: taskRunning, ToMove: int64(c.visible + c.inFlight), Started: time.Now().UnixMilli()}
	data, _ := json.Marshal(t)
	if _, err := q.tasks.Create(ctx, t.ID, data); err != nil {
		return nil, err
	}
	q.runTask(t.ID)
	return t, nil
}

// tasksOf lists the tasks of a source queue, newest first.
func (q *Queues) tasksOf(ctx context.Context, source string) ([]*moveTask, error) {
	keys, err := q.tasks.Keys(ctx)
	if err != nil {
		return nil, err
	}
	var out []*moveTask
	for _, k := range keys {
		t, err := q.task(ctx, k)
		if err == nil && t.Source == source {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Started > out[j].Started })
	return out, nil
}

func (q *Queues) task(ctx context.Context, id string) (*moveTask, error) {
	e, err := q.tasks.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, aws.Errorf(ErrResourceNotFound, "The resource that you specified for the TaskHandle parameter doesn't exist.")
	}
	if err != nil {
		return nil, err
	}
	t := new(moveTask)
	return t, json.Unmarshal(e.Value, t)
}

// cancelMoveTask asks a running task to stop.
func (q *Queues) cancelMoveTask(ctx context.Context, taskHandle string) (*moveTask, error) {
	id, ok := parseTaskHandle(taskHandle)
	if !ok {
		return nil, aws.Errorf(ErrResourceNotFound, "Task does not exist.")
	}
	if _, err := q.task(ctx, id); err != nil {
		return nil, err
	}
	t, err := store.Modify(ctx, q.tasks, id, func(t *moveTask, _ bool) error {
		if t.Status != taskRunning {
			return aws.Errorf(ErrUnsupportedOperation, "Only active tasks can be cancelled.")
		}
		t.Status = taskCancelling
		return nil
	})
	return &t, err
}

// resumeTasks runs again the tasks that were running when the server
// stopped.
func (q *Queues) resumeTasks(ctx context.Context) error {
	keys, err := q.tasks.Keys(ctx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if t, err := q.task(ctx, k); err == nil && (t.Status == taskRunning || t.Status == taskCancelling) {
			q.runTask(t.ID)
		}
	}
	return nil
}

// runTask moves messages in the background until the source is empty or
// the task is cancelled.
func (q *Queues) runTask(id string) {
	ctx, cancel := context.WithCancel(context.Background())
	q.running.Add(1)
	go func() {
		<-q.stop
		cancel()
	}()
	go func() {
		defer q.running.Done()
		for ctx.Err() == nil {
			if done := q.moveBatch(ctx, id); done {
				return
			}
		}
	}()
}

// moveBatch moves up to ten messages and records the progress; done tells
// that the task is over.
func (q *Queues) moveBatch(ctx context.Context, id string) (done bool) {
	t, err := q.task(ctx, id)
	if err != nil || t.Status != taskRunning && t.Status != taskCancelling {
		return true
	}
	if t.Status == taskCancelling {
		return q.finishTask(ctx, id, taskCancelled, "", 0)
	}
	src, err := q.byARN(ctx, t.Source)
	if err != nil {
		return q.finishTask(ctx, id, taskFailed, "AWS.SimpleQueueService.NonExistentQueue", 0)
	}
	msgs, err := q.receive(ctx, src, ReceiveInput{Max: 10, Visibility: time.Minute, AttributeNames: []string{"All"}, MessageAttributeNames: []string{"All"}})
	if err != nil {
		return q.finishTask(ctx, id, taskFailed, "InternalError", 0)
	}
	if len(msgs) == 0 {
		return q.finishTask(ctx, id, taskCompleted, "", 0)
	}
	moved := q.moveMessages(ctx, t, src, msgs)
	_, _ = store.Modify(ctx, q.tasks, id, func(t *moveTask, _ bool) error { t.Moved += moved; return nil })
	if t.Rate > 0 {
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(len(msgs)) * time.Second / time.Duration(t.Rate)):
		}
	}
	return false
}

func (q *Queues) moveMessages(ctx context.Context, t *moveTask, src *queue, msgs []Message) int64 {
	var moved int64
	for _, m := range msgs {
		dest := t.Destination
		if dest == "" {
			dest = m.Attributes["DeadLetterQueueSourceArn"]
		}
		dst, err := q.byARN(ctx, dest)
		if err != nil {
			continue
		}
		if q.put(ctx, dst, envelopeOf(m)) == nil && q.delete(ctx, src, m.ReceiptHandle) == nil {
			moved++
		}
	}
	return moved
}

// envelopeOf is a received message as it is stored again elsewhere.
func envelopeOf(m Message) *envelope {
	sent, _ := strconv.ParseInt(m.Attributes["SentTimestamp"], 10, 64)
	return &envelope{
		ID: m.MessageID, Body: m.Body, Attrs: m.MessageAttributes, Sent: sent, Sender: m.Attributes["SenderId"],
		Trace: m.Attributes["AWSTraceHeader"], Group: m.Attributes["MessageGroupId"], Dedup: m.Attributes["MessageDeduplicationId"],
	}
}

func (q *Queues) finishTask(ctx context.Context, id, status, failure string, moved int64) bool {
	_, _ = store.Modify(ctx, q.tasks, id, func(t *moveTask, _ bool) error {
		t.Status, t.Failure, t.Moved = status, failure, t.Moved+moved
		return nil
	})
	return true
}

// Close stops the running move tasks and waits for them.
func (q *Queues) Close() {
	q.stopOnce.Do(func() { close(q.stop) })
	q.running.Wait()
}
