package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/logs"
)

// LogReader reads stored log events.
type LogReader interface {
	Read(ctx context.Context, q logs.Query, fn func(logs.Event) error) error
}

// errPageFull stops a read once a page is full.
var errPageFull = errors.New("page full")

type filterLogEventsInput struct {
	LogGroupName   string   `json:"logGroupName"`
	LogStreamNames []string `json:"logStreamNames"`
	StartTime      int64    `json:"startTime"`
	EndTime        int64    `json:"endTime"`
	FilterPattern  string   `json:"filterPattern"`
	NextToken      string   `json:"nextToken"`
	Limit          int      `json:"limit"`
}

type filteredEvent struct {
	LogStreamName string `json:"logStreamName"`
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
	EventID       string `json:"eventId"`
}

type filterLogEventsOutput struct {
	Events             []filteredEvent `json:"events"`
	SearchedLogStreams []any           `json:"searchedLogStreams"`
	NextToken          string          `json:"nextToken,omitempty"`
}

// logsAPI serves the CloudWatch Logs json-1.1 operations Virga supports.
func (s *Server) logsAPI(c *call, op string) error {
	switch op {
	case "FilterLogEvents":
		return s.filterLogEvents(c)
	}
	return lambda.Errorf(lambda.ErrInvalidParameter, "Virga does not support the CloudWatch Logs operation %s yet.", op)
}

func (s *Server) filterLogEvents(c *call) error {
	var in filterLogEventsInput
	if err := c.decode(&in); err != nil {
		return err
	}
	if in.LogGroupName == "" {
		return lambda.Errorf(lambda.ErrInvalidParameter, "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null")
	}
	if in.Limit <= 0 || in.Limit > 10000 {
		in.Limit = 10000
	}
	q := logs.Query{Group: in.LogGroupName}
	if in.StartTime > 0 {
		q.Start = time.UnixMilli(in.StartTime)
	}
	if in.NextToken != "" {
		after, err := strconv.ParseUint(in.NextToken, 10, 64)
		if err != nil {
			return lambda.Errorf(lambda.ErrInvalidParameter, "The specified nextToken is invalid.")
		}
		q.After = after
	}
	out := filterLogEventsOutput{Events: []filteredEvent{}, SearchedLogStreams: []any{}}
	match := matcher(in.FilterPattern)
	var last uint64
	err := s.logs.Read(c.r.Context(), q, func(e logs.Event) error {
		if len(out.Events) == in.Limit {
			return errPageFull
		}
		last = e.Seq
		if !wanted(e, in, match) {
			return nil
		}
		out.Events = append(out.Events, filteredEvent{LogStreamName: e.Stream, Timestamp: e.Timestamp,
			Message: e.Message, IngestionTime: e.Timestamp, EventID: strconv.FormatUint(e.Seq, 10)})
		return nil
	})
	if errors.Is(err, errPageFull) {
		out.NextToken = strconv.FormatUint(last, 10)
	} else if err != nil {
		return err
	}
	return c.amzJSON(out)
}

func wanted(e logs.Event, in filterLogEventsInput, match func(string) bool) bool {
	if in.EndTime > 0 && e.Timestamp > in.EndTime {
		return false
	}
	if len(in.LogStreamNames) > 0 && !oneOfStrings(e.Stream, in.LogStreamNames) {
		return false
	}
	return match(e.Message)
}

// matcher implements the plain-term part of CloudWatch filter patterns:
// every term, or "quoted phrase", must appear.
func matcher(pattern string) func(string) bool {
	var terms []string
	rest := strings.TrimSpace(pattern)
	for rest != "" {
		if rest[0] == '"' {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				terms, rest = append(terms, rest[1:]), ""
				break
			}
			terms, rest = append(terms, rest[1:end+1]), strings.TrimSpace(rest[end+2:])
			continue
		}
		term, after, _ := strings.Cut(rest, " ")
		terms, rest = append(terms, term), strings.TrimSpace(after)
	}
	return func(msg string) bool {
		for _, t := range terms {
			if !strings.Contains(msg, t) {
				return false
			}
		}
		return true
	}
}

func oneOfStrings(v string, list []string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
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
