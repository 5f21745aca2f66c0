package aws

import (
	"errors"
	"fmt"
)

// Kind is a class of error that every service understands. A service's
// error table turns a kind into that service's error code and HTTP status.
type Kind struct {
	name   string
	parent *Kind
}

func (k *Kind) Error() string { return k.name }

// Unwrap makes a refined kind match its parent with errors.Is.
func (k *Kind) Unwrap() error {
	if k.parent == nil {
		return nil
	}
	return k.parent
}

// Refine makes a narrower kind of parent: it matches parent with errors.Is,
// and a service may give it a code of its own (Lambda's
// ProvisionedConcurrencyConfigNotFoundException is a refined NotFound).
func Refine(parent *Kind, name string) *Kind { return &Kind{name: name, parent: parent} }

// The neutral kinds.
var (
	ErrNotFound           = &Kind{name: "not found"}
	ErrAlreadyExists      = &Kind{name: "already exists"}
	ErrConflict           = &Kind{name: "conflict"}
	ErrInvalid            = &Kind{name: "invalid parameter value"}
	ErrValidation         = &Kind{name: "validation failed"}
	ErrMalformed          = &Kind{name: "malformed request"}
	ErrPreconditionFailed = &Kind{name: "precondition failed"}
	ErrTooLarge           = &Kind{name: "too large"}
	ErrLimitExceeded      = &Kind{name: "limit exceeded"}
	ErrThrottled          = &Kind{name: "throttled"}
	ErrAccessDenied       = &Kind{name: "access denied"}
	ErrUnauthenticated    = &Kind{name: "unauthenticated"}
	ErrUnsupportedMedia   = &Kind{name: "unsupported media type"}
	ErrUnknownOperation   = &Kind{name: "unknown operation"}
	ErrInternal           = &Kind{name: "internal error"}
)

// Error is an error meant for the caller: Message is shown verbatim in the
// error body, Kind selects the error code and status.
type Error struct {
	Kind    *Kind
	Message string
	// Code, when set, is the wire code itself, for errors whose code comes
	// from elsewhere (a signature check names its own).
	Code string
	// Reason is the Reason member some errors carry (Lambda's throttles).
	Reason string
	// Members are further members of the error body, in order, for the
	// errors that carry more than a code and a message (S3's
	// ArgumentName1 and ArgumentValue1).
	Members []Member
}

// Member is one further member of an error body.
type Member struct{ Name, Value string }

func (e *Error) Error() string { return e.Message }

// Unwrap lets errors.Is match the kind.
func (e *Error) Unwrap() error { return e.Kind }

// Errorf builds an *Error of the given kind.
func Errorf(kind *Kind, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// As finds the *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// AccessDenied is AWS's refusal of action on resource to the root user of
// account; byResource tells that the resource belongs to another account,
// whose resource-based policy would have had to allow it.
func AccessDenied(account, action, resource string, byResource bool) error {
	kind := "identity-based"
	if byResource {
		kind = "resource-based"
	}
	return Errorf(ErrAccessDenied, "User: arn:aws:iam::%s:root is not authorized to perform: %s on resource: %s because no %s policy allows the %s action",
		account, action, resource, kind, action)
}
