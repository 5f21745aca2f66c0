package events

import (
	"cmp"
	"encoding/json"

	"github.com/virga-dev/virga/internal/awsproto"
)

// The resources IAM policies name for EventBridge's operations: an event
// bus, arn:aws:events:region:account:event-bus/NAME, which a bus
// operation's Name or a PutEvents entry's EventBusName names (a name or an
// ARN; none is the default bus); a rule, arn:aws:events:region:account:
// rule/[BUS/]NAME; a tagging operation's ResourceARN. The List operations
// and TestEventPattern name none ("*").

// named is what an operation's input says about its resource.
type named struct {
	Name, Rule, EventBusName, ResourceARN string
	Entries                               []struct{ EventBusName string }
}

// resourceOf is how each operation that names a resource finds it.
var resourceOf = map[string]func(s *Server, in named) string{
	"CreateEventBus":      busNamed,
	"DescribeEventBus":    busNamed,
	"DeleteEventBus":      busNamed,
	"PutEvents":           entryBus,
	"PutRule":             ruleNamed,
	"DescribeRule":        ruleNamed,
	"EnableRule":          ruleNamed,
	"DisableRule":         ruleNamed,
	"DeleteRule":          ruleNamed,
	"PutTargets":          ruleNamed,
	"RemoveTargets":       ruleNamed,
	"ListTargetsByRule":   ruleNamed,
	"TagResource":         tagged,
	"UntagResource":       tagged,
	"ListTagsForResource": tagged,
}

func busNamed(s *Server, in named) string { return s.busARN(busName(in.Name)) }

// entryBus is the bus of PutEvents' first entry: the one IAM judges.
func entryBus(s *Server, in named) string {
	if len(in.Entries) == 0 {
		return "*"
	}
	return s.busARN(busName(in.Entries[0].EventBusName))
}

func ruleNamed(s *Server, in named) string {
	return s.ruleARN(busName(in.EventBusName), cmp.Or(in.Rule, in.Name))
}

func tagged(_ *Server, in named) string { return cmp.Or(in.ResourceARN, "*") }

// judged names the resource of each operation that has one.
func (s *Server) judged(ops []awsproto.Operation) []awsproto.Operation {
	for i := range ops {
		find, ok := resourceOf[ops[i].Name]
		if !ok {
			continue
		}
		ops[i].Resource = func(c *awsproto.Call) (string, error) {
			var in named
			if json.Unmarshal(c.Body, &in) != nil {
				return "*", nil // the handler answers the malformed body
			}
			return find(s, in), nil
		}
	}
	return ops
}
