package events

import (
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/targets"
)

// defaultBus is the bus every account has, which cannot be deleted.
const defaultBus = "default"

// Bus is an event bus as stored.
type Bus struct {
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Created     time.Time `json:"created"`
	Modified    time.Time `json:"modified"`
	Tags        []aws.Tag `json:"tags,omitempty"`
}

// Rule is a rule as stored, with its targets.
type Rule struct {
	Name               string    `json:"name"`
	Bus                string    `json:"bus"`
	EventPattern       string    `json:"eventPattern,omitempty"`
	ScheduleExpression string    `json:"scheduleExpression,omitempty"`
	State              string    `json:"state"`
	Description        string    `json:"description,omitempty"`
	RoleArn            string    `json:"roleArn,omitempty"`
	Tags               []aws.Tag `json:"tags,omitempty"`
	Targets            []Target  `json:"targets,omitempty"`
	// Generation tells a rule from an earlier one of the same name: the
	// ids of its scheduled events derive from it.
	Generation string `json:"generation"`
}

// Rule states.
const (
	stateEnabled  = "ENABLED"
	stateDisabled = "DISABLED"
	// stateCloudTrail is ENABLED that also receives CloudTrail's
	// management events, of which Virga has none.
	stateCloudTrail = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
)

func (r Rule) enabled() bool { return r.State != stateDisabled }

// Target is one target of a rule, in the API's shape, which is also how
// it is stored.
type Target struct {
	Id               string                    `json:"Id"`
	Arn              string                    `json:"Arn"`
	RoleArn          string                    `json:"RoleArn,omitempty"`
	Input            *string                   `json:"Input,omitempty"`
	InputPath        *string                   `json:"InputPath,omitempty"`
	InputTransformer *InputTransformer         `json:"InputTransformer,omitempty"`
	SqsParameters    *targets.SqsParameters    `json:"SqsParameters,omitempty"`
	DeadLetterConfig *targets.DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	RetryPolicy      *targets.RetryPolicy      `json:"RetryPolicy,omitempty"`
}

// InputTransformer makes a target's input from parts of the event.
type InputTransformer struct {
	InputPathsMap map[string]string `json:"InputPathsMap,omitempty"`
	InputTemplate *string           `json:"InputTemplate,omitempty"`
}

// busKey is where a bus is stored. Bus and rule names may hold dots,
// which separate a key's tokens, so a dot is written "=2E".
func busKey(name string) string { return strings.ReplaceAll(name, ".", "=2E") }

// ruleKey is where a rule of a bus is stored.
func ruleKey(bus, rule string) string { return busKey(bus) + "." + busKey(rule) }

// busARN is the ARN of a bus.
func (s *Server) busARN(name string) string {
	return "arn:aws:events:" + s.cfg.Region + ":" + s.cfg.Account + ":event-bus/" + name
}

// ruleARN is the ARN of a rule: rule/<name> on the default bus,
// rule/<bus>/<name> on another.
func (s *Server) ruleARN(bus, name string) string {
	prefix := "arn:aws:events:" + s.cfg.Region + ":" + s.cfg.Account + ":rule/"
	if bus == defaultBus {
		return prefix + name
	}
	return prefix + bus + "/" + name
}
