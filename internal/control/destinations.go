package control

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// Patterns from the Lambda API model. AWS's messages show the destination
// pattern with its leading '^', which the model leaves out.
const (
	destinationPattern = `^$|kafka://([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*)`
	deadLetterPattern  = `(arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()`
)

var (
	destinationRE = regexp.MustCompile(`^(?:` + destinationPattern + `)$`)
	deadLetterRE  = regexp.MustCompile(`^(?:` + deadLetterPattern + `)$`)
)

// checkEventConfig applies the model's constraints to a Put or Update.
func checkEventConfig(in EventConfigInput) error {
	if err := arn.CheckRange(in.MaximumRetryAttempts, "maximumRetryAttempts", 0, 2); err != nil {
		return err
	}
	if err := arn.CheckRange(in.MaximumEventAgeInSeconds, "maximumEventAgeInSeconds", lambda.MinMaxEventAge, lambda.DefaultMaxEventAge); err != nil {
		return err
	}
	if d := in.DestinationConfig; d != nil {
		if err := checkDestinationARN(d.OnSuccess, "destinationConfig.onSuccess.destination"); err != nil {
			return err
		}
		if err := checkDestinationARN(d.OnFailure, "destinationConfig.onFailure.destination"); err != nil {
			return err
		}
	}
	if in.MaximumRetryAttempts == nil && in.MaximumEventAgeInSeconds == nil && in.DestinationConfig == nil {
		return aws.Errorf(aws.ErrInvalid, "You must specify at least one of error handling or destination setting.")
	}
	return nil
}

func checkDestinationARN(d *lambda.Destination, field string) error {
	switch {
	case d == nil:
		return nil
	case len(d.Destination) > 350:
		return arn.ConstraintError(d.Destination, field, "Member must have length less than or equal to 350")
	case !destinationRE.MatchString(d.Destination):
		return arn.ConstraintError(d.Destination, field, "Member must satisfy regular expression pattern: "+destinationPattern)
	}
	return nil
}

// checkDestinations accepts destinations Virga can deliver to: other
// existing functions, queues and event buses.
func (s *Service) checkDestinations(ctx context.Context, function string, d *lambda.DestinationConfig) error {
	if d == nil {
		return nil
	}
	for _, dest := range []string{destination(d.OnSuccess), destination(d.OnFailure)} {
		if dest == "" {
			continue
		}
		switch service(dest) {
		case "lambda":
			if err := s.checkFunctionDestination(ctx, function, dest); err != nil {
				return err
			}
		case "sqs":
			if err := s.checkQueue(ctx, dest); err != nil {
				return queueMissing(err, aws.Errorf(aws.ErrInvalid, "The destination ARN %s is invalid.", dest))
			}
		case "sns":
			if err := s.checkTopic(ctx, dest, aws.Errorf(aws.ErrInvalid, "The destination ARN %s is invalid.", dest)); err != nil {
				return err
			}
		case "events":
			if err := s.checkBusDestination(ctx, dest); err != nil {
				return err
			}
		case "s3":
			return aws.Errorf(aws.ErrInvalid,
				"Bucket destinations are not supported yet: Virga cannot deliver to %s. Use a Lambda function, an SQS queue, an SNS topic or an event bus ARN as the destination.", dest)
		default:
			return aws.Errorf(aws.ErrInvalid, "The provided destination config %s is invalid.", describeDestinations(d))
		}
	}
	return nil
}

func (s *Service) checkFunctionDestination(ctx context.Context, function, dest string) error {
	ref, err := arn.ParseFunction(dest, "destination")
	if err == nil {
		_, err = s.GetFunction(ctx, ref)
	}
	switch {
	case errors.Is(err, aws.ErrNotFound) || errors.Is(err, aws.ErrValidation):
		return aws.Errorf(aws.ErrInvalid, "The destination ARN %s is invalid.", dest)
	case err != nil:
		return err
	case ref.Name == function:
		return aws.Errorf(aws.ErrInvalid, "You can't specify the function as a destination for itself.")
	}
	return nil
}

// checkBusDestination accepts an event bus of this account and region that
// exists.
func (s *Service) checkBusDestination(ctx context.Context, dest string) error {
	if s.cfg.Buses == nil {
		return aws.Errorf(aws.ErrInvalid, "The destination ARN %s is invalid.", dest)
	}
	ok, err := s.cfg.Buses.BusExists(ctx, dest)
	if err != nil {
		return err
	}
	if !ok {
		return aws.Errorf(aws.ErrInvalid, "The destination ARN %s is invalid.", dest)
	}
	return nil
}

