package lambda

// EventInvokeConfig is a function's (or version's, or alias's) settings for
// asynchronous invocation, as the Lambda API returns them.
type EventInvokeConfig struct {
	FunctionArn              string             `json:"FunctionArn"`
	LastModified             float64            `json:"LastModified"` // epoch seconds
	MaximumRetryAttempts     *int               `json:"MaximumRetryAttempts,omitempty"`
	MaximumEventAgeInSeconds *int               `json:"MaximumEventAgeInSeconds,omitempty"`
	DestinationConfig        *DestinationConfig `json:"DestinationConfig,omitempty"`
}

// DestinationConfig names where the records of processed events go.
type DestinationConfig struct {
	OnSuccess *Destination `json:"OnSuccess,omitempty"`
	OnFailure *Destination `json:"OnFailure,omitempty"`
}

// Destination is one target ARN.
type Destination struct {
	Destination string `json:"Destination,omitempty"`
}

// Asynchronous invocation defaults and bounds.
const (
	DefaultRetryAttempts = 2
	DefaultMaxEventAge   = 21600 // seconds
	MinMaxEventAge       = 60
	MaxEventPayload      = 1 << 20 // bytes, for Event invocations
)
