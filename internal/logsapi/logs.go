// Package logsapi is the CloudWatch Logs API (json 1.1) over Virga's log
// store: log groups and streams with retention and tags, GetLogEvents,
// FilterLogEvents with CloudWatch's filter patterns, and PutLogEvents.
package logsapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"

	"github.com/virga-dev/virga/internal/logs"
)

// LogEvents reads and stores log events.
type LogEvents interface {
	Read(ctx context.Context, q logs.Query, fn func(logs.Event) error) error
	Put(ctx context.Context, events []logs.Event) error
}

// LogGroups keeps log groups and describes their streams.
type LogGroups interface {
	CreateGroup(ctx context.Context, g logs.Group) error
	Group(ctx context.Context, name string) (logs.Group, error)
	Groups(ctx context.Context, prefix string) ([]logs.Group, error)
	UpdateGroup(ctx context.Context, name string, fn func(*logs.Group) error) (logs.Group, error)
	DeleteGroup(ctx context.Context, name string) error
	SetRetention(ctx context.Context, group string, days int) error
	StoredBytes(ctx context.Context) (map[string]int64, error)
	CreateStream(ctx context.Context, group, name string) error
	StreamNames(ctx context.Context, group string) ([]string, error)
	Stream(ctx context.Context, group, name string) (logs.StreamInfo, error)
}

// Logs is the log store behind the CloudWatch Logs operations.
type Logs interface {
	LogEvents
	LogGroups
}

// Config is what the API needs besides the log store.
type Config struct{ Region string }

// Server serves the CloudWatch Logs operations.
type Server struct {
	cfg  Config
	logs Logs
}

// New wires the CloudWatch Logs API.
func New(cfg Config, l Logs) *Server { return &Server{cfg: cfg, logs: l} }

// call is one request to a Logs operation.
type call struct{ *awsproto.Call }

// Service is the CloudWatch Logs API as the front door serves it. Only the
// administrator's account and role sessions its policies allow may use it;
// every operation names the log group or stream it acts on.
func (s *Server) Service() *awsproto.Service {
	ops := []awsproto.Operation{
		op("CreateLogGroup", s.createLogGroup, s.groupResource),
		op("DeleteLogGroup", s.deleteLogGroup, s.groupResource),
		op("DescribeLogGroups", s.describeLogGroups, s.allGroups),
		op("PutRetentionPolicy", s.putRetentionPolicy, s.groupResource),
		op("DeleteRetentionPolicy", s.deleteRetentionPolicy, s.groupResource),
		op("ListTagsForResource", s.listLogTags, s.taggedResource),
		op("TagResource", s.tagLogResource, s.taggedResource),
		op("UntagResource", s.untagLogResource, s.taggedResource),
		op("ListTagsLogGroup", s.listTagsLogGroup, s.groupResource),
		op("TagLogGroup", s.tagLogGroup, s.groupResource),
		op("UntagLogGroup", s.untagLogGroup, s.groupResource),
		op("CreateLogStream", s.createLogStream, s.streamResource),
		op("DescribeLogStreams", s.describeLogStreams, s.groupResource),
		op("GetLogEvents", s.getLogEvents, s.streamResource),
		op("FilterLogEvents", s.filterLogEvents, s.groupResource),
		op("PutLogEvents", s.putLogEvents, s.streamResource),
	}
	return &awsproto.Service{
		Name:      "logs",
		Protocols: []awsproto.Protocol{awsproto.NewJSON("1.1", "Logs_20140328.", "CloudWatch Logs", ops)},
		Errors:    errorCodes,
	}
}

func op(name string, h func(c *call) error, resource func(*awsproto.Call) (string, error)) awsproto.Operation {
	return awsproto.Operation{Name: name, Handle: func(c *awsproto.Call) error { return h(&call{c}) }, Resource: resource}
}

