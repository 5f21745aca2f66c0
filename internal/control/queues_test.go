package control

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// knownQueues knows queues by ARN.
type knownQueues map[string]bool

func (k knownQueues) Attributes(_ context.Context, queueARN string) (map[string]string, error) {
	if !k[queueARN] {
		return nil, aws.Errorf(aws.ErrNotFound, "no queue")
	}
	return map[string]string{}, nil
}

func TestQueueTargets(t *testing.T) {
	ctx := context.Background()
	const queue = "arn:aws:sqs:us-east-1:123456789012:q"
	functions := newMemBucket()
	s := New(Config{Region: "us-east-1", Account: "123456789012", Queues: knownQueues{queue: true}}, Stores{
		Functions: functions, Versions: newMemBucket(), Aliases: newMemBucket(), Provisioned: newMemBucket(), EventConfigs: newMemBucket(),
	}, nil)
	rec, _ := json.Marshal(record{Latest: lambda.FunctionConfiguration{FunctionName: "fn", FunctionArn: s.functionARN("fn"),
		DeadLetterConfig: &lambda.DeadLetterConfig{TargetArn: queue}}})
	functions.Create(ctx, "fn", rec)

	t.Run("DeadLetter", func(t *testing.T) {
		if err := s.checkDeadLetter(ctx, &lambda.DeadLetterConfig{TargetArn: queue}); err != nil {
			t.Errorf("an existing queue: %v", err)
		}
		err := s.checkDeadLetter(ctx, &lambda.DeadLetterConfig{TargetArn: queue + "-gone"})
		if !errors.Is(err, aws.ErrInvalid) || !strings.Contains(err.Error(), "does not have permissions to call SendMessage on SQS") {
			t.Errorf("a missing queue: %v", err)
		}
		if got, err := s.DeadLetterTarget(ctx, "fn", ""); err != nil || got != queue {
			t.Errorf("DeadLetterTarget = %q, %v", got, err)
		}
		if got, err := s.DeadLetterTarget(ctx, "gone", ""); err != nil || got != "" {
			t.Errorf("DeadLetterTarget of a missing function = %q, %v", got, err)
		}
	})
	t.Run("Destination", func(t *testing.T) {
		ok := &lambda.DestinationConfig{OnSuccess: &lambda.Destination{Destination: queue}}
		if err := s.checkDestinations(ctx, "fn", ok); err != nil {
			t.Errorf("an existing queue: %v", err)
		}
		missing := &lambda.DestinationConfig{OnFailure: &lambda.Destination{Destination: queue + "-gone"}}
		if err := s.checkDestinations(ctx, "fn", missing); err == nil || err.Error() != "The destination ARN "+queue+"-gone is invalid." {
			t.Errorf("a missing queue: %v", err)
		}
	})
	t.Run("NoQueues", func(t *testing.T) {
		bare := New(Config{Region: "us-east-1", Account: "123456789012"}, Stores{Functions: functions}, nil)
		if err := bare.checkDeadLetter(ctx, &lambda.DeadLetterConfig{TargetArn: queue}); !errors.Is(err, aws.ErrInvalid) {
			t.Errorf("a server without queues: %v", err)
		}
		if _, err := bare.GetFunction(ctx, arn.Function{Name: "fn"}); err != nil {
			t.Fatal(err)
		}
	})
}
