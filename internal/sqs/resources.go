package sqs

import (
	"cmp"
	"errors"
	"net/url"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// The resources IAM policies name for SQS's operations: a queue, as
// arn:aws:sqs:region:account:name. Its QueueUrl (or the path the query
// protocol posted to) names it, CreateQueue's and GetQueueUrl's QueueName,
// a message move task's SourceArn; ListQueues and CancelMessageMoveTask
// name none ("*").

// named is what an operation's input says about its queue.
type named struct {
	QueueUrl, QueueName, QueueOwnerAWSAccountId, SourceArn string
}

// queueResource is the queue a call names, "*" when it names none or its
// input is malformed (which the handler then answers).
func (q *Queues) queueResource(c *awsproto.Call) (string, error) {
	var in named
	if c.Decode(&in) != nil {
		return "*", nil
	}
	switch {
	case in.SourceArn != "":
		return in.SourceArn, nil
	case in.QueueName != "":
		return q.ARN(cmp.Or(in.QueueOwnerAWSAccountId, c.Account()), in.QueueName), nil
	}
	path := c.R.URL.Path
	if in.QueueUrl != "" {
		u, err := url.Parse(in.QueueUrl)
		if err != nil {
			return "*", nil
		}
		path = u.Path
	}
	account, name, ok := strings.Cut(strings.Trim(path, "/"), "/")
	if !ok || account == "" || strings.Contains(name, "/") {
		return "*", nil
	}
	return q.ARN(account, name), nil
}

// unnamed are the operations that name no queue.
var unnamed = map[string]bool{"ListQueues": true, "CancelMessageMoveTask": true}

// judged names each operation's IAM action and resource.
func (q *Queues) judged(ops []awsproto.Operation) []awsproto.Operation {
	for i := range ops {
		ops[i].Action = iamAction(ops[i].Name)
		if !unnamed[ops[i].Name] {
			ops[i].Resource = q.queueResource
		}
	}
	return ops
}

// iamAction is the action IAM judges an operation by, as SQS spells it in
// its refusals ("sqs:sendmessage"): a batch needs its single operation's.
func iamAction(op string) string {
	return "sqs:" + strings.ToLower(strings.TrimSuffix(op, "Batch"))
}

// resourcePolicy is the queue policy (its Policy attribute) of the queue
// resource names, "" when it has none or does not exist.
func (q *Queues) resourcePolicy(c *awsproto.Call, resource string) (string, error) {
	account, name, ok := parseARN(resource)
	if !ok {
		return "", nil
	}
	rec, err := q.lookup(c.R.Context(), account, name)
	if errors.Is(err, aws.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return rec.Attrs["Policy"], nil
}
