package events

import (
	"context"
	"fmt"

	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/targets"
)

// route matches an event against the enabled rules of its bus that have a
// pattern, and puts a delivery in the queue for each target of each rule
// that matches. An event for a bus that does not exist (no rules) goes
// nowhere, as on AWS.
func (s *Server) route(ctx context.Context, rules []Rule, ev event) error {
	raw := ev.marshal()
	for _, r := range rules {
		if !r.enabled() || r.EventPattern == "" {
			continue
		}
		p, err := s.patterns.compile(r.EventPattern)
		if err != nil {
			s.log.Error("a stored rule's pattern does not compile; the rule is skipped", "rule", r.Name, "bus", r.Bus, "err", err)
			continue
		}
		if p.Match(raw) {
			if err := s.deliver(ctx, r, ev, raw); err != nil {
				return err
			}
		}
	}
	return nil
}

// busRulesOnce reads the rules of each bus once for a whole request.
type busRulesOnce struct {
	s     *Server
	rules map[string][]Rule
}

func (b *busRulesOnce) of(ctx context.Context, bus string) ([]Rule, error) {
	if rules, ok := b.rules[bus]; ok {
		return rules, nil
	}
	rules, err := b.s.busRules(ctx, bus)
	if err == nil {
		b.rules[bus] = rules
	}
	return rules, err
}

// deliver puts one delivery per target of a rule in the queue, each
// carrying its target's settings; its age counts from the event's
// ingestion.
func (s *Server) deliver(ctx context.Context, r Rule, ev event, raw []byte) error {
	by := delivered{ruleName: r.Name, ruleARN: s.ruleARN(r.Bus, r.Name)}
	for _, t := range r.Targets {
		kind, ok := targets.Kind(t.Arn)
		if !ok {
			continue
		}
		payload := input(t, by, ev, raw)
		if kind == targets.KindBus {
			payload = busEntryOf(ev)
		}
		settings := targets.NewSettings(by.ruleARN, t.Arn, t.RetryPolicy, t.DeadLetterConfig, t.SqsParameters)
		d := delivery.Delivery{ID: derivedID(ev.ID + "/" + by.ruleARN + "/" + t.Id), Producer: ProducerName,
			Target: delivery.Address{Kind: kind, Name: t.Arn}, Payload: payload, Attributes: settings.Attributes(nil),
			Accepted: ev.received}
		if kind == targets.KindQueue || kind == targets.KindTopic {
			s.onBehalfOf(d.Attributes, by.ruleARN)
		}
		if err := s.deliveries.Enqueue(ctx, d); err != nil {
			return fmt.Errorf("enqueue delivery to %s: %w", t.Arn, err)
		}
	}
	return nil
}

// onBehalfOf marks a delivery to a queue or a topic as EventBridge's for
// a rule, which the queue's or topic's policy must then allow.
func (s *Server) onBehalfOf(attrs map[string]string, ruleARN string) {
	attrs[delivery.AttrSourcePrincipal] = "events.amazonaws.com"
	attrs[delivery.AttrSourceArn], attrs[delivery.AttrSourceAccount] = ruleARN, s.cfg.Account
}
