package sigv4

import "fmt"

// Error is an authentication failure as AWS reports it: Code is the error
// type (the "__type" of the response) and Message its text. Every Error is
// rendered with HTTP status 403.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Is makes errors.Is(err, ErrInvalidSignature) and the other kinds below
// match every Error with the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Code == e.Code
}

// Error kinds, for errors.Is. They carry no message.
var (
	ErrMissingToken        = &Error{Code: "MissingAuthenticationTokenException"}
	ErrIncompleteSignature = &Error{Code: "IncompleteSignatureException"}
	ErrUnrecognizedClient  = &Error{Code: "UnrecognizedClientException"}
	ErrInvalidSignature    = &Error{Code: "InvalidSignatureException"}
	ErrExpiredToken        = &Error{Code: "ExpiredTokenException"}
	// ErrAccessDenied is S3's code for an expired presigned URL: the only
	// presigned URLs Virga hands out stand in for S3 links.
	ErrAccessDenied = &Error{Code: "AccessDenied"}
	// ErrQueryParameters is S3's code for a malformed presigned query.
	ErrQueryParameters = &Error{Code: "AuthorizationQueryParametersError"}
)

const (
	msgMissingToken = "Missing Authentication Token"
	msgUnrecognized = "The security token included in the request is invalid."
	msgMismatch     = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgExpiredURL   = "Request has expired"
	msgExpiredToken = "The security token included in the request is expired"
)

func errorf(kind *Error, format string, args ...any) *Error {
	return &Error{Code: kind.Code, Message: fmt.Sprintf(format, args...)}
}
