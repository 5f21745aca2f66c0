package server

import (
	"context"
	"time"

	"github.com/virga-dev/virga/internal/esm"
	"github.com/virga-dev/virga/internal/pattern"
	"github.com/virga-dev/virga/internal/sqs"
	"github.com/virga-dev/virga/internal/store"
)

// startMappings opens the bucket of event source mappings and starts their
// pollers; the control plane of the mappings is returned for the Lambda API.
func startMappings(ctx context.Context, cfg Config, account, holder string, st *store.Store, leases *store.Leases,
	queues *sqs.Queues, functions esm.Functions, invoker esm.Invoker) (*esm.Mappings, *esm.Pollers, error) {
	bucket, err := st.Bucket(ctx, "eventsourcemappings")
	if err != nil {
		return nil, nil, err
	}
	q := mappedQueues{queues}
	mappings := esm.NewMappings(esm.Config{Region: cfg.Region, Account: account, Logger: cfg.Logger}, bucket, functions, q, compileFilter)
	pollers := esm.NewPollers(esm.PollerConfig{
		Region: cfg.Region, Holder: holder, AccountConcurrency: cfg.ConcurrentExecutions, Logger: cfg.Logger,
	}, bucket, leases, q, invoker, functions, compileFilter)
	if err := pollers.Start(ctx); err != nil {
		return nil, nil, err
	}
	return mappings, pollers, nil
}

// compileFilter compiles a mapping's filter with the event-pattern matcher.
func compileFilter(src []byte) (esm.Matcher, error) {
	p, err := pattern.Compile(src)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// mappedQueues is the queues as the event source mappings use them.
type mappedQueues struct{ q *sqs.Queues }

func (m mappedQueues) Attributes(ctx context.Context, queueARN string) (map[string]string, error) {
	return m.q.Attributes(ctx, queueARN)
}

func (m mappedQueues) Receive(ctx context.Context, queueARN string, max int, wait time.Duration) ([]esm.Message, error) {
	msgs, err := m.q.Receive(ctx, queueARN, sqs.ReceiveInput{
		Max: max, Wait: wait, AttributeNames: []string{"All"}, MessageAttributeNames: []string{"All"},
	})
	out := make([]esm.Message, len(msgs))
	for i, msg := range msgs {
		out[i] = esm.Message{
			MessageId: msg.MessageID, ReceiptHandle: msg.ReceiptHandle, Body: msg.Body, Attributes: msg.Attributes,
			MD5OfBody: msg.MD5OfBody, MD5OfMessageAttributes: msg.MD5OfMessageAttributes,
			MessageAttributes: make(map[string]esm.MessageAttribute, len(msg.MessageAttributes)),
		}
		for name, a := range msg.MessageAttributes {
			out[i].MessageAttributes[name] = esm.MessageAttribute{DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue}
		}
	}
	return out, err
}

func (m mappedQueues) Delete(ctx context.Context, queueARN, receiptHandle string) error {
	return m.q.Delete(ctx, queueARN, receiptHandle)
}

func (m mappedQueues) ChangeVisibility(ctx context.Context, queueARN, receiptHandle string, timeout time.Duration) error {
	return m.q.ChangeVisibility(ctx, queueARN, receiptHandle, timeout)
}
