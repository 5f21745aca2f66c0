package esm

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
)

// Bounds from the Lambda API model and AWS's documentation for queues.
const (
	defaultBatchSize = 10
	maxBatchSize     = 10000
	maxFIFOBatchSize = 10
	maxWindow        = 300
	minConcurrency   = 2
	maxConcurrency   = 1000
	maxPatternLength = 4096
)

// sourceARNPattern is the model's pattern for EventSourceArn.
const sourceARNPattern = `arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)`

var sourceARNRE = regexp.MustCompile(`^(?:` + sourceARNPattern + `)$`)

// checkCreate applies the model's constraints to a Create request.
func checkCreate(in CreateInput) error {
	if in.FunctionName == "" {
		return aws.Errorf(aws.ErrValidation, "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null")
	}
	if _, err := arn.ParseFunction(in.FunctionName, "functionName"); err != nil {
		return err
	}
	if in.EventSourceArn != "" && !sourceARNRE.MatchString(in.EventSourceArn) {
		return arn.ConstraintError(in.EventSourceArn, "eventSourceArn", "Member must satisfy regular expression pattern: "+sourceARNPattern)
	}
	if p := in.StartingPosition; p != "" && p != "TRIM_HORIZON" && p != "LATEST" && p != "AT_TIMESTAMP" {
		return arn.ConstraintError(p, "startingPosition", "Member must satisfy enum value set: [TRIM_HORIZON, AT_TIMESTAMP, LATEST]")
	}
	return checkSettings(in.Settings)
}

// checkUpdate applies the model's constraints to an Update request.
func checkUpdate(in UpdateInput) error {
	if in.FunctionName != "" {
		if _, err := arn.ParseFunction(in.FunctionName, "functionName"); err != nil {
			return err
		}
	}
	return checkSettings(in.Settings)
}

func checkSettings(in Settings) error {
	if err := arn.CheckRange(in.BatchSize, "batchSize", 1, maxBatchSize); err != nil {
		return err
	}
	if err := arn.CheckRange(in.MaximumBatchingWindowInSeconds, "maximumBatchingWindowInSeconds", 0, maxWindow); err != nil {
		return err
	}
	if in.ScalingConfig != nil {
		if err := arn.CheckRange(in.ScalingConfig.MaximumConcurrency, "scalingConfig.maximumConcurrency", minConcurrency, maxConcurrency); err != nil {
			return err
		}
	}
	if err := checkResponseTypes(in.FunctionResponseTypes); err != nil {
		return err
	}
	return checkPatternLengths(in.FilterCriteria)
}

func checkResponseTypes(types []string) error {
	if len(types) > 1 {
		return arn.ConstraintError("["+strings.Join(types, ", ")+"]", "functionResponseTypes", "Member must have length less than or equal to 1")
	}
	for _, t := range types {
		if t != reportBatchFailures {
			return arn.ConstraintError("["+t+"]", "functionResponseTypes",
				"Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]")
		}
	}
	return nil
}

func checkPatternLengths(fc *FilterCriteria) error {
	if fc == nil {
		return nil
	}
	for i, f := range fc.Filters {
		if len(f.Pattern) > maxPatternLength {
			return arn.ConstraintError(f.Pattern, fmt.Sprintf("filterCriteria.filters.%d.member.pattern", i+1),
				fmt.Sprintf("Member must have length less than or equal to %d", maxPatternLength))
		}
	}
	return nil
}

// checkSourceKind refuses what a queue's mapping cannot take: another kind
// of event source, a starting position, the settings of streams.
func checkSourceKind(in CreateInput) error {
	if in.EventSourceArn == "" || service(in.EventSourceArn) != "sqs" {
		return aws.Errorf(aws.ErrInvalid, "Unrecognized event source.")
	}
	if in.StartingPosition != "" || in.StartingPositionTimestamp != nil {
		return aws.Errorf(aws.ErrInvalid, "StartingPosition is not valid for SQS event sources.")
	}
	return checkOtherSources(in.otherSources)
}

func checkOtherSources(o otherSources) error {
	if name := o.first(); name != "" {
		return aws.Errorf(aws.ErrInvalid, "Unsupported %s parameter for given event source mapping type.", name)
	}
	return nil
}

// service is the service part of an ARN.
func service(a string) string {
	parts := strings.SplitN(a, ":", 4)
	if len(parts) < 4 {
		return ""
	}
	return parts[2]
}

// checkWindow applies the rule that joins two settings: more than ten
// messages need a batching window.
func checkWindow(m *mapping) error {
	if c := m.Config; c.BatchSize > 10 && c.MaximumBatchingWindowInSeconds < 1 {
		return aws.Errorf(aws.ErrInvalid, "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10")
	}
	return nil
}

// checkFIFO applies what a FIFO queue allows: batches of ten, no window.
func checkFIFO(m *mapping, fifo bool) error {
	c := m.Config
	switch {
	case fifo && c.BatchSize > maxFIFOBatchSize:
		return aws.Errorf(aws.ErrInvalid, "Batch size must be between 1 and %d for FIFO queues.", maxFIFOBatchSize)
	case fifo && c.MaximumBatchingWindowInSeconds > 0:
		return aws.Errorf(aws.ErrInvalid, "Batching window is not supported for FIFO queues.")
	}
	return nil
}
