package logsapi

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/logs"
)

// maxPageBytes bounds a page of events as CloudWatch Logs does: 1 MB,
// counting 26 bytes of overhead per event.
const maxPageBytes = 1 << 20

// eventSize is what an event counts against page and batch limits.
func eventSize(msg string) int { return len(msg) + 26 }

// errStop ends a read once a page is complete.
var errStop = errors.New("page complete")

// retained returns the group and the earliest timestamp a read may return:
// start, or later when the group's retention has expired older events.
func (s *Server) retained(c *call, group string, start *int64) (logs.Group, int64, error) {
	g, err := s.logs.Group(c.R.Context(), group)
	if err != nil {
		return logs.Group{}, 0, err
	}
	from := g.Cutoff(time.Now())
	if start != nil {
		if *start < 0 {
			return logs.Group{}, 0, constraint(*start, "startTime", "Member must have value greater than or equal to 0")
		}
		from = max(from, *start)
	}
	return g, from, nil
}

func checkEnd(end *int64) error {
	if end != nil && *end < 0 {
		return constraint(*end, "endTime", "Member must have value greater than or equal to 0")
	}
	return nil
}

type putLogEventsInput struct {
	LogGroupName  string `json:"logGroupName"`
	LogStreamName string `json:"logStreamName"`
	LogEvents     []struct {
		Timestamp *int64 `json:"timestamp"`
		Message   string `json:"message"`
	} `json:"logEvents"`
}

type rejectedLogEvents struct {
	TooNewLogEventStartIndex *int `json:"tooNewLogEventStartIndex,omitempty"`
	TooOldLogEventEndIndex   *int `json:"tooOldLogEventEndIndex,omitempty"`
	ExpiredLogEventEndIndex  *int `json:"expiredLogEventEndIndex,omitempty"`
}

type putLogEventsOutput struct {
	RejectedLogEventsInfo *rejectedLogEvents `json:"rejectedLogEventsInfo,omitempty"`
}

func (s *Server) putLogEvents(c *call) error {
	var in putLogEventsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if err := s.checkPut(c, in); err != nil {
		return err
	}
	g, err := s.logs.Group(c.R.Context(), in.LogGroupName)
	if err != nil {
		return err
	}
	if _, err := s.logs.Stream(c.R.Context(), in.LogGroupName, in.LogStreamName); err != nil {
		return err
	}
	now := time.Now()
	tooOld, expired, tooNew := now.Add(-14*24*time.Hour).UnixMilli(), g.Cutoff(now), now.Add(2*time.Hour).UnixMilli()
	var out putLogEventsOutput
	reject := func() *rejectedLogEvents {
		if out.RejectedLogEventsInfo == nil {
			out.RejectedLogEventsInfo = &rejectedLogEvents{}
		}
		return out.RejectedLogEventsInfo
	}
	var events []logs.Event
	for i, e := range in.LogEvents {
		ts := *e.Timestamp
		switch {
		case ts < tooOld:
			reject().TooOldLogEventEndIndex = ptr(i + 1)
		case ts < expired:
			reject().ExpiredLogEventEndIndex = ptr(i + 1)
		case ts > tooNew:
			if r := reject(); r.TooNewLogEventStartIndex == nil {
				r.TooNewLogEventStartIndex = ptr(i)
			}
		default:
			events = append(events, logs.Event{Group: in.LogGroupName, Stream: in.LogStreamName, Timestamp: ts, Message: e.Message})
		}
	}
	if err := s.logs.Put(c.R.Context(), events); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, out)
}

func ptr[T any](v T) *T { return &v }

// checkPut applies PutLogEvents' rules on a batch.
func (s *Server) checkPut(c *call, in putLogEventsInput) error {
	if err := checkGroupName(in.LogGroupName); err != nil {
		return err
	}
	if err := checkStreamName(in.LogStreamName); err != nil {
		return err
	}
	switch n := len(in.LogEvents); {
	case in.LogEvents == nil:
		return notNull("logEvents")
	case n < 1 || n > 10000:
		return constraint(n, "logEvents", "Member must have length between 1 and 10000")
	}
	size := 0
	for i, e := range in.LogEvents {
		switch {
		case e.Timestamp == nil:
			return notNull("logEvents." + strconv.Itoa(i+1) + ".member.timestamp")
		case e.Message == "":
			return constraint("", "logEvents."+strconv.Itoa(i+1)+".member.message", "Member must have length greater than or equal to 1")
		case i > 0 && *e.Timestamp < *in.LogEvents[i-1].Timestamp:
			return aws.Errorf(aws.ErrInvalid, "Log events in a single PutLogEvents request must be in chronological order.")
		}
		size += eventSize(e.Message)
	}
	if size > maxPageBytes {
		return aws.Errorf(aws.ErrInvalid, "Upload too large: %d bytes exceeds limit of %d", size, maxPageBytes)
	}
	first, last := *in.LogEvents[0].Timestamp, *in.LogEvents[len(in.LogEvents)-1].Timestamp
	if last-first > 24*time.Hour.Milliseconds() {
		return aws.Errorf(aws.ErrInvalid, "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
	}
	return nil
}
