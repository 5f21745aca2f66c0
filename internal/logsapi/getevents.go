package logsapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/logs"
)

// GetLogEvents pages through one stream in either direction. Tokens name a
// position: "f/N" reads forward from after event N, "b/N" backward from
// before it. At either end the caller gets the token it sent back.

type getLogEventsInput struct {
	groupRef
	LogStreamName string `json:"logStreamName"`
	StartTime     *int64 `json:"startTime"`
	EndTime       *int64 `json:"endTime"`
	NextToken     string `json:"nextToken"`
	Limit         *int   `json:"limit"`
	StartFromHead bool   `json:"startFromHead"`
}

type outputLogEvent struct {
	Timestamp     int64  `json:"timestamp"`
	Message       string `json:"message"`
	IngestionTime int64  `json:"ingestionTime"`
}

type getLogEventsOutput struct {
	Events            []outputLogEvent `json:"events"`
	NextForwardToken  string           `json:"nextForwardToken"`
	NextBackwardToken string           `json:"nextBackwardToken"`
}

// page is a window of events read in one direction.
type page struct {
	events  []logs.Event
	size    int
	limit   int
	forward bool
	// seen is the last sequence number read.
	seen uint64
}

// add takes an event; reading forward it reports when the page is full,
// reading backward it drops the oldest events to stay within the limits.
func (p *page) add(e logs.Event) bool {
	p.seen = e.Seq
	n := eventSize(e.Message)
	if p.forward && (len(p.events) == p.limit || p.size+n > maxPageBytes) {
		return false
	}
	p.events, p.size = append(p.events, e), p.size+n
	for len(p.events) > p.limit || p.size > maxPageBytes {
		p.size -= eventSize(p.events[0].Message)
		p.events = p.events[1:]
	}
	return true
}

func (s *Server) getLogEvents(c *call) error {
	var in getLogEventsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	group, err := in.name()
	if err != nil {
		return err
	}
	if err := checkStreamName(in.LogStreamName); err != nil {
		return err
	}
	limit, err := pageLimit(in.Limit, 10000, 10000)
	if err != nil {
		return err
	}
	if err := checkEnd(in.EndTime); err != nil {
		return err
	}
	forward, pos, err := parseEventToken(in.NextToken, in.StartFromHead)
	if err != nil {
		return err
	}
	_, start, err := s.retained(c, group, in.StartTime)
	if err != nil {
		return err
	}
	if _, err := s.logs.Stream(c.R.Context(), group, in.LogStreamName); err != nil {
		return err
	}
	p := &page{limit: limit, forward: forward}
	q := logs.Query{Group: group, Streams: []string{in.LogStreamName}, Start: start}
	if forward {
		q.After = pos
	}
	err = s.logs.Read(c.R.Context(), q, func(e logs.Event) error {
		if !forward && pos > 0 && e.Seq >= pos || in.EndTime != nil && e.Timestamp >= *in.EndTime {
			return errStop
		}
		if !p.add(e) {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	return c.Reply(http.StatusOK, p.output(in.NextToken, pos))
}

// output renders the page with the tokens that continue from it.
func (p *page) output(sent string, pos uint64) getLogEventsOutput {
	out := getLogEventsOutput{Events: make([]outputLogEvent, 0, len(p.events))}
	for _, e := range p.events {
		out.Events = append(out.Events, outputLogEvent{Timestamp: e.Timestamp, Message: e.Message, IngestionTime: e.Ingested})
	}
	if len(p.events) > 0 {
		out.NextForwardToken = "f/" + strconv.FormatUint(p.events[len(p.events)-1].Seq, 10)
		out.NextBackwardToken = "b/" + strconv.FormatUint(p.events[0].Seq, 10)
		return out
	}
	switch {
	case p.forward && sent != "":
		out.NextForwardToken, out.NextBackwardToken = sent, "b/"+strconv.FormatUint(pos+1, 10)
	case sent != "":
		out.NextForwardToken, out.NextBackwardToken = "f/"+strconv.FormatUint(pos-1, 10), sent
	default:
		out.NextForwardToken, out.NextBackwardToken = "f/"+strconv.FormatUint(p.seen, 10), "b/"+strconv.FormatUint(p.seen+1, 10)
	}
	return out
}

// parseEventToken reads a GetLogEvents token: its direction and position.
// Without one, startFromHead chooses the direction.
func parseEventToken(tok string, fromHead bool) (forward bool, pos uint64, err error) {
	if tok == "" {
		return fromHead, 0, nil
	}
	dir, n, ok := strings.Cut(tok, "/")
	pos, perr := strconv.ParseUint(n, 10, 64)
	if !ok || perr != nil || dir != "f" && dir != "b" || dir == "b" && pos == 0 {
		return false, 0, errBadToken
	}
	return dir == "f", pos, nil
}
