// Package stepfunctions is AWS Step Functions (json 1.0, X-Amz-Target
// AWSStepFunctions.*): state machines, their executions and histories,
// task tokens, and the executor that runs Standard executions durably.
//
// A Standard execution is event-sourced: its history events go to a
// JetStream stream, one subject per execution, each appended only if the
// subject's last sequence is the one the writer saw, so an execution has
// one writer even across servers. The executor runs on whichever server
// holds the "stepfunctions" lease; it watches the bucket of open
// executions and runs each one with package workflow, which replays the
// recorded history (writing nothing twice, running no recorded task
// again) and continues. Wait states, retry back-offs and task timeouts
// are deadlines recorded in the events, so after a crash the replay waits
// for the same instants. Task tokens live in a bucket, so a callback sent
// while no server runs the execution is kept for it.
//
// Express executions run in memory and record no history: StartSync
// runs one in the request; an asynchronous one is listed as open so that
// after a crash it runs again from the start (at least once, as AWS
// documents for Express).
package stepfunctions

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/store"
)

// Config is where the service runs.
type Config struct {
	Region, Account string
	Logger          *slog.Logger
}

// Buckets are the service's buckets.
type Buckets struct {
	Machines, Executions, Open, Tokens *store.Bucket
}

// Server serves Step Functions and runs its executions.
type Server struct {
	cfg     Config
	b       Buckets
	history *histories
	tasks   *tasks
	log     *slog.Logger

	mu      sync.Mutex
	running map[string]context.CancelCauseFunc // by open key, on this server
	waiters *waiters
}

// Open opens the history stream and builds the service; invoker runs the
// functions tasks name, targets (by delivery kind: sqs, sns, events) the
// other services' integrations.
func Open(ctx context.Context, cfg Config, js jetstream.JetStream, b Buckets, invoker Invoker, targets map[string]Target) (*Server, error) {
	h, err := openHistories(ctx, js)
	if err != nil {
		return nil, err
	}
	log := cmp.Or(cfg.Logger, slog.Default()).With("component", "stepfunctions")
	s := &Server{cfg: cfg, b: b, history: h, log: log, running: map[string]context.CancelCauseFunc{}, waiters: newWaiters()}
	s.tasks = &tasks{invoker: invoker, targets: targets, region: cfg.Region, account: cfg.Account, start: s}
	return s, nil
}

// Start watches the token bucket, so waiting tasks learn of callbacks.
func (s *Server) Start(ctx context.Context) error {
	return s.b.Tokens.Watch(ctx, s.waiters.notify)
}

// Service is Step Functions as the front door serves it.
func (s *Server) Service() *awsproto.Service {
	ops := []awsproto.Operation{
		op("CreateStateMachine", s.createStateMachine, s.machineByName),
		op("DescribeStateMachine", s.describeStateMachine, field("stateMachineArn")),
		op("UpdateStateMachine", s.updateStateMachine, field("stateMachineArn")),
		op("DeleteStateMachine", s.deleteStateMachine, field("stateMachineArn")),
		op("ListStateMachines", s.listStateMachines, nil),
		op("ListStateMachineVersions", s.listStateMachineVersions, field("stateMachineArn")),
		op("ValidateStateMachineDefinition", s.validateDefinition, nil),
		op("StartExecution", s.startExecution, field("stateMachineArn")),
		op("StartSyncExecution", s.startSyncExecution, field("stateMachineArn")),
		op("DescribeExecution", s.describeExecution, field("executionArn")),
		op("DescribeStateMachineForExecution", s.describeMachineForExecution, field("executionArn")),
		op("StopExecution", s.stopExecution, field("executionArn")),
		op("ListExecutions", s.listExecutions, field("stateMachineArn")),
		op("GetExecutionHistory", s.getExecutionHistory, field("executionArn")),
		op("SendTaskSuccess", s.sendTaskSuccess, nil),
		op("SendTaskFailure", s.sendTaskFailure, nil),
		op("SendTaskHeartbeat", s.sendTaskHeartbeat, nil),
		op("TagResource", s.tagResource, field("resourceArn")),
		op("UntagResource", s.untagResource, field("resourceArn")),
		op("ListTagsForResource", s.listTagsForResource, field("resourceArn")),
	}
	return &awsproto.Service{
		Name:      "states",
		Protocols: []awsproto.Protocol{awsproto.NewJSON("1.0", "AWSStepFunctions.", "AWSStepFunctions", ops)},
		Errors:    errorCodes,
	}
}

