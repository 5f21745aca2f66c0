// Package esm is Lambda's event source mappings for queues: the control
// plane that creates, changes and deletes mappings with AWS's validation
// and states, and the pollers that take messages off a mapped queue in
// batches, invoke the function synchronously with the SQS event, and
// delete what it processed.
//
// A mapping lives in a key-value bucket; every server watches it. While a
// mapping is enabled, one server of the region holds its lease and polls
// its queue, with more pollers as the backlog grows, up to the mapping's
// maximum concurrency. A message is deleted only once the function has
// handled it; anything else — a function error, a throttle, a server that
// stops — leaves it to reappear after its visibility timeout, when the
// queue counts another receive and may move it to its dead-letter queue.
package esm

// States of a mapping, as the API reports them.
const (
	StateCreating  = "Creating"
	StateEnabling  = "Enabling"
	StateEnabled   = "Enabled"
	StateDisabling = "Disabling"
	StateDisabled  = "Disabled"
	StateUpdating  = "Updating"
	StateDeleting  = "Deleting"
)

// Reasons for the last state change, as AWS words them.
const (
	reasonCreated = "USER_INITIATED"
	reasonUser    = "User action"
)

// Processing results a mapping reports.
const (
	resultNone       = "No records processed"
	resultOK         = "OK"
	resultFailed     = "PROBLEM: Function call failed"
	resultNoFunction = "PROBLEM: Function not found"
	resultThrottled  = "PROBLEM: Function call throttled"
	resultNoQueue    = "PROBLEM: Queue not found"
)

// reportBatchFailures is the one FunctionResponseTypes value: the function
// may report which messages of a batch failed.
const reportBatchFailures = "ReportBatchItemFailures"

// Configuration is a mapping member for member as the Lambda API returns
// it (EventSourceMappingConfiguration).
type Configuration struct {
	UUID                           string          `json:"UUID"`
	BatchSize                      int             `json:"BatchSize"`
	MaximumBatchingWindowInSeconds int             `json:"MaximumBatchingWindowInSeconds"`
	EventSourceArn                 string          `json:"EventSourceArn"`
	FilterCriteria                 *FilterCriteria `json:"FilterCriteria,omitempty"`
	FunctionArn                    string          `json:"FunctionArn"`
	LastModified                   float64         `json:"LastModified"` // epoch seconds
	LastProcessingResult           string          `json:"LastProcessingResult,omitempty"`
	State                          string          `json:"State"`
	StateTransitionReason          string          `json:"StateTransitionReason"`
	FunctionResponseTypes          []string        `json:"FunctionResponseTypes"`
	ScalingConfig                  *ScalingConfig  `json:"ScalingConfig,omitempty"`
	EventSourceMappingArn          string          `json:"EventSourceMappingArn"`
}

// FilterCriteria holds the patterns a message must match one of to reach
// the function.
type FilterCriteria struct {
	Filters []Filter `json:"Filters"`
}

// Filter is one event pattern, as JSON text.
type Filter struct {
	Pattern string `json:"Pattern"`
}

// ScalingConfig bounds the concurrent invocations of a mapping.
type ScalingConfig struct {
	MaximumConcurrency *int `json:"MaximumConcurrency,omitempty"`
}

// mapping is what the bucket keeps under a mapping's UUID: its
// configuration and what the configuration does not show.
type mapping struct {
	Config Configuration `json:"config"`
	// Enabled is what the user asked for; State reaches it once settled.
	Enabled bool `json:"enabled"`
	// Function and Qualifier name the function the mapping invokes.
	Function  string `json:"function"`
	Qualifier string `json:"qualifier,omitempty"`
	// Tags were given at creation.
	Tags map[string]string `json:"tags,omitempty"`
}

// reportsItemFailures tells whether the function may report the failed
// messages of a batch rather than fail it whole.
func (m *mapping) reportsItemFailures() bool {
	for _, t := range m.Config.FunctionResponseTypes {
		if t == reportBatchFailures {
			return true
		}
	}
	return false
}

// polling tells whether the mapping's queue should be polled.
func (m *mapping) polling() bool {
	switch m.Config.State {
	case StateEnabled:
		return true
	case StateUpdating:
		return m.Enabled
	}
	return false
}

// settling tells whether the mapping is between states.
func (m *mapping) settling() bool {
	switch m.Config.State {
	case StateEnabled, StateDisabled:
		return false
	}
	return true
}
