package events

import (
	"encoding/json"
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

type testEventPatternInput struct {
	EventPattern string
	Event        string
}

func (in *testEventPatternInput) check(v *aws.Violations) {
	v.Text(in.EventPattern, "eventPattern", true, 0, 4096, nil, "")
	v.Text(in.Event, "event", true, 0, -1, nil, "")
}

// eventMembers are the members TestEventPattern's event must have, as
// AWS documents.
var eventMembers = []string{"id", "account", "source", "time", "region", "resources", "detail-type"}

func (s *Server) testEventPattern(c *awsproto.Call) error {
	in, err := decode[testEventPatternInput](c)
	if err != nil {
		return err
	}
	p, err := s.patterns.compile(in.EventPattern)
	if err != nil {
		return err
	}
	var ev map[string]json.RawMessage
	if json.Unmarshal([]byte(in.Event), &ev) != nil || ev == nil {
		return aws.Errorf(aws.ErrValidation, "Parameter Event is not valid.")
	}
	for _, m := range eventMembers {
		if _, ok := ev[m]; !ok {
			return aws.Errorf(aws.ErrValidation, "Parameter Event is not valid.")
		}
	}
	return c.Reply(http.StatusOK, struct{ Result bool }{p.Match([]byte(in.Event))})
}
