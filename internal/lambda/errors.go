package lambda

import (
	"errors"
	"fmt"
)

// Error kinds. Components return errors that wrap one of these; the API keeps
// the single table that turns a kind into AWS's error type and HTTP status.
var (
	ErrNotFound              = errors.New("ResourceNotFoundException")
	ErrConflict              = errors.New("ResourceConflictException")
	ErrInvalidParameter      = errors.New("InvalidParameterValueException")
	ErrValidation            = errors.New("ValidationException")
	ErrPreconditionFailed    = errors.New("PreconditionFailedException")
	ErrTooLarge              = errors.New("RequestEntityTooLargeException")
	ErrInvalidRequestContent = errors.New("InvalidRequestContentException")
	ErrTooManyRequests       = errors.New("TooManyRequestsException")
	ErrAccessDenied          = errors.New("AccessDeniedException")
	ErrUnsupportedMediaType  = errors.New("UnsupportedMediaTypeException")
	ErrServiceUnavailable    = errors.New("ServiceException")
	ErrProvisionedNotFound   = errors.New("ProvisionedConcurrencyConfigNotFoundException")
	ErrPolicyLengthExceeded  = errors.New("PolicyLengthExceededException")
	ErrAlreadyExists         = errors.New("ResourceAlreadyExistsException")
	ErrUnknownOperation      = errors.New("UnknownOperationException")
)

// Error is an error meant for the caller: Message is shown verbatim in the
// AWS error body, Kind selects the AWS error type.
type Error struct {
	Kind    error
	Message string
	// Reason is TooManyRequestsException's Reason member.
	Reason string
}

func (e *Error) Error() string { return e.Message }

// Unwrap lets errors.Is match the kind.
func (e *Error) Unwrap() error { return e.Kind }

// Errorf builds an *Error of the given kind.
func Errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}
