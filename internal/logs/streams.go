package logs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/store"
)

// StreamInfo describes a log stream. Times are Unix milliseconds; the event
// times are zero while the stream has no events.
type StreamInfo struct {
	Name          string
	Created       int64
	FirstEvent    int64
	LastEvent     int64
	LastIngestion int64
}

// streamRecord is kept for streams created through the API, which exist
// before their first event.
type streamRecord struct {
	Created int64 `json:"created"`
}

// CreateStream creates an empty log stream in a group.
func (s *Store) CreateStream(ctx context.Context, group, name string) error {
	if _, err := s.Group(ctx, group); err != nil {
		return err
	}
	counts, err := s.subjectCounts(ctx, groupFilter(group))
	if err != nil {
		return err
	}
	if counts[subject(group, name)] > 0 {
		return errStreamExists
	}
	data, _ := json.Marshal(streamRecord{Created: millis(time.Now())})
	_, err = s.meta.Create(ctx, streamKey(group, name), data)
	if errors.Is(err, store.ErrExists) {
		return errStreamExists
	}
	return err
}

// StreamNames lists, sorted, the names of a group's streams.
func (s *Store) StreamNames(ctx context.Context, group string) ([]string, error) {
	counts, err := s.subjectCounts(ctx, groupFilter(group))
	if err != nil {
		return nil, err
	}
	keys, err := s.meta.KeysWithPrefix(ctx, "s."+encode(group)+".")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for subj := range counts {
		if _, name, ok := decodeSubject(subj); ok {
			seen[name] = true
		}
	}
	for _, k := range keys {
		if name, err := decode(k[strings.LastIndexByte(k, '.')+1:]); err == nil {
			seen[name] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// Stream describes one log stream of a group.
func (s *Store) Stream(ctx context.Context, group, name string) (StreamInfo, error) {
	info := StreamInfo{Name: name}
	e, err := s.meta.Get(ctx, streamKey(group, name))
	found := err == nil
	if found {
		var rec streamRecord
		_ = json.Unmarshal(e.Value, &rec)
		info.Created = rec.Created
	} else if !errors.Is(err, store.ErrNotFound) {
		return StreamInfo{}, fmt.Errorf("load log stream: %w", err)
	}
	s.Flush(ctx)
	first, last, err := s.ends(ctx, subject(group, name))
	if err != nil {
		return StreamInfo{}, err
	}
	if first == nil {
		if !found {
			return StreamInfo{}, errStreamNotFound
		}
		return info, nil
	}
	ft, lt := eventTime(first, 0), eventTime(last, -1)
	if created := min(ft, millis(first.Time)); !found || created < info.Created {
		info.Created = created
	}
	info.FirstEvent, info.LastEvent, info.LastIngestion = ft, lt, millis(last.Time)
	return info, nil
}

// ends returns the first and last stored message of a subject, or nils.
func (s *Store) ends(ctx context.Context, subj string) (first, last *jetstream.RawStreamMsg, err error) {
	last, err = s.stream.GetLastMsgForSubject(ctx, subj)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read log stream: %w", err)
	}
	first, err = s.stream.GetMsg(ctx, 1, jetstream.WithGetMsgSubject(subj))
	if err != nil {
		return nil, nil, fmt.Errorf("read log stream: %w", err)
	}
	return first, last, nil
}

// eventTime is the time of the first (at 0) or last (at -1) event of m.
func eventTime(m *jetstream.RawStreamMsg, at int) int64 {
	events, ok := unwire(m.Data)
	if !ok {
		return millis(m.Time)
	}
	if at < 0 {
		at = len(events) - 1
	}
	return events[at].T
}

// subjectCounts counts the stored messages of each subject matching filter.
func (s *Store) subjectCounts(ctx context.Context, filter string) (map[string]uint64, error) {
	s.Flush(ctx)
	info, err := s.stream.Info(ctx, jetstream.WithSubjectFilter(filter))
	if err != nil {
		return nil, fmt.Errorf("log stream info: %w", err)
	}
	return info.State.Subjects, nil
}

// StoredBytes estimates the bytes each group's events take: its share of
// the stored messages times their average size.
func (s *Store) StoredBytes(ctx context.Context) (map[string]int64, error) {
	s.Flush(ctx)
	info, err := s.stream.Info(ctx, jetstream.WithSubjectFilter("logs.>"))
	if err != nil {
		return nil, fmt.Errorf("log stream info: %w", err)
	}
	sizes := map[string]int64{}
	if info.State.Msgs == 0 {
		return sizes, nil
	}
	avg := float64(info.State.Bytes) / float64(info.State.Msgs)
	for subj, n := range info.State.Subjects {
		if group, _, ok := decodeSubject(subj); ok {
			sizes[group] += int64(float64(n) * avg)
		}
	}
	return sizes, nil
}
