package awsproto

import (
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
)

// ClientErrors is the table of a json service that answers every client
// error with 400: its own codes, over the codes such services share, and
// internal for what the caller must not see.
func ClientErrors(internal string, own map[*aws.Kind]string) Errors {
	codes := map[*aws.Kind]string{
		aws.ErrInvalid: "ValidationException", aws.ErrValidation: "ValidationException", aws.ErrTooLarge: "ValidationException",
		aws.ErrMalformed: "SerializationException", aws.ErrAccessDenied: "AccessDeniedException",
		aws.ErrUnauthenticated: "UnrecognizedClientException", aws.ErrUnknownOperation: "UnknownOperationException",
		aws.ErrThrottled: "ThrottlingException",
	}
	t := Errors{aws.ErrInternal: {Code: internal, Status: http.StatusInternalServerError}}
	for _, m := range []map[*aws.Kind]string{codes, own} {
		for kind, code := range m {
			t[kind] = Code{Code: code, Status: http.StatusBadRequest}
		}
	}
	return t
}
