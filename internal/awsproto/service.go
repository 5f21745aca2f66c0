package awsproto

import "net/http"

// Service is one AWS service on the endpoint, as the front door needs it.
type Service struct {
	// Name is the service's signing name: the service of a SigV4 scope.
	Name string
	// Protocols are the protocols the service speaks, its main one first.
	Protocols []Protocol
	// Errors maps error kinds to the service's codes and statuses.
	Errors Errors
	// Authorize holds callers of accounts other than the administrator's,
	// who may do anything, to the service's rules for them (their role
	// sessions are then also judged by their IAM policies); nil refuses
	// them every operation.
	Authorize func(c *Call) error
	// ResourcePolicy returns the resource-based policy of a resource the
	// service's operations name ("" when it has none), for judging role
	// sessions; nil when the service has no resource-based policies.
	ResourcePolicy func(c *Call, resource string) (string, error)
	// Streaming services see requests as sent, their paths uncleaned, and
	// read their bodies themselves from Call.Stream (S3's objects).
	Streaming bool
}

// Operation is one operation of a service.
type Operation struct {
	// Name is the operation's name as IAM actions spell it.
	Name string
	// Route is where rest protocols serve it: a method and a path pattern
	// in net/http's syntax ("GET /2015-03-31/functions/{name}").
	Route string
	// Handle serves the operation.
	Handle func(c *Call) error
	// Action is the IAM action the operation needs when it is not the
	// service's name and the operation's ("lambda:InvokeFunction" for
	// InvokeWithResponseStream).
	Action string
	// Resource is the ARN of what a call of the operation acts on, as IAM
	// policies name it; nil means "*".
	Resource func(c *Call) (string, error)
	// Unrestricted operations are open to every caller whose signature
	// holds; no policy can refuse them (STS GetCallerIdentity).
	Unrestricted bool
}

// IAMAction is the action IAM policies name for an operation of service.
func (o *Operation) IAMAction(service string) string {
	if o.Action != "" {
		return o.Action
	}
	return service + ":" + o.Name
}

// Protocol is a wire protocol: it finds the operation a request names,
// decodes its input and encodes its answer and its faults.
type Protocol interface {
	// Accepts reports whether r is spoken in this protocol.
	Accepts(r *http.Request) bool
	// Route finds the operation c names; an error says there is none, to
	// be answered once the caller is known.
	Route(c *Call) (*Operation, error)
	Decode(c *Call, in any) error
	Reply(c *Call, status int, out any) error
	Fault(c *Call, f Fault)
}

// Protocol is the one of s's protocols that r speaks, or its main one.
func (s *Service) Protocol(r *http.Request) Protocol {
	for _, p := range s.Protocols {
		if p.Accepts(r) {
			return p
		}
	}
	return s.Protocols[0]
}

// Everyone is an Authorize for services whose every operation any account
// may call on its own resources.
func Everyone(*Call) error { return nil }
