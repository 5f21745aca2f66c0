package logsapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/logs"
)

// scanBudget bounds the events one FilterLogEvents call looks at; past it
// the page ends early with a nextToken, as CloudWatch Logs' pages may.
const scanBudget = 100_000

type filterLogEventsInput struct {
	groupRef
	LogStreamNames      []string `json:"logStreamNames"`
	LogStreamNamePrefix string   `json:"logStreamNamePrefix"`
	StartTime           *int64   `json:"startTime"`
	EndTime             *int64   `json:"endTime"`
	FilterPattern       string   `json:"filterPattern"`
	NextToken           string   `json:"nextToken"`
	Limit               *int     `json:"limit"`
	Interleaved         bool     `json:"interleaved"` // always so
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

func (s *Server) filterLogEvents(c *call) error {
	var in filterLogEventsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	q, limit, pattern, err := s.filterQuery(c, in)
	if err != nil {
		return err
	}
	out := filterLogEventsOutput{Events: []filteredEvent{}, SearchedLogStreams: []any{}}
	if q.Streams != nil && len(q.Streams) == 0 {
		return c.Reply(http.StatusOK, out) // no stream has the prefix
	}
	var last uint64
	scanned, size := 0, 0
	err = s.logs.Read(c.R.Context(), q, func(e logs.Event) error {
		if len(out.Events) == limit || scanned == scanBudget || size+eventSize(e.Message) > maxPageBytes {
			return errStop
		}
		last, scanned = e.Seq, scanned+1
		if in.EndTime != nil && e.Timestamp > *in.EndTime || !pattern.Match(e.Message) {
			return nil
		}
		size += eventSize(e.Message)
		out.Events = append(out.Events, filteredEvent{LogStreamName: e.Stream, Timestamp: e.Timestamp,
			Message: e.Message, IngestionTime: e.Ingested, EventID: strconv.FormatUint(e.Seq, 10)})
		return nil
	})
	if errors.Is(err, errStop) {
		out.NextToken = strconv.FormatUint(last, 10)
	} else if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, out)
}

// filterQuery checks a FilterLogEvents request and turns it into a query.
func (s *Server) filterQuery(c *call, in filterLogEventsInput) (logs.Query, int, logs.Pattern, error) {
	var q logs.Query
	group, err := in.name()
	if err != nil {
		return q, 0, logs.Pattern{}, err
	}
	limit, err := pageLimit(in.Limit, 10000, 10000)
	if err != nil {
		return q, 0, logs.Pattern{}, err
	}
	if len(in.LogStreamNames) > 0 && in.LogStreamNamePrefix != "" {
		return q, 0, logs.Pattern{}, aws.Errorf(aws.ErrInvalid, "logStreamNames and logStreamNamePrefix are mutually exclusive parameters.")
	}
	if len(in.FilterPattern) > 1024 {
		return q, 0, logs.Pattern{}, constraint(in.FilterPattern, "filterPattern", "Member must have length less than or equal to 1024")
	}
	pattern, err := logs.ParsePattern(in.FilterPattern)
	if err != nil {
		return q, 0, logs.Pattern{}, err
	}
	if err := checkEnd(in.EndTime); err != nil {
		return q, 0, logs.Pattern{}, err
	}
	_, start, err := s.retained(c, group, in.StartTime)
	if err != nil {
		return q, 0, logs.Pattern{}, err
	}
	q = logs.Query{Group: group, Streams: in.LogStreamNames, Start: start}
	if in.LogStreamNamePrefix != "" {
		if q.Streams, err = s.streamsWithPrefix(c, group, in.LogStreamNamePrefix); err != nil {
			return q, 0, logs.Pattern{}, err
		}
	}
	if in.NextToken != "" {
		if q.After, err = strconv.ParseUint(in.NextToken, 10, 64); err != nil {
			return q, 0, logs.Pattern{}, errBadToken
		}
	}
	return q, limit, pattern, nil
}

// streamsWithPrefix names a group's streams that begin with prefix (an
// empty, non-nil list when none does).
func (s *Server) streamsWithPrefix(c *call, group, prefix string) ([]string, error) {
	names, err := s.logs.StreamNames(c.R.Context(), group)
	if err != nil {
		return nil, err
	}
	matched := []string{}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			matched = append(matched, n)
		}
	}
	return matched, nil
}
