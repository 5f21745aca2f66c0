package pattern

import "fmt"

// Error is a pattern that Compile refuses. Message is the whole text the
// service reports; Reason is the part that says what is wrong. Callers map
// an *Error to their own service's error code.
type Error struct {
	// Message is "Event pattern is not valid. Reason: <Reason>" for event
	// patterns, and "Invalid parameter: FilterPolicy: <Reason>" (or, for a
	// fault of the policy's scope, "Invalid parameter: <Reason>") for SNS
	// filter policies. SNS's Subscribe words the same fault as
	// "Invalid parameter: Attributes Reason: " followed by what Message has
	// after "Invalid parameter: ".
	Message string
	// Reason says what is wrong, in Event Ruler's words where AWS uses them.
	Reason string

	// limit marks a pattern refused for its size rather than its grammar;
	// such a pattern is not compiled again with "$or" read as a field name.
	limit bool
}

func (e *Error) Error() string { return e.Message }

// fail is the error for reason, worded for the dialect.
func (d dialect) fail(format string, args ...any) *Error {
	reason := fmt.Sprintf(format, args...)
	if d.sns {
		return &Error{Message: "Invalid parameter: FilterPolicy: " + reason, Reason: reason}
	}
	return &Error{Message: "Event pattern is not valid. Reason: " + reason, Reason: reason}
}

// tooBig is the error for a pattern over one of the dialect's limits.
func (d dialect) tooBig(format string, args ...any) *Error {
	e := d.fail(format, args...)
	e.limit = true
	return e
}
