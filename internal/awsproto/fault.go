package awsproto

import (
	"errors"

	"github.com/virga-dev/virga/internal/aws"
)

// Fault is an error as it goes on the wire.
type Fault struct {
	Code    string
	Status  int
	Message string
	// Server is true when the server is at fault (a "Receiver" or
	// "Service" fault), false when the caller is.
	Server bool
	// Capital is true when the service's model spells the member
	// "Message" rather than "message" (rest-json).
	Capital bool
	// Reason is the Reason member some faults carry.
	Reason string
	// Members are the error's further members (rest-xml writes them).
	Members []aws.Member
}

// Code is how one error kind appears on a service's wire.
type Code struct {
	Code   string
	Status int
	// Capital: the model spells the member "Message".
	Capital bool
}

// Errors is a service's one table from error kind to code; it must map
// aws.ErrInternal, which answers every error that is not an *aws.Error.
type Errors map[*aws.Kind]Code

// internalMessage answers errors the caller must not see the cause of.
const internalMessage = "An internal error occurred in Virga; the server log has the details."

// Fault turns err into the fault the service answers with; known is false
// for an error the caller was not meant to see, which the server logs.
func (t Errors) Fault(err error) (f Fault, known bool) {
	e, ok := aws.As(err)
	if !ok {
		code := t[aws.ErrInternal]
		return Fault{Code: code.Code, Status: code.Status, Capital: code.Capital, Server: true, Message: internalMessage}, false
	}
	code, ok := t.lookup(e.Kind)
	if !ok {
		code = t[aws.ErrInternal]
	}
	f = Fault{Code: code.Code, Status: code.Status, Capital: code.Capital, Message: e.Message, Reason: e.Reason, Members: e.Members}
	if e.Code != "" {
		f.Code = e.Code
	}
	return f, true
}

// lookup finds the code of kind or of the nearest kind it refines.
func (t Errors) lookup(kind *aws.Kind) (Code, bool) {
	var k error = kind
	for k != nil {
		if kk, ok := k.(*aws.Kind); ok {
			if code, ok := t[kk]; ok {
				return code, true
			}
		}
		k = errors.Unwrap(k)
	}
	return Code{}, false
}
