package lambdaapi

import (
	"context"
	"net/http"

	"github.com/virga-dev/virga/internal/esm"
)

// EventSourceMappings keeps the mappings of queues to functions, and their
// tags.
type EventSourceMappings interface {
	Tags
	CreateEventSourceMapping(ctx context.Context, in esm.CreateInput) (esm.Configuration, error)
	GetEventSourceMapping(ctx context.Context, uuid string) (esm.Configuration, error)
	UpdateEventSourceMapping(ctx context.Context, uuid string, in esm.UpdateInput) (esm.Configuration, error)
	DeleteEventSourceMapping(ctx context.Context, uuid string) (esm.Configuration, error)
	ListEventSourceMappings(ctx context.Context, in esm.ListInput) ([]esm.Configuration, string, error)
}

func (s *Server) createEventSourceMapping(c *call) error {
	return onMapping(c, http.StatusAccepted, func(ctx context.Context, _ string, in esm.CreateInput) (esm.Configuration, error) {
		return s.mappings.CreateEventSourceMapping(ctx, in)
	})
}

func (s *Server) getEventSourceMapping(c *call) error {
	return onMapping(c, http.StatusOK, func(ctx context.Context, uuid string, _ struct{}) (esm.Configuration, error) {
		return s.mappings.GetEventSourceMapping(ctx, uuid)
	})
}

func (s *Server) updateEventSourceMapping(c *call) error {
	return onMapping(c, http.StatusAccepted, s.mappings.UpdateEventSourceMapping)
}

func (s *Server) deleteEventSourceMapping(c *call) error {
	return onMapping(c, http.StatusAccepted, func(ctx context.Context, uuid string, _ struct{}) (esm.Configuration, error) {
		return s.mappings.DeleteEventSourceMapping(ctx, uuid)
	})
}

// onMapping answers with what op makes of the mapping the path names ("" on
// create) and the request's body.
func onMapping[In any](c *call, status int, op func(ctx context.Context, uuid string, in In) (esm.Configuration, error)) error {
	var in In
	if err := c.Decode(&in); err != nil {
		return err
	}
	out, err := op(c.R.Context(), c.R.PathValue("uuid"), in)
	if err != nil {
		return err
	}
	return c.Reply(status, out)
}

type listEventSourceMappingsOutput struct {
	EventSourceMappings []esm.Configuration
	NextMarker          string `json:",omitempty"`
}

func (s *Server) listEventSourceMappings(c *call) error {
	max, err := c.maxItems()
	if err != nil {
		return err
	}
	q := c.R.URL.Query()
	list, next, err := s.mappings.ListEventSourceMappings(c.R.Context(), esm.ListInput{
		EventSourceArn: q.Get("EventSourceArn"), FunctionName: q.Get("FunctionName"), Marker: q.Get("Marker"), MaxItems: max,
	})
	if err != nil {
		return err
	}
	if list == nil {
		list = []esm.Configuration{}
	}
	return c.Reply(http.StatusOK, listEventSourceMappingsOutput{EventSourceMappings: list, NextMarker: next})
}
