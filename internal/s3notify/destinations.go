package s3notify

import (
	"context"
	"errors"
	"fmt"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
)

// Functions reads functions' resource-based policies.
type Functions interface {
	ServiceMayInvoke(ctx context.Context, ref arn.Function, principal, sourceARN, sourceAccount string) (bool, error)
}

// Queues finds queues by ARN (aws.ErrNotFound when there is none).
type Queues interface {
	Attributes(ctx context.Context, queueARN string) (map[string]string, error)
}

// Topics tells whether a topic exists.
type Topics interface {
	TopicExists(ctx context.Context, topicARN string) (bool, error)
}

// Destinations are what a configuration's destinations are checked
// against when it is put; a nil one is not checked.
type Destinations struct {
	Functions Functions
	Queues    Queues
	Topics    Topics
}

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
		if err := check(checkExists(ctx, t.Topic, "topic", n.dest.topicExists())); err != nil {
			return err
		}
	}
	for _, t := range c.Queues {
		if err := check(checkExists(ctx, t.Queue, "queue", n.dest.queueExists())); err != nil {
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
		members = append(members, aws.Member{Name: fmt.Sprint("ArgumentName", i+1), Value: r.name},
			aws.Member{Name: fmt.Sprint("ArgumentValue", i+1), Value: r.reason})
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

// checkExists refuses a queue or topic (what) that does not exist.
func checkExists(ctx context.Context, dest, what string, exists func(context.Context, string) (bool, error)) (*refusal, error) {
	if exists == nil {
		return nil, nil
	}
	ok, err := exists(ctx, dest)
	switch {
	case err != nil:
		return nil, fmt.Errorf("find %s %s: %w", what, dest, err)
	case !ok:
		return &refusal{dest, "The destination " + what + " does not exist"}, nil
	}
	return nil, nil
}

// queueExists tells whether a queue exists; nil without Queues.
func (d Destinations) queueExists() func(context.Context, string) (bool, error) {
	if d.Queues == nil {
		return nil
	}
	return func(ctx context.Context, queue string) (bool, error) {
		_, err := d.Queues.Attributes(ctx, queue)
		if errors.Is(err, aws.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}
}

// topicExists tells whether a topic exists; nil without Topics.
func (d Destinations) topicExists() func(context.Context, string) (bool, error) {
	if d.Topics == nil {
		return nil
	}
	return d.Topics.TopicExists
}
