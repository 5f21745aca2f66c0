package lambdaapi

import (
	"context"
	"net/http"

	"github.com/virga-dev/virga/internal/esm"
)

// EventSourceMappings keeps the mappings of queues to functions.
type EventSourceMappings interface {
	CreateEventSourceMapping(ctx context.Context, in esm.CreateInput) (esm.Configuration, error)
	GetEventSourceMapping(ctx context.Context, uuid string) (esm.Configuration, error)
	UpdateEventSourceMapping(ctx context.Context, uuid string, in esm.UpdateInput) (esm.Configuration, error)
	DeleteEventSourceMapping(ctx context.Context, uuid string) (esm.Configuration, error)
	ListEventSourceMappings(ctx context.Context, in esm.ListInput) ([]esm.Configuration, string, error)
}

func (s *Server) createEventSourceMapping(c *call) error {
	var in esm.CreateInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	out, err := s.mappings.CreateEventSourceMapping(c.R.Context(), in)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusAccepted, out)
}

func (s *Server) getEventSourceMapping(c *call) error {
	out, err := s.mappings.GetEventSourceMapping(c.R.Context(), c.R.PathValue("uuid"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, out)
}

func (s *Server) updateEventSourceMapping(c *call) error {
	var in esm.UpdateInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	out, err := s.mappings.UpdateEventSourceMapping(c.R.Context(), c.R.PathValue("uuid"), in)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusAccepted, out)
}

func (s *Server) deleteEventSourceMapping(c *call) error {
	out, err := s.mappings.DeleteEventSourceMapping(c.R.Context(), c.R.PathValue("uuid"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusAccepted, out)
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