// errorCodes is how error kinds appear to CloudWatch Logs clients, which
// get 400 for every client error.
var errorCodes = awsproto.Errors{
	aws.ErrNotFound:         {Code: "ResourceNotFoundException", Status: http.StatusBadRequest},
	aws.ErrAlreadyExists:    {Code: "ResourceAlreadyExistsException", Status: http.StatusBadRequest},
	aws.ErrInvalid:          {Code: "InvalidParameterException", Status: http.StatusBadRequest},
	aws.ErrValidation:       {Code: "InvalidParameterException", Status: http.StatusBadRequest},
	aws.ErrTooLarge:         {Code: "InvalidParameterException", Status: http.StatusBadRequest},
	aws.ErrMalformed:        {Code: "SerializationException", Status: http.StatusBadRequest},
	aws.ErrLimitExceeded:    {Code: "LimitExceededException", Status: http.StatusBadRequest},
	aws.ErrConflict:         {Code: "OperationAbortedException", Status: http.StatusBadRequest},
	aws.ErrAccessDenied:     {Code: "AccessDeniedException", Status: http.StatusBadRequest},
	aws.ErrUnauthenticated:  {Code: "AccessDeniedException", Status: http.StatusBadRequest},
	aws.ErrUnknownOperation: {Code: "UnknownOperationException", Status: http.StatusBadRequest},
	aws.ErrInternal:         {Code: "ServiceUnavailableException", Status: http.StatusInternalServerError},
}

// amzJSON writes a json-1.1 protocol response.
func (c *call) amzJSON(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.W.Header().Set("Content-Type", "application/x-amz-json-1.1")
	c.W.WriteHeader(http.StatusOK)
	_, _ = c.W.Write(data)
	return nil
}

var (
	groupNameRE  = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]+$`)
	streamNameRE = regexp.MustCompile(`^[^:*]*$`)
)

func notNull(field string) error {
	return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", field)
}

func checkName(v, field string, re *regexp.Regexp) error {
	switch {
	case v == "":
		return notNull(field)
	case len(v) > 512:
		return constraint(v, field, "Member must have length less than or equal to 512")
	case !re.MatchString(v):
		return constraint(v, field, "Member must satisfy regular expression pattern: "+strings.Trim(re.String(), "^$"))
	}
	return nil
}

func checkGroupName(v string) error  { return checkName(v, "logGroupName", groupNameRE) }
func checkStreamName(v string) error { return checkName(v, "logStreamName", streamNameRE) }

func constraint(v any, field, rule string) error {
	return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s", v, field, rule)
}

// groupRef is how operations name a log group: by name or by identifier
// (its name or ARN).
type groupRef struct {
	LogGroupName       string `json:"logGroupName"`
	LogGroupIdentifier string `json:"logGroupIdentifier"`
}

// name resolves the group's name.
func (g groupRef) name() (string, error) {
	switch {
	case g.LogGroupName != "" && g.LogGroupIdentifier != "":
		return "", aws.Errorf(aws.ErrInvalid, "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
	case g.LogGroupIdentifier != "":
		if name, ok := groupFromARN(g.LogGroupIdentifier); ok {
			return name, nil
		}
		return g.LogGroupIdentifier, checkName(g.LogGroupIdentifier, "logGroupIdentifier", groupNameRE)
	}
	return g.LogGroupName, checkGroupName(g.LogGroupName)
}

// groupARN is a log group's ARN; with star, the form that ends in ":*".
func (s *Server) groupARN(c *call, name string, star bool) string {
	a := "arn:aws:logs:" + s.cfg.Region + ":" + c.Identity.Key.Account + ":log-group:" + name
	if star {
		a += ":*"
	}
	return a
}

// groupFromARN takes the group name out of a log group ARN.
func groupFromARN(a string) (string, bool) {
	if !strings.HasPrefix(a, "arn:") {
		return "", false
	}
	_, name, ok := strings.Cut(a, ":log-group:")
	name = strings.TrimSuffix(name, ":*")
	return name, ok && groupNameRE.MatchString(name)
}

// pageToken and parseToken keep paging positions opaque.
func pageToken(pos string) string { return base64.RawURLEncoding.EncodeToString([]byte(pos)) }

func parseToken(tok string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return "", errBadToken
	}
	return string(b), nil
}

var errBadToken = aws.Errorf(aws.ErrInvalid, "The specified nextToken is invalid.")

// pageLimit checks a limit member: 0 (absent) gives def.
func pageLimit(n *int, def, most int) (int, error) {
	switch {
	case n == nil:
		return def, nil
	case *n < 1:
		return 0, constraint(*n, "limit", "Member must have value greater than or equal to 1")
	case *n > most:
		return 0, constraint(*n, "limit", "Member must have value less than or equal to "+strconv.Itoa(most))
	}
	return *n, nil
}
