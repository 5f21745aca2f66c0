package logsapi

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/logs"
)

type createLogStreamInput struct {
	LogGroupName  string `json:"logGroupName"`
	LogStreamName string `json:"logStreamName"`
}

func (s *Server) createLogStream(c *call) error {
	var in createLogStreamInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if err := checkGroupName(in.LogGroupName); err != nil {
		return err
	}
	if err := checkStreamName(in.LogStreamName); err != nil {
		return err
	}
	if err := s.logs.CreateStream(c.R.Context(), in.LogGroupName, in.LogStreamName); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

type describeLogStreamsInput struct {
	groupRef
	LogStreamNamePrefix string `json:"logStreamNamePrefix"`
	OrderBy             string `json:"orderBy"`
	Descending          bool   `json:"descending"`
	NextToken           string `json:"nextToken"`
	Limit               *int   `json:"limit"`
}

type logStreamOutput struct {
	LogStreamName       string `json:"logStreamName"`
	CreationTime        int64  `json:"creationTime"`
	FirstEventTimestamp int64  `json:"firstEventTimestamp,omitempty"`
	LastEventTimestamp  int64  `json:"lastEventTimestamp,omitempty"`
	LastIngestionTime   int64  `json:"lastIngestionTime,omitempty"`
	Arn                 string `json:"arn"`
	StoredBytes         int64  `json:"storedBytes"` // always 0 for streams, as on AWS
}

type describeLogStreamsOutput struct {
	LogStreams []logStreamOutput `json:"logStreams"`
	NextToken  string            `json:"nextToken,omitempty"`
}

func (s *Server) describeLogStreams(c *call) error {
	var in describeLogStreamsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	group, err := in.name()
	if err != nil {
		return err
	}
	limit, err := pageLimit(in.Limit, 50, 50)
	if err != nil {
		return err
	}
	byTime := in.OrderBy == "LastEventTime"
	switch {
	case in.OrderBy != "" && in.OrderBy != "LogStreamName" && !byTime:
		return constraint(in.OrderBy, "orderBy", "Member must satisfy enum value set: [LogStreamName, LastEventTime]")
	case byTime && in.LogStreamNamePrefix != "":
		return aws.Errorf(aws.ErrInvalid, "Cannot order by LastEventTime with a logStreamNamePrefix.")
	}
	after := ""
	if in.NextToken != "" {
		if after, err = parseToken(in.NextToken); err != nil {
			return err
		}
	}
	if _, err := s.logs.Group(c.R.Context(), group); err != nil {
		return err
	}
	streams, err := s.orderedStreams(c, group, in.LogStreamNamePrefix, byTime, in.Descending)
	if err != nil {
		return err
	}
	if in.NextToken != "" {
		pos, err := parseStreamPos(after, byTime)
		if err != nil {
			return err
		}
		i := sort.Search(len(streams), func(i int) bool { return streamBefore(pos, streams[i], byTime, in.Descending) })
		streams = streams[i:]
	}
	out := describeLogStreamsOutput{LogStreams: []logStreamOutput{}}
	if len(streams) > limit {
		streams = streams[:limit]
		out.NextToken = pageToken(streamPos(streams[limit-1], byTime))
	}
	for _, st := range streams {
		if !byTime { // ordered by name, a stream is described only once on the page
			if st, err = s.logs.Stream(c.R.Context(), group, st.Name); err != nil {
				continue // gone meanwhile
			}
		}
		out.LogStreams = append(out.LogStreams, logStreamOutput{
			LogStreamName: st.Name, CreationTime: st.Created, FirstEventTimestamp: st.FirstEvent, LastEventTimestamp: st.LastEvent,
			LastIngestionTime: st.LastIngestion, Arn: s.groupARN(c, group, false) + ":log-stream:" + st.Name,
		})
	}
	return c.Reply(http.StatusOK, out)
}

// orderedStreams lists a group's streams in the requested order. Ordered
// by name, the streams are only named; describing them waits until the
// page is chosen.
func (s *Server) orderedStreams(c *call, group, prefix string, byTime, descending bool) ([]logs.StreamInfo, error) {
	names, err := s.logs.StreamNames(c.R.Context(), group)
	if err != nil {
		return nil, err
	}
	var streams []logs.StreamInfo
	for _, n := range names {
		if !strings.HasPrefix(n, prefix) {
			continue
		}
		st := logs.StreamInfo{Name: n}
		if byTime {
			if st, err = s.logs.Stream(c.R.Context(), group, n); err != nil {
				continue // gone meanwhile
			}
		}
		streams = append(streams, st)
	}
	sort.Slice(streams, func(i, j int) bool { return streamBefore(streams[i], streams[j], byTime, descending) })
	return streams, nil
}

// streamBefore reports whether a comes before b in the requested order.
func streamBefore(a, b logs.StreamInfo, byTime, descending bool) bool {
	if descending {
		a, b = b, a
	}
	if byTime && a.LastEvent != b.LastEvent {
		return a.LastEvent < b.LastEvent
	}
	return a.Name < b.Name
}

// streamPos is a stream's place in the order, as a token remembers it.
func streamPos(st logs.StreamInfo, byTime bool) string {
	if byTime {
		return strconv.FormatInt(st.LastEvent, 10) + "/" + st.Name
	}
	return st.Name
}

func parseStreamPos(pos string, byTime bool) (logs.StreamInfo, error) {
	if !byTime {
		return logs.StreamInfo{Name: pos}, nil
	}
	ts, name, ok := strings.Cut(pos, "/")
	n, err := strconv.ParseInt(ts, 10, 64)
	if !ok || err != nil {
		return logs.StreamInfo{}, errBadToken
	}
	return logs.StreamInfo{Name: name, LastEvent: n}, nil
}
