package targets

import (
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
)

// AWS's defaults and bounds for a target's RetryPolicy.
const (
	DefaultRetryAttempts = 185
	DefaultMaxEventAge   = 86400
	MaxRetryAttempts     = 185
	MinMaxEventAge       = 60
	MaxMaxEventAge       = 86400
)

// Settings are what a delivery carries of its target: its retry policy,
// its dead-letter queue and where it came from, for the dead letter's
// attributes.
type Settings struct {
	// RetryAttempts and MaxEventAge are the target's RetryPolicy; nil is
	// AWS's default.
	RetryAttempts *int
	MaxEventAge   *int
	// DeadLetter is an SQS queue ARN, or empty.
	DeadLetter string
	// Origin is the rule or schedule ARN, TargetARN the target's.
	Origin, TargetARN string
	// MessageGroup is a FIFO queue target's message group.
	MessageGroup string
}

// Attribute names on a delivery.
const (
	attrRetries    = "retryAttempts"
	attrMaxAge     = "maxEventAge"
	attrDeadLetter = "deadLetter"
	attrOrigin     = "origin"
	attrTargetARN  = "targetArn"
)

// Attributes adds s to a delivery's attributes.
func (s Settings) Attributes(attrs map[string]string) map[string]string {
	if attrs == nil {
		attrs = map[string]string{}
	}
	if s.RetryAttempts != nil {
		attrs[attrRetries] = strconv.Itoa(*s.RetryAttempts)
	}
	if s.MaxEventAge != nil {
		attrs[attrMaxAge] = strconv.Itoa(*s.MaxEventAge)
	}
	set := func(k, v string) {
		if v != "" {
			attrs[k] = v
		}
	}
	set(attrDeadLetter, s.DeadLetter)
	set(attrOrigin, s.Origin)
	set(attrTargetARN, s.TargetARN)
	set("MessageGroupId", s.MessageGroup)
	return attrs
}

// policy reads a delivery's retry policy: the first attempt and the
// target's retries, within its maximum event age, spaced by a backoff
// that doubles from base up to a cap.
func policy(d delivery.Delivery, base, ceiling time.Duration) delivery.Policy {
	retries := intAttr(d, attrRetries, DefaultRetryAttempts)
	age := intAttr(d, attrMaxAge, DefaultMaxEventAge)
	wait := base
	for i := 0; i < d.Attempts && wait < ceiling; i++ {
		wait *= 2
	}
	return delivery.Policy{
		MaxAttempts: retries + 1,
		MaxAge:      time.Duration(age) * time.Second,
		Backoff:     delivery.Backoff{Base: min(wait, ceiling), Factor: 1},
	}
}

func intAttr(d delivery.Delivery, name string, def int) int {
	if v, err := strconv.Atoi(d.Attributes[name]); err == nil {
		return v
	}
	return def
}