func op(name string, h func(c *awsproto.Call) error, resource func(c *awsproto.Call) (string, error)) awsproto.Operation {
	return awsproto.Operation{Name: name, Handle: h, Resource: resource}
}

// field is an operation's resource: the ARN its input names in member.
func field(member string) func(c *awsproto.Call) (string, error) {
	return func(c *awsproto.Call) (string, error) {
		var in map[string]any
		if err := c.Decode(&in); err != nil {
			return "", err
		}
		s, _ := in[member].(string)
		return cmp.Or(s, "*"), nil
	}
}

// machineByName is CreateStateMachine's resource: the ARN it would make.
func (s *Server) machineByName(c *awsproto.Call) (string, error) {
	var in struct{ Name string }
	if err := c.Decode(&in); err != nil {
		return "", err
	}
	return s.machineARN(c.Account(), in.Name), nil
}

// epoch is a timestamp as json 1.0 encodes it: seconds since 1970.
func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// The service's own error kinds, each with its code.
var (
	errInvalidArn        = kind("InvalidArn", aws.ErrInvalid)
	errInvalidName       = kind("InvalidName", aws.ErrInvalid)
	errInvalidDefinition = kind("InvalidDefinition", aws.ErrInvalid)
	errInvalidInput      = kind("InvalidExecutionInput", aws.ErrInvalid)
	errInvalidToken      = kind("InvalidToken", aws.ErrInvalid)
	errInvalidOutput     = kind("InvalidOutput", aws.ErrInvalid)
	errMachineMissing    = kind("StateMachineDoesNotExist", aws.ErrNotFound)
	errExecutionMissing  = kind("ExecutionDoesNotExist", aws.ErrNotFound)
	errTaskMissing       = kind("TaskDoesNotExist", aws.ErrNotFound)
	errMachineExists     = kind("StateMachineAlreadyExists", aws.ErrAlreadyExists)
	errExecutionExists   = kind("ExecutionAlreadyExists", aws.ErrAlreadyExists)
	errTaskTimedOut      = kind("TaskTimedOut", aws.ErrConflict)
	errTypeNotSupported  = kind("StateMachineTypeNotSupported", aws.ErrInvalid)
	errTooManyTags       = kind("TooManyTags", aws.ErrLimitExceeded)
)

// errorCodes is how error kinds appear to Step Functions' clients: every
// client error is a 400, with the neutral kinds' codes below and the
// service's own kinds' codes as kind registers them.
var errorCodes = codes(map[*aws.Kind]string{
	aws.ErrNotFound: "ResourceNotFound", aws.ErrInvalid: "ValidationException", aws.ErrValidation: "ValidationException",
	aws.ErrTooLarge: "ValidationException", aws.ErrMalformed: "SerializationException", aws.ErrConflict: "ConflictException",
	aws.ErrLimitExceeded: "ExecutionLimitExceeded", aws.ErrThrottled: "ThrottlingException",
	aws.ErrAccessDenied: "AccessDeniedException", aws.ErrUnauthenticated: "AccessDeniedException",
	aws.ErrUnknownOperation: "UnknownOperationException", aws.ErrInternal: "InternalServerError",
})

func codes(byKind map[*aws.Kind]string) awsproto.Errors {
	e := awsproto.Errors{}
	for k, code := range byKind {
		e[k] = awsproto.Code{Code: code, Status: http.StatusBadRequest}
	}
	e[aws.ErrInternal] = awsproto.Code{Code: "InternalServerError", Status: http.StatusInternalServerError}
	return e
}

// kind is a refined kind whose wire code is code.
func kind(code string, parent *aws.Kind) *aws.Kind {
	k := aws.Refine(parent, code)
	errorCodes[k] = awsproto.Code{Code: code, Status: http.StatusBadRequest}
	return k
}
