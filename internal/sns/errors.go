package sns

import (
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// Kinds of SNS's own errors, refined from the neutral ones so that other
// services map them sensibly.
var (
	// errValueInvalid is SNS's ParameterValueInvalid: a message attribute
	// that breaks its rules.
	errValueInvalid = aws.Refine(aws.ErrInvalid, "parameter value invalid")
	// errResourceNotFound is what the tagging operations answer for a
	// topic that does not exist.
	errResourceNotFound = aws.Refine(aws.ErrNotFound, "resource not found")
	// errTagLimit is more than 50 tags on a topic.
	errTagLimit = aws.Refine(aws.ErrLimitExceeded, "tag limit exceeded")
)

// errorCodes is the one table from error kind to SNS's codes; batch
// errors carry their own codes (aws.Error.Code) with the status of
// aws.ErrInvalid.
var errorCodes = awsproto.Errors{
	aws.ErrNotFound:         {Code: "NotFound", Status: http.StatusNotFound},
	errResourceNotFound:     {Code: "ResourceNotFound", Status: http.StatusNotFound},
	aws.ErrInvalid:          {Code: "InvalidParameter", Status: http.StatusBadRequest},
	errValueInvalid:         {Code: "ParameterValueInvalid", Status: http.StatusBadRequest},
	aws.ErrAlreadyExists:    {Code: "InvalidParameter", Status: http.StatusBadRequest},
	aws.ErrConflict:         {Code: "ConcurrentAccess", Status: http.StatusBadRequest},
	aws.ErrValidation:       {Code: "ValidationError", Status: http.StatusBadRequest},
	aws.ErrMalformed:        {Code: "MalformedQueryString", Status: http.StatusBadRequest},
	aws.ErrTooLarge:         {Code: "RequestEntityTooLarge", Status: http.StatusRequestEntityTooLarge},
	errTagLimit:             {Code: "TagLimitExceeded", Status: http.StatusBadRequest},
	aws.ErrLimitExceeded:    {Code: "TopicLimitExceeded", Status: http.StatusForbidden},
	aws.ErrThrottled:        {Code: "Throttled", Status: http.StatusTooManyRequests},
	aws.ErrAccessDenied:     {Code: "AuthorizationError", Status: http.StatusForbidden},
	aws.ErrUnauthenticated:  {Code: "InvalidClientTokenId", Status: http.StatusForbidden},
	aws.ErrUnknownOperation: {Code: "InvalidAction", Status: http.StatusBadRequest},
	aws.ErrInternal:         {Code: "InternalError", Status: http.StatusInternalServerError},
}

// invalid is SNS's InvalidParameter with its usual prefix.
func invalid(format string, args ...any) error {
	return aws.Errorf(aws.ErrInvalid, "Invalid parameter: "+format, args...)
}

// batchError is one of PublishBatch's request-wide errors, which carry
// codes of their own.
func batchError(code, message string) error {
	return &aws.Error{Kind: aws.ErrInvalid, Code: code, Message: message}
}

func topicNotFound() error { return aws.Errorf(aws.ErrNotFound, "Topic does not exist") }

func subscriptionNotFound() error { return aws.Errorf(aws.ErrNotFound, "Subscription does not exist") }
