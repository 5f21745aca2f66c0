// Package events is Amazon EventBridge (json 1.1, X-Amz-Target
// AWSEvents.*): event buses, rules that select events with an event
// pattern or fire on a schedule, their targets, PutEvents and
// TestEventPattern.
//
// PutEvents wraps each entry in EventBridge's envelope, matches it against
// every enabled rule of its bus with the shared pattern matcher, and puts
// one delivery per matching target in the delivery queue before it
// answers, so an accepted event is never lost. A target receives the
// event, its constant Input, the part its InputPath selects, or what its
// InputTransformer makes of it, and carries its RetryPolicy and
// DeadLetterConfig with the delivery. A rule with a ScheduleExpression is
// a timer: when it falls due, each target receives AWS's "Scheduled
// Event". A target that is an event bus is delivered by the Bus target,
// which puts the event again into that bus.
package events

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/store"
	"github.com/virga-dev/virga/internal/targets"
	"github.com/virga-dev/virga/internal/timers"
)

// ProducerName is the producer of the deliveries rules make.
const ProducerName = "events"

// Config is where the service runs.
type Config struct {
	Region, Account string
	// Kinds are the delivery kinds the server can deliver to; a target of
	// another kind is refused when it is put.
	Kinds  targets.Kinds
	Logger *slog.Logger
}

// Server serves EventBridge's operations over its buses and rules.
type Server struct {
	cfg        Config
	buses      store.Lister
	rules      store.Lister
	deliveries targets.Enqueuer
	timers     *timers.Set
	patterns   *patternCache
	log        *slog.Logger
}

// New wires the service: buses and rules in their buckets, deliveries to
// q, schedules to t.
func New(cfg Config, buses, rules store.Lister, q targets.Enqueuer, t *timers.Set) *Server {
	log := cmp.Or(cfg.Logger, slog.Default())
	return &Server{cfg: cfg, buses: buses, rules: rules, deliveries: q, timers: t,
		patterns: newPatternCache(), log: log.With("component", "events")}
}

// Start makes the default event bus, which every account has.
func (s *Server) Start(ctx context.Context) error {
	_, err := s.createBus(ctx, Bus{Name: defaultBus})
	if err != nil && !errors.Is(err, aws.ErrAlreadyExists) {
		return err
	}
	return nil
}

// Service is EventBridge as the front door serves it. Only the
// administrator's account may use it; its role sessions are judged on the
// bus or rule each operation names.
func (s *Server) Service() *awsproto.Service {
	ops := s.judged([]awsproto.Operation{
		op("CreateEventBus", s.createEventBus),
		op("DescribeEventBus", s.describeEventBus),
		op("DeleteEventBus", s.deleteEventBus),
		op("ListEventBuses", s.listEventBuses),
		op("PutRule", s.putRule),
		op("DescribeRule", s.describeRule),
		op("EnableRule", s.enableRule),
		op("DisableRule", s.disableRule),
		op("DeleteRule", s.deleteRule),
		op("ListRules", s.listRules),
		op("PutTargets", s.putTargets),
		op("RemoveTargets", s.removeTargets),
		op("ListTargetsByRule", s.listTargetsByRule),
		op("ListRuleNamesByTarget", s.listRuleNamesByTarget),
		op("PutEvents", s.putEvents),
		op("TestEventPattern", s.testEventPattern),
		op("TagResource", s.tagResource),
		op("UntagResource", s.untagResource),
		op("ListTagsForResource", s.listTagsForResource),
	})
	return &awsproto.Service{
		Name:      "events",
		Protocols: []awsproto.Protocol{awsproto.NewJSON("1.1", "AWSEvents.", "EventBridge", ops)},
		Errors:    errorCodes,
	}
}

func op(name string, h func(c *awsproto.Call) error) awsproto.Operation {
	return awsproto.Operation{Name: name, Handle: h}
}

// errInvalidPattern is a pattern the matcher refuses.
var errInvalidPattern = aws.Refine(aws.ErrInvalid, "invalid event pattern")

// errorCodes is how error kinds appear to EventBridge's clients: every
// client error is a 400.
var errorCodes = awsproto.Errors{
	aws.ErrNotFound:         {Code: "ResourceNotFoundException", Status: http.StatusBadRequest},
	aws.ErrAlreadyExists:    {Code: "ResourceAlreadyExistsException", Status: http.StatusBadRequest},
	aws.ErrInvalid:          {Code: "ValidationException", Status: http.StatusBadRequest},
	errInvalidPattern:       {Code: "InvalidEventPatternException", Status: http.StatusBadRequest},
	aws.ErrValidation:       {Code: "ValidationException", Status: http.StatusBadRequest},
	aws.ErrTooLarge:         {Code: "ValidationException", Status: http.StatusBadRequest},
	aws.ErrMalformed:        {Code: "SerializationException", Status: http.StatusBadRequest},
	aws.ErrLimitExceeded:    {Code: "LimitExceededException", Status: http.StatusBadRequest},
	aws.ErrConflict:         {Code: "ConcurrentModificationException", Status: http.StatusBadRequest},
	aws.ErrThrottled:        {Code: "ThrottlingException", Status: http.StatusBadRequest},
	aws.ErrAccessDenied:     {Code: "AccessDeniedException", Status: http.StatusBadRequest},
	aws.ErrUnauthenticated:  {Code: "AccessDeniedException", Status: http.StatusBadRequest},
	aws.ErrUnknownOperation: {Code: "UnknownOperationException", Status: http.StatusBadRequest},
	aws.ErrInternal:         {Code: "InternalException", Status: http.StatusInternalServerError},
}

// epoch is a timestamp as json 1.1 encodes it: seconds since 1970.
func epoch(t time.Time) float64 {
	return float64(t.UnixMilli()) / 1000
}
