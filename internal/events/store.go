package events

import (
	"context"
	"encoding/json"
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
	now := time.Now().UTC()
	b.Created, b.Modified = now, now
	data, err := json.Marshal(b)
	if err != nil {
		return Bus{}, err
	}
	if _, err := s.buses.Create(ctx, busKey(b.Name), data); err != nil {
		if errors.Is(err, store.ErrExists) {
			return Bus{}, aws.Errorf(aws.ErrAlreadyExists, "Event bus %s already exists.", b.Name)
		}
		return Bus{}, fmt.Errorf("store event bus %s: %w", b.Name, err)
	}
	return b, nil
}

// bus reads a bus.
func (s *Server) bus(ctx context.Context, name string) (Bus, error) {
	var b Bus
	err := s.get(ctx, s.buses, busKey(name), &b)
	if errors.Is(err, store.ErrNotFound) {
		return Bus{}, busNotFound(name)
	}
	return b, err
}

// allBuses lists the buses in name order.
func (s *Server) allBuses(ctx context.Context) ([]Bus, error) {
	keys, err := s.buses.KeysWithPrefix(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []Bus
	for _, k := range keys {
		var b Bus
		if err := s.get(ctx, s.buses, k, &b); err == nil {
			out = append(out, b)
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// rule reads a rule of a bus.
func (s *Server) rule(ctx context.Context, bus, name string) (Rule, error) {
	var r Rule
	err := s.get(ctx, s.rules, ruleKey(bus, name), &r)
	if errors.Is(err, store.ErrNotFound) {
		return Rule{}, ruleNotFound(bus, name)
	}
	return r, err
}

// busRules lists the rules of a bus in name order.
func (s *Server) busRules(ctx context.Context, bus string) ([]Rule, error) {
	keys, err := s.rules.KeysWithPrefix(ctx, busKey(bus)+".")
	if err != nil {
		return nil, err
	}
	var out []Rule
	for _, k := range keys {
		var r Rule
		if err := s.get(ctx, s.rules, k, &r); err == nil {
			out = append(out, r)
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
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

func (s *Server) get(ctx context.Context, b Bucket, key string, v any) error {
	e, err := b.Get(ctx, key)
	if err != nil {
		return err
	}
	return json.Unmarshal(e.Value, v)
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
