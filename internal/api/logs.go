package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/lambda"
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

// logsTarget prefixes the X-Amz-Target of CloudWatch Logs operations.
const logsTarget = "Logs_20140328."

func isLogs(r *http.Request) bool { return strings.HasPrefix(r.Header.Get("X-Amz-Target"), logsTarget) }

// logsAPI serves the CloudWatch Logs json-1.1 operations Virga supports.
func (s *Server) logsAPI(c *call, op string) error {
	ops := map[string]handler{
		"CreateLogGroup":        s.createLogGroup,
		"DeleteLogGroup":        s.deleteLogGroup,
		"DescribeLogGroups":     s.describeLogGroups,
		"PutRetentionPolicy":    s.putRetentionPolicy,
		"DeleteRetentionPolicy": s.deleteRetentionPolicy,
		"ListTagsForResource":   s.listLogTags,
		"TagResource":           s.tagLogResource,
		"UntagResource":         s.untagLogResource,
		"ListTagsLogGroup":      s.listTagsLogGroup,
		"TagLogGroup":           s.tagLogGroup,
		"UntagLogGroup":         s.untagLogGroup,
		"CreateLogStream":       s.createLogStream,
		"DescribeLogStreams":    s.describeLogStreams,
		"GetLogEvents":          s.getLogEvents,
		"FilterLogEvents":       s.filterLogEvents,
		"PutLogEvents":          s.putLogEvents,
	}
	h, ok := ops[op]
	if !ok {
		return lambda.Errorf(lambda.ErrUnknownOperation, "Virga does not support the CloudWatch Logs operation %s.", op)
	}
	return h(c)
}

// amzJSON writes a json-1.1 protocol response.
func (c *call) amzJSON(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(data)
	return nil
}

var (
	groupNameRE  = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]+$`)
	streamNameRE = regexp.MustCompile(`^[^:*]*$`)
)

func notNull(field string) error {
	return lambda.Errorf(lambda.ErrInvalidParameter, "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", field)
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
	return lambda.Errorf(lambda.ErrInvalidParameter, "1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s", v, field, rule)
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
		return "", lambda.Errorf(lambda.ErrInvalidParameter, "LogGroup name and LogGroup ARN are mutually exclusive parameters.")
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
	a := "arn:aws:logs:" + s.cfg.Region + ":" + c.identity.Key.Account + ":log-group:" + name
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

var errBadToken = lambda.Errorf(lambda.ErrInvalidParameter, "The specified nextToken is invalid.")

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
