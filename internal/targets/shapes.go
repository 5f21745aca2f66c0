package targets

// The members rule targets and schedule targets share, as both APIs spell
// them.

// RetryPolicy bounds how long and how often a target is tried.
type RetryPolicy struct {
	MaximumEventAgeInSeconds *int `json:"MaximumEventAgeInSeconds,omitempty"`
	MaximumRetryAttempts     *int `json:"MaximumRetryAttempts,omitempty"`
}

// DeadLetterConfig names the queue a target's failed events go to.
type DeadLetterConfig struct {
	Arn string `json:"Arn,omitempty"`
}

// SqsParameters are a queue target's message group.
type SqsParameters struct {
	MessageGroupId string `json:"MessageGroupId,omitempty"`
}

// NewSettings are what a delivery to a target carries: its retry policy,
// dead-letter queue and message group (each may be nil), and where it
// came from.
func NewSettings(origin, targetARN string, rp *RetryPolicy, dlq *DeadLetterConfig, sqs *SqsParameters) Settings {
	st := Settings{Origin: origin, TargetARN: targetARN}
	if rp != nil {
		st.RetryAttempts, st.MaxEventAge = rp.MaximumRetryAttempts, rp.MaximumEventAgeInSeconds
	}
	if dlq != nil {
		st.DeadLetter = dlq.Arn
	}
	if sqs != nil {
		st.MessageGroup = sqs.MessageGroupId
	}
	return st
}

// BusEntry is the PutEvents entry a delivery to an event bus (KindBus)
// carries: what other services (Lambda's destinations, S3's
// notifications) put on a bus.
type BusEntry struct {
	Source     string   `json:"Source"`
	DetailType string   `json:"DetailType"`
	Detail     string   `json:"Detail"`
	Resources  []string `json:"Resources"`
	Time       string   `json:"Time"`
}
