package asl

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Error names Step Functions reports for failures of the data layer.
const (
	ErrRuntime         = "States.Runtime"
	ErrIntrinsic       = "States.IntrinsicFailure"
	ErrQueryEvaluation = "States.QueryEvaluationError"
)

// Error is a failure of the data layer as Step Functions reports it: an error
// name and a cause text.
type Error struct {
	Name  string
	Cause string

	// path and input are kept when a path selected nothing, so that InField
	// can name the field in the cause as Step Functions does.
	path, input string
}

func (e *Error) Error() string { return e.Name + ": " + e.Cause }

// InField returns the error with its cause naming the definition field the
// path came from ("InputPath", "OutputPath", "ItemsPath", "x.$" …), as Step
// Functions words a path that selects nothing. Other errors come back as
// they are.
func (e *Error) InField(field string) *Error {
	if e.path == "" {
		return e
	}
	cause := fmt.Sprintf("The JSONPath '%s' specified for the field '%s' could not be found in the input '%s'", e.path, field, e.input)
	return &Error{Name: e.Name, Cause: cause, path: e.path, input: e.input}
}

func runtimeError(format string, args ...any) *Error {
	return &Error{Name: ErrRuntime, Cause: fmt.Sprintf(format, args...)}
}

func intrinsicError(format string, args ...any) *Error {
	return &Error{Name: ErrIntrinsic, Cause: fmt.Sprintf(format, args...)}
}

// notFound is the error of a path that selects nothing in input.
func notFound(path string, input any) *Error {
	in := compact(input)
	return &Error{
		Name:  ErrRuntime,
		Cause: fmt.Sprintf("The JSONPath '%s' could not be found in the input '%s'", path, in),
		path:  path,
		input: in,
	}
}

// compact renders v as compact JSON without HTML escaping, the way Step
// Functions quotes values in its causes.
func compact(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
