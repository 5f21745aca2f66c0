package scheduler

import (
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/targets"
)

// defaultGroup is the group every account has and schedules go to unless
// they name another.
const defaultGroup = "default"

// Group is a schedule group as stored.
type Group struct {
	Name     string    `json:"name"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
	Tags     []aws.Tag `json:"tags,omitempty"`
}

// Schedule is a schedule as stored.
type Schedule struct {
	Name                  string             `json:"name"`
	Group                 string             `json:"group"`
	Expression            string             `json:"expression"`
	Timezone              string             `json:"timezone,omitempty"`
	Start                 *time.Time         `json:"start,omitempty"`
	End                   *time.Time         `json:"end,omitempty"`
	Description           string             `json:"description,omitempty"`
	State                 string             `json:"state"`
	FlexibleTimeWindow    FlexibleTimeWindow `json:"flexibleTimeWindow"`
	ActionAfterCompletion string             `json:"actionAfterCompletion"`
	KmsKeyArn             string             `json:"kmsKeyArn,omitempty"`
	Target                Target             `json:"target"`
	Created               time.Time          `json:"created"`
	Modified              time.Time          `json:"modified"`
	// Generation tells a schedule from an earlier one of the same name:
	// the ids of its firings derive from it.
	Generation string `json:"generation"`
}

// Schedule and group states, and the actions after completion.
const (
	stateEnabled  = "ENABLED"
	stateDisabled = "DISABLED"
	actionNone    = "NONE"
	actionDelete  = "DELETE"
	modeOff       = "OFF"
	modeFlexible  = "FLEXIBLE"
)

// FlexibleTimeWindow lets a schedule fire at a point within a window.
type FlexibleTimeWindow struct {
	Mode                   string `json:"Mode"`
	MaximumWindowInMinutes *int   `json:"MaximumWindowInMinutes,omitempty"`
}

// Target is a schedule's target, in the API's shape, which is also how it
// is stored.
type Target struct {
	Arn                   string                    `json:"Arn"`
	RoleArn               string                    `json:"RoleArn"`
	Input                 *string                   `json:"Input,omitempty"`
	RetryPolicy           *targets.RetryPolicy      `json:"RetryPolicy,omitempty"`
	DeadLetterConfig      *targets.DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	SqsParameters         *targets.SqsParameters    `json:"SqsParameters,omitempty"`
	EventBridgeParameters *EventBridgeParameters    `json:"EventBridgeParameters,omitempty"`
}

// EventBridgeParameters make a bus target's events.
type EventBridgeParameters struct {
	DetailType string `json:"DetailType"`
	Source     string `json:"Source"`
}

// key writes a name as a key token: names may hold dots, which separate a
// key's tokens, so a dot is written "=2E".
func key(name string) string { return strings.ReplaceAll(name, ".", "=2E") }

func scheduleKey(group, name string) string { return key(group) + "." + key(name) }

func (s *Server) arnPrefix() string {
	return "arn:aws:scheduler:" + s.cfg.Region + ":" + s.cfg.Account + ":"
}

func (s *Server) scheduleARN(group, name string) string {
	return s.arnPrefix() + "schedule/" + group + "/" + name
}

func (s *Server) groupARN(name string) string { return s.arnPrefix() + "schedule-group/" + name }

// scheduleOfARN reads the group and name of a schedule ARN.
func scheduleOfARN(arn string) (group, name string) {
	_, res, _ := strings.Cut(arn, ":schedule/")
	group, name, _ = strings.Cut(res, "/")
	return group, name
}
