package esm

import (
	"bytes"
	"encoding/json"
)

// CreateInput is the request body of CreateEventSourceMapping.
type CreateInput struct {
	FunctionName              string
	EventSourceArn            string
	StartingPosition          string
	StartingPositionTimestamp *float64
	Tags                      map[string]string
	Settings
}

// UpdateInput is the request body of UpdateEventSourceMapping.
type UpdateInput struct {
	FunctionName string
	Settings
}

// Settings are the members Create and Update share: nil leaves a setting
// as it is (or at its default).
type Settings struct {
	Enabled                        *bool
	BatchSize                      *int
	MaximumBatchingWindowInSeconds *int
	FilterCriteria                 *FilterCriteria
	FunctionResponseTypes          []string
	ScalingConfig                  *ScalingConfig
	otherSources
}

// otherSources are members that only streams, Kafka, MQ and DocumentDB
// take; a queue's mapping refuses them.
type otherSources struct {
	ParallelizationFactor               *int
	MaximumRecordAgeInSeconds           *int
	BisectBatchOnFunctionError          *bool
	MaximumRetryAttempts                *int
	TumblingWindowInSeconds             *int
	DestinationConfig                   json.RawMessage
	Topics                              json.RawMessage
	Queues                              json.RawMessage
	SourceAccessConfigurations          json.RawMessage
	SelfManagedEventSource              json.RawMessage
	AmazonManagedKafkaEventSourceConfig json.RawMessage
	SelfManagedKafkaEventSourceConfig   json.RawMessage
	DocumentDBEventSourceConfig         json.RawMessage
	ProvisionedPollerConfig             json.RawMessage
}

// first names the first member that is set, or "".
func (o otherSources) first() string {
	set := []struct {
		name string
		ok   bool
	}{
		{"ParallelizationFactor", o.ParallelizationFactor != nil},
		{"MaximumRecordAgeInSeconds", o.MaximumRecordAgeInSeconds != nil},
		{"BisectBatchOnFunctionError", o.BisectBatchOnFunctionError != nil},
		{"MaximumRetryAttempts", o.MaximumRetryAttempts != nil},
		{"TumblingWindowInSeconds", o.TumblingWindowInSeconds != nil},
		{"DestinationConfig", given(o.DestinationConfig)},
		{"Topics", given(o.Topics)},
		{"Queues", given(o.Queues)},
		{"SourceAccessConfigurations", given(o.SourceAccessConfigurations)},
		{"SelfManagedEventSource", given(o.SelfManagedEventSource)},
		{"AmazonManagedKafkaEventSourceConfig", given(o.AmazonManagedKafkaEventSourceConfig)},
		{"SelfManagedKafkaEventSourceConfig", given(o.SelfManagedKafkaEventSourceConfig)},
		{"DocumentDBEventSourceConfig", given(o.DocumentDBEventSourceConfig)},
		{"ProvisionedPollerConfig", given(o.ProvisionedPollerConfig)},
	}
	for _, s := range set {
		if s.ok {
			return s.name
		}
	}
	return ""
}

// given tells whether a raw member was sent with a value: not null, and
// not an empty object or list.
func given(raw json.RawMessage) bool {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "{}", "[]":
		return false
	}
	return true
}
