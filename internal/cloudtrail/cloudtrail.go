// Package cloudtrail is the part of AWS CloudTrail's API that reads the
// audit trail: LookupEvents (json 1.1), by event name, resource name, user
// name, event source, access key or read-only flag, between two times,
// newest first, a page at a time. Each account reads its own trail.
package cloudtrail

import (
	"context"

	"github.com/virga-dev/virga/internal/audit"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// Trail reads recorded events.
type Trail interface {
	Lookup(ctx context.Context, q audit.Query) ([]audit.Event, error)
}

// Server serves LookupEvents over a trail.
type Server struct{ trail Trail }

// New serves CloudTrail's LookupEvents over trail.
func New(trail Trail) *Server { return &Server{trail: trail} }

// Service is CloudTrail as the front door serves it.
func (s *Server) Service() *awsproto.Service {
	ops := []awsproto.Operation{{Name: "LookupEvents", Handle: s.lookupEvents}}
	return &awsproto.Service{
		Name: "cloudtrail",
		// Older models spell the target prefix in full, newer ones short.
		Protocols: []awsproto.Protocol{awsproto.NewJSON("1.1", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.", "CloudTrail", ops),
			awsproto.NewJSON("1.1", "CloudTrail_20131101.", "CloudTrail", ops)},
		Errors:    errorCodes,
		Authorize: awsproto.Everyone,
	}
}

// CloudTrail's own kinds and how they and the others appear to its clients.
var (
	errLookupAttributes, errTimeRange = aws.Refine(aws.ErrInvalid, "invalid lookup attributes"), aws.Refine(aws.ErrInvalid, "invalid time range")
	errMaxResults, errNextToken       = aws.Refine(aws.ErrInvalid, "invalid max results"), aws.Refine(aws.ErrInvalid, "invalid next token")
	errorCodes                        = awsproto.ClientErrors("InternalFailure", map[*aws.Kind]string{
		errLookupAttributes: "InvalidLookupAttributesException", errTimeRange: "InvalidTimeRangeException",
		errMaxResults: "InvalidMaxResultsException", errNextToken: "InvalidNextTokenException",
	})
)
