package workflow

import (
	"bytes"
	"encoding/json"
	"time"
)

// Event is one history event: what GetExecutionHistory returns, plus the
// key and deadline the interpreter needs to replay it (never returned).
type Event struct {
	ID       int64          `json:"id"`
	Previous int64          `json:"previousEventId"`
	Time     time.Time      `json:"timestamp"`
	Type     string         `json:"type"`
	Details  map[string]any `json:"details,omitempty"`
	Key      string         `json:"key"`
	Until    time.Time      `json:"until,omitzero"`
}

// DetailsField is the member of AWS's HistoryEvent that holds the
// event's details: "executionStartedEventDetails" and the like.
func (e Event) DetailsField() string {
	if f, ok := detailsFields[e.Type]; ok {
		return f
	}
	for suffix, f := range stateDetails {
		if len(e.Type) > len(suffix) && e.Type[len(e.Type)-len(suffix):] == suffix {
			return f
		}
	}
	return ""
}

// detailsFields name the details of the events whose type does not
// simply lower its first letter.
var detailsFields = map[string]string{
	"ExecutionStarted":        "executionStartedEventDetails",
	"ExecutionSucceeded":      "executionSucceededEventDetails",
	"ExecutionFailed":         "executionFailedEventDetails",
	"ExecutionAborted":        "executionAbortedEventDetails",
	"ExecutionTimedOut":       "executionTimedOutEventDetails",
	"TaskScheduled":           "taskScheduledEventDetails",
	"TaskStarted":             "taskStartedEventDetails",
	"TaskSubmitted":           "taskSubmittedEventDetails",
	"TaskSucceeded":           "taskSucceededEventDetails",
	"TaskFailed":              "taskFailedEventDetails",
	"TaskTimedOut":            "taskTimedOutEventDetails",
	"LambdaFunctionScheduled": "lambdaFunctionScheduledEventDetails",
	"LambdaFunctionSucceeded": "lambdaFunctionSucceededEventDetails",
	"LambdaFunctionFailed":    "lambdaFunctionFailedEventDetails",
	"LambdaFunctionTimedOut":  "lambdaFunctionTimedOutEventDetails",
	"MapStateStarted":         "mapStateStartedEventDetails",
	"MapIterationStarted":     "mapIterationStartedEventDetails",
	"MapIterationSucceeded":   "mapIterationSucceededEventDetails",
	"MapIterationFailed":      "mapIterationFailedEventDetails",
	"MapIterationAborted":     "mapIterationAbortedEventDetails",
}

// stateDetails name the details of <State>Entered and <State>Exited.
var stateDetails = map[string]string{
	"StateEntered": "stateEnteredEventDetails",
	"StateExited":  "stateExitedEventDetails",
}

// Encode is a JSON value as the compact text history events carry.
func Encode(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "null"
	}
	return string(bytes.TrimRight(buf.Bytes(), "\n"))
}

// Decode reads a JSON text with numbers kept exact.
func Decode(text string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// io is the details of an event that carries an input or output.
func io(field string, v any) map[string]any {
	return map[string]any{field: Encode(v), field + "Details": map[string]any{"truncated": false}}
}