func destination(d *lambda.Destination) string {
	if d == nil {
		return ""
	}
	return d.Destination
}

// service is the service part of an ARN ("" for anything else).
func service(a string) string {
	parts := strings.SplitN(a, ":", 4)
	if len(parts) < 4 || parts[0] != "arn" {
		return ""
	}
	return parts[2]
}

// describeDestinations renders a destination config the way AWS's messages
// quote it.
func describeDestinations(d *lambda.DestinationConfig) string {
	part := func(kind string, dest *lambda.Destination) string {
		if destination(dest) == "" {
			return "null"
		}
		return kind + "(destination=" + dest.Destination + ")"
	}
	return "DestinationConfig(onSuccess=" + part("OnSuccess", d.OnSuccess) + ", onFailure=" + part("OnFailure", d.OnFailure) + ")"
}

// validateDeadLetter accepts queues and topics as dead-letter targets,
// which checkDeadLetter then looks up.
func validateDeadLetter(c *lambda.FunctionConfiguration) error {
	if c.DeadLetterConfig == nil {
		return nil
	}
	target := c.DeadLetterConfig.TargetArn
	switch {
	case !deadLetterRE.MatchString(target):
		return arn.ConstraintError(target, "deadLetterConfig.targetArn", "Member must satisfy regular expression pattern: "+deadLetterPattern)
	case service(target) == "sqs", service(target) == "sns":
		return nil
	}
	return aws.Errorf(aws.ErrInvalid, "Invalid dead letter queue ARN: %s is not an Amazon SQS queue or Amazon SNS topic.", target)
}

// checkDeadLetter refuses a dead-letter queue that does not exist, as AWS
// does, having failed to send to it.
func (s *Service) checkDeadLetter(ctx context.Context, d *lambda.DeadLetterConfig) error {
	if d != nil && service(d.TargetArn) == "sns" {
		return s.checkTopic(ctx, d.TargetArn, aws.Errorf(aws.ErrInvalid, "The provided execution role does not have permissions to call Publish on SNS"))
	}
	if d == nil || service(d.TargetArn) != "sqs" {
		return nil
	}
	if err := s.checkQueue(ctx, d.TargetArn); err != nil {
		return queueMissing(err, aws.Errorf(aws.ErrInvalid, "The provided execution role does not have permissions to call SendMessage on SQS"))
	}
	return nil
}

// checkQueue tells whether a queue exists: aws.ErrNotFound when it does
// not, or when the server keeps no queues.
func (s *Service) checkQueue(ctx context.Context, queueARN string) error {
	if s.cfg.Queues == nil {
		return aws.Errorf(aws.ErrNotFound, "no queues")
	}
	_, err := s.cfg.Queues.Attributes(ctx, queueARN)
	return err
}

// queueMissing is refusal when err says the queue does not exist, and err
// otherwise.
func queueMissing(err, refusal error) error {
	if errors.Is(err, aws.ErrNotFound) {
		return refusal
	}
	return fmt.Errorf("look up queue: %w", err)
}

// DeadLetterTarget is the dead-letter queue of a function version, for a
// failed asynchronous invocation ("" when it has none, or the function is
// gone).
func (s *Service) DeadLetterTarget(ctx context.Context, name, qualifier string) (string, error) {
	fn, err := s.GetFunction(ctx, arn.Function{Name: name, Qualifier: qualifier})
	switch {
	case errors.Is(err, aws.ErrNotFound):
		return "", nil
	case err != nil:
		return "", err
	case fn.Configuration.DeadLetterConfig == nil:
		return "", nil
	}
	return fn.Configuration.DeadLetterConfig.TargetArn, nil
}

// deadLetter drops a DeadLetterConfig with an empty TargetArn, which clears
// it, as on AWS.
func deadLetter(d *lambda.DeadLetterConfig) *lambda.DeadLetterConfig {
	if d == nil || d.TargetArn == "" {
		return nil
	}
	return d
}

// checkTopic answers refusal unless the topic exists (and when the server
// keeps no topics).
func (s *Service) checkTopic(ctx context.Context, topicARN string, refusal error) error {
	if s.cfg.Topics == nil {
		return refusal
	}
	ok, err := s.cfg.Topics.TopicExists(ctx, topicARN)
	switch {
	case err != nil:
		return fmt.Errorf("look up topic: %w", err)
	case !ok:
		return refusal
	}
	return nil
}
