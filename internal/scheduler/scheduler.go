// Package scheduler is Amazon EventBridge Scheduler (rest-json): schedule
// groups and schedules that invoke a target once (at()), at a rate
// (rate()) or on a calendar (cron()), in an IANA time zone, within a start
// and end date, optionally at a point within a flexible time window.
//
// Each enabled schedule is a timer of the timers loop, which fires it once
// per region. A firing puts one delivery in the delivery queue: the
// target's Input, with Scheduler's context attributes filled in, to a
// Lambda function (invoked asynchronously), an SQS queue, an SNS topic or,
// with EventBridgeParameters, an event bus. The delivery carries the
// target's RetryPolicy and DeadLetterConfig. A schedule whose
// ActionAfterCompletion is DELETE is deleted after its last firing.
package scheduler

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

// ProducerName is the producer of the deliveries schedules make, and the
// owner of their timers.
const ProducerName = "scheduler"

// Config is where the service runs.
type Config struct {
	Region, Account string
	// Kinds are the delivery kinds the server can deliver to; a target of
	// another kind is refused.
	Kinds  targets.Kinds
	Logger *slog.Logger
}

// Server serves EventBridge Scheduler's operations.
type Server struct {
	cfg        Config
	groups     store.Lister
	schedules  store.Lister
	deliveries targets.Enqueuer
	timers     *timers.Set
	log        *slog.Logger
}

// New wires the service: groups and schedules in their buckets,
// deliveries to q, timers in t.
func New(cfg Config, groups, schedules store.Lister, q targets.Enqueuer, t *timers.Set) *Server {
	log := cmp.Or(cfg.Logger, slog.Default())
	return &Server{cfg: cfg, groups: groups, schedules: schedules, deliveries: q, timers: t, log: log.With("component", "scheduler")}
}

// Start makes the default schedule group, which every account has.
func (s *Server) Start(ctx context.Context) error {
	_, err := s.createGroup(ctx, Group{Name: defaultGroup})
	if err != nil && !errors.Is(err, aws.ErrAlreadyExists) {
		return err
	}
	return nil
}

// Service is EventBridge Scheduler as the front door serves it. Only the
// administrator's account may use it; its role sessions are judged on the
// schedule or group each operation names.
func (s *Server) Service() *awsproto.Service {
	schedule, group := s.scheduleResource, s.groupResource
	ops := []awsproto.Operation{
		{Name: "CreateSchedule", Route: "POST /schedules/{Name}", Handle: s.createSchedule, Resource: schedule},
		{Name: "GetSchedule", Route: "GET /schedules/{Name}", Handle: s.getSchedule, Resource: schedule},
		{Name: "UpdateSchedule", Route: "PUT /schedules/{Name}", Handle: s.updateSchedule, Resource: schedule},
		{Name: "DeleteSchedule", Route: "DELETE /schedules/{Name}", Handle: s.deleteSchedule, Resource: schedule},
		{Name: "ListSchedules", Route: "GET /schedules", Handle: s.listSchedules},
		{Name: "CreateScheduleGroup", Route: "POST /schedule-groups/{Name}", Handle: s.createScheduleGroup, Resource: group},
		{Name: "GetScheduleGroup", Route: "GET /schedule-groups/{Name}", Handle: s.getScheduleGroup, Resource: group},
		{Name: "DeleteScheduleGroup", Route: "DELETE /schedule-groups/{Name}", Handle: s.deleteScheduleGroup, Resource: group},
		{Name: "ListScheduleGroups", Route: "GET /schedule-groups", Handle: s.listScheduleGroups},
		{Name: "TagResource", Route: "POST /tags/{ResourceArn}", Handle: s.tagResource, Resource: taggedResource},
		{Name: "UntagResource", Route: "DELETE /tags/{ResourceArn}", Handle: s.untagResource, Resource: taggedResource},
		{Name: "ListTagsForResource", Route: "GET /tags/{ResourceArn}", Handle: s.listTagsForResource, Resource: taggedResource},
	}
	return &awsproto.Service{
		Name:      "scheduler",
		Protocols: []awsproto.Protocol{awsproto.NewRestJSON(ops)},
		Errors:    errorCodes,
	}
}

// errorCodes is how error kinds appear to Scheduler's clients; its model
// spells the member "Message".
var errorCodes = awsproto.Errors{
	aws.ErrNotFound:         {Code: "ResourceNotFoundException", Status: http.StatusNotFound, Capital: true},
	aws.ErrAlreadyExists:    {Code: "ConflictException", Status: http.StatusConflict, Capital: true},
	aws.ErrConflict:         {Code: "ConflictException", Status: http.StatusConflict, Capital: true},
	aws.ErrInvalid:          {Code: "ValidationException", Status: http.StatusBadRequest, Capital: true},
	aws.ErrValidation:       {Code: "ValidationException", Status: http.StatusBadRequest, Capital: true},
	aws.ErrTooLarge:         {Code: "ValidationException", Status: http.StatusBadRequest, Capital: true},
	aws.ErrMalformed:        {Code: "ValidationException", Status: http.StatusBadRequest, Capital: true},
	aws.ErrLimitExceeded:    {Code: "ServiceQuotaExceededException", Status: http.StatusPaymentRequired, Capital: true},
	aws.ErrThrottled:        {Code: "ThrottlingException", Status: http.StatusTooManyRequests, Capital: true},
	aws.ErrAccessDenied:     {Code: "AccessDeniedException", Status: http.StatusForbidden, Capital: true},
	aws.ErrUnauthenticated:  {Code: "UnrecognizedClientException", Status: http.StatusForbidden, Capital: true},
	aws.ErrUnknownOperation: {Code: "UnknownOperationException", Status: http.StatusNotFound, Capital: true},
	aws.ErrInternal:         {Code: "InternalServerException", Status: http.StatusInternalServerError, Capital: true},
}

// epoch is a timestamp as rest-json encodes it: seconds since 1970.
func epoch(t time.Time) float64 {
	return float64(t.UnixMilli()) / 1000
}
