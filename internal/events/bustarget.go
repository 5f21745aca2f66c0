package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/delivery"
)

// busEntry is what a delivery to an event bus carries: the PutEvents
// entry that puts the event into the bus. Lambda's destinations send the
// same shape.
type busEntry struct {
	Source     string   `json:"Source"`
	DetailType string   `json:"DetailType"`
	Detail     string   `json:"Detail"`
	Resources  []string `json:"Resources,omitempty"`
	Time       string   `json:"Time,omitempty"`
}

// busEntryOf is the entry that puts ev into another bus.
func busEntryOf(ev event) []byte {
	return marshalJSON(busEntry{Source: ev.Source, DetailType: ev.DetailType, Detail: string(ev.Detail),
		Resources: ev.Resources, Time: ev.Time})
}

// BusTarget is the delivery target of kind "events": it puts a
// delivery's event into the bus the target names, where that bus's rules
// route it.
type BusTarget struct{ s *Server }

// BusTarget is the service's delivery target for event buses.
func (s *Server) BusTarget() *BusTarget { return &BusTarget{s: s} }

// Deliver puts the event into the bus. A bus that does not exist, or
// belongs to another account or region, is gone; an entry that cannot be
// read, or that PutEvents would refuse, is refused.
func (b *BusTarget) Deliver(ctx context.Context, d delivery.Delivery) (delivery.Reply, error) {
	bus, err := b.s.localBus(d.Target.Name)
	if err == nil {
		_, err = b.s.bus(ctx, bus)
	}
	if err != nil {
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrGone, err)
	}
	var be busEntry
	if err := json.Unmarshal(d.Payload, &be); err != nil {
		return delivery.Reply{}, fmt.Errorf("%w: read event for %s: %w", delivery.ErrPermanent, bus, err)
	}
	e := entry{Source: &be.Source, DetailType: &be.DetailType, Detail: &be.Detail, Resources: be.Resources}
	if t, err := time.Parse(time.RFC3339, be.Time); err == nil {
		e.Time = &timestamp{t}
	}
	if code, msg := checkEntry(e); code != "" && code != "NotAuthorizedForSourceException" {
		return delivery.Reply{}, fmt.Errorf("%w: %s: %s", delivery.ErrPermanent, code, msg)
	}
	ev := b.s.entryEvent(e, derivedID(d.ID+"/event"), time.Now().UTC())
	rules, err := b.s.busRules(ctx, bus)
	if err != nil {
		return delivery.Reply{}, err
	}
	return delivery.Reply{}, b.s.route(ctx, rules, ev)
}

// localBus is the name of a bus ARN of this account and region.
func (s *Server) localBus(arn string) (string, error) {
	a, ok := aws.ParseARN(arn)
	if !ok || a.Service != "events" || !strings.HasPrefix(a.Resource, "event-bus/") {
		return "", fmt.Errorf("%s is not an event bus ARN", arn)
	}
	if a.Region != s.cfg.Region || a.Account != s.cfg.Account {
		return "", errors.New("event bus " + arn + " is in another account or region")
	}
	return strings.TrimPrefix(a.Resource, "event-bus/"), nil
}

// BusExists tells whether arn names an event bus of this account and
// region; Lambda's destinations may name one.
func (s *Server) BusExists(ctx context.Context, arn string) (bool, error) {
	name, err := s.localBus(arn)
	if err != nil {
		return false, nil
	}
	_, err = s.bus(ctx, name)
	if errors.Is(err, aws.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
