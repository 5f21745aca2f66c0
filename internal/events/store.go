package events

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

func busNotFound(name string) error {
	return aws.Errorf(aws.ErrNotFound, "Event bus %s does not exist.", name)
}

func ruleNotFound(bus, name string) error {
	return aws.Errorf(aws.ErrNotFound, "Rule %s does not exist on EventBus %s.", name, bus)
}

// createBus stores a new bus.
func (s *Server) createBus(ctx context.Context, b Bus) (Bus, error) {
	b.Created = time.Now().UTC()
	b.Modified = b.Created
	switch err := store.Create(ctx, s.buses, busKey(b.Name), b); {
	case errors.Is(err, store.ErrExists):
		return Bus{}, aws.Errorf(aws.ErrAlreadyExists, "Event bus %s already exists.", b.Name)
	case err != nil:
		return Bus{}, fmt.Errorf("store event bus %s: %w", b.Name, err)
	}
	return b, nil
}

// bus reads a bus.
func (s *Server) bus(ctx context.Context, name string) (Bus, error) {
	b, err := store.Get[Bus](ctx, s.buses, busKey(name))
	if errors.Is(err, store.ErrNotFound) {
		return Bus{}, busNotFound(name)
	}
	return b, err
}

// allBuses lists the buses in name order.
func (s *Server) allBuses(ctx context.Context) ([]Bus, error) {
	out, err := store.List[Bus](ctx, s.buses, "")
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// rule reads a rule of a bus.
func (s *Server) rule(ctx context.Context, bus, name string) (Rule, error) {
	r, err := store.Get[Rule](ctx, s.rules, ruleKey(bus, name))
	if errors.Is(err, store.ErrNotFound) {
		return Rule{}, ruleNotFound(bus, name)
	}
	return r, err
}

// busRules lists the rules of a bus in name order.
func (s *Server) busRules(ctx context.Context, bus string) ([]Rule, error) {
	out, err := store.List[Rule](ctx, s.rules, busKey(bus)+".")
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// rulesOf lists the rules of a bus that exists.
func (s *Server) rulesOf(ctx context.Context, bus string) ([]Rule, error) {
	if _, err := s.bus(ctx, bus); err != nil {
		return nil, err
	}
	return s.busRules(ctx, bus)
}

// modifyRule changes a stored rule; a rule that does not exist is not
// found.
func (s *Server) modifyRule(ctx context.Context, bus, name string, change func(*Rule) error) (Rule, error) {
	return store.Modify(ctx, s.rules, ruleKey(bus, name), func(r *Rule, exists bool) error {
		if !exists {
			return ruleNotFound(bus, name)
		}
		return change(r)
	})
}

// busName reads an EventBusName member, a name or a bus ARN; empty is the
// default bus.
func busName(nameOrARN string) string {
	if nameOrARN == "" {
		return defaultBus
	}
	if i := strings.Index(nameOrARN, ":event-bus/"); strings.HasPrefix(nameOrARN, "arn:") && i >= 0 {
		return nameOrARN[i+len(":event-bus/"):]
	}
	return nameOrARN
}
