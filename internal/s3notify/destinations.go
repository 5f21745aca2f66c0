package s3notify

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
)

// s3Principal is the service principal S3 delivers as.
const s3Principal = "s3.amazonaws.com"

// refusal is a destination S3 could not validate: the ARN as the error
// names it, and why.
type refusal struct{ name, reason string }

// checkDestinations asks every destination whether S3 may deliver to it:
// a function's resource-based policy must let s3.amazonaws.com invoke it
// for this bucket; queues and topics must exist. Every refusal is named
// in S3's one InvalidArgument.
func (n *Notifications) checkDestinations(ctx context.Context, bucket string, c Configuration) error {
	var refused []refusal
	check := func(r *refusal, err error) error {
		if r != nil {
			refused = append(refused, *r)
		}
		return err
	}
	for _, t := range c.Topics {
		if err := check(n.checkTopic(ctx, t.Topic)); err != nil {
			return err
		}
	}
	for _, t := range c.Queues {
		if err := check(n.checkQueue(ctx, t.Queue)); err != nil {
			return err
		}
	}
	for _, t := range c.Functions {
		if err := check(n.checkFunction(ctx, bucket, t.Function)); err != nil {
			return err
		}
	}
	return unvalidated(refused)
}

// unvalidated is S3's error naming each refused destination, numbered.
func unvalidated(refused []refusal) error {
	if len(refused) == 0 {
		return nil
	}
	var members []aws.Member
	for i, r := range refused {
		n := strconv.Itoa(i + 1)
		members = append(members, aws.Member{Name: "ArgumentName" + n, Value: r.name}, aws.Member{Name: "ArgumentValue" + n, Value: r.reason})
	}
	return invalid("Unable to validate the following destination configurations", members...)
}

func (n *Notifications) checkFunction(ctx context.Context, bucket, function string) (*refusal, error) {
	if n.dest.Functions == nil {
		return nil, nil
	}
	ref, err := arn.ParseFunction(function, "CloudFunction")
	if err != nil {
		return nil, invalid("The ARN could not be parsed")
	}
	ok, err := n.dest.Functions.ServiceMayInvoke(ctx, ref, s3Principal, bucketARN(bucket), n.cfg.Account)
	if err != nil {
		return nil, fmt.Errorf("read the policy of %s: %w", function, err)
	}
	if !ok {
		return &refusal{function + ", null", "Not authorized to invoke function [" + function + "]"}, nil
	}
	return nil, nil
}

func (n *Notifications) checkQueue(ctx context.Context, queue string) (*refusal, error) {
	if n.dest.Queues == nil {
		return nil, nil
	}
	_, err := n.dest.Queues.Attributes(ctx, queue)
	switch {
	case errors.Is(err, aws.ErrNotFound):
		return &refusal{queue, "The destination queue does not exist"}, nil
	case err != nil:
		return nil, fmt.Errorf("find queue %s: %w", queue, err)
	}
	return nil, nil
}

func (n *Notifications) checkTopic(ctx context.Context, topic string) (*refusal, error) {
	if n.dest.Topics == nil {
		return nil, nil
	}
	ok, err := n.dest.Topics.TopicExists(ctx, topic)
	switch {
	case err != nil:
		return nil, fmt.Errorf("find topic %s: %w", topic, err)
	case !ok:
		return &refusal{topic, "The destination topic does not exist"}, nil
	}
	return nil, nil
}
