package statemachine

import "strings"

// Diagnostic codes.
const (
	CodeSchema          = "SCHEMA_VALIDATION_FAILED"
	CodeMissingTarget   = "MISSING_TRANSITION_TARGET"
	CodeInvalidJSON     = "INVALID_JSON_DESCRIPTION"
	CodeInvalidPath     = "INVALID_JSON_PATH"
	CodeInvalidResource = "INVALID_RESOURCE"
)

// Diagnostic is one problem of a definition.
type Diagnostic struct {
	Code     string
	Message  string
	Location string // a JSON pointer: "/States/A/Next"; "" for the whole text
}

// String is the diagnostic as AWS's InvalidDefinition message spells it.
func (d Diagnostic) String() string {
	s := d.Code + ": " + d.Message
	if d.Location != "" {
		s += " at " + d.Location
	}
	return s
}

// InvalidError is a definition that does not validate.
type InvalidError struct {
	Diagnostics []Diagnostic
}

// Error is AWS's text: every diagnostic, comma-separated.
func (e *InvalidError) Error() string {
	parts := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		parts[i] = d.String()
	}
	return strings.Join(parts, ", ")
}
