package logs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/virga-dev/virga/internal/store"
)

// Bucket keeps the records of log groups and of log streams created
// through the API.
type Bucket interface {
	Get(ctx context.Context, key string) (store.Entry, error)
	Create(ctx context.Context, key string, value []byte) (uint64, error)
	Update(ctx context.Context, key string, value []byte, rev uint64) (uint64, error)
	Delete(ctx context.Context, key string, rev uint64) error
	KeysWithPrefix(ctx context.Context, prefix string) ([]string, error)
}

// Group is a log group. A group exists once it is created through the API
// or a function first writes to it.
type Group struct {
	Name    string `json:"name"`
	Created int64  `json:"created"` // Unix milliseconds
	// RetentionDays is 0 when events never expire.
	RetentionDays int               `json:"retentionDays,omitempty"`
	Tags          map[string]string `json:"tags,omitempty"`
}

// Errors with the messages CloudWatch Logs gives.
var (
	errGroupNotFound  = aws.Errorf(aws.ErrNotFound, "The specified log group does not exist.")
	errGroupExists    = aws.Errorf(aws.ErrAlreadyExists, "The specified log group already exists")
	errStreamNotFound = aws.Errorf(aws.ErrNotFound, "The specified log stream does not exist.")
	errStreamExists   = aws.Errorf(aws.ErrAlreadyExists, "The specified log stream already exists")
)

func groupKey(group string) string          { return "g." + encode(group) }
func streamKey(group, stream string) string { return "s." + encode(group) + "." + encode(stream) }

// CreateGroup creates a log group.
func (s *Store) CreateGroup(ctx context.Context, g Group) error {
	if g.Created == 0 {
		g.Created = millis(time.Now())
	}
	data, _ := json.Marshal(g) // plain struct always encodes
	_, err := s.meta.Create(ctx, groupKey(g.Name), data)
	if errors.Is(err, store.ErrExists) {
		return errGroupExists
	}
	if err != nil {
		return fmt.Errorf("create log group: %w", err)
	}
	s.known.Store(g.Name, true)
	return nil
}

// Group returns a log group.
func (s *Store) Group(ctx context.Context, name string) (Group, error) {
	e, err := s.meta.Get(ctx, groupKey(name))
	if errors.Is(err, store.ErrNotFound) {
		return Group{}, errGroupNotFound
	}
	if err != nil {
		return Group{}, fmt.Errorf("load log group: %w", err)
	}
	var g Group
	if err := json.Unmarshal(e.Value, &g); err != nil {
		return Group{}, fmt.Errorf("decode log group %s: %w", name, err)
	}
	return g, nil
}

// Groups lists the log groups whose names begin with prefix, by name.
func (s *Store) Groups(ctx context.Context, prefix string) ([]Group, error) {
	keys, err := s.meta.KeysWithPrefix(ctx, "g.")
	if err != nil {
		return nil, err
	}
	var groups []Group
	for _, k := range keys {
		name, err := decode(strings.TrimPrefix(k, "g."))
		if err != nil || !strings.HasPrefix(name, prefix) {
			continue
		}
		g, err := s.Group(ctx, name)
		if errors.Is(err, aws.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].Name < groups[j].Name })
	return groups, nil
}

// UpdateGroup changes a log group's record with fn, retrying when another
// change came first.
func (s *Store) UpdateGroup(ctx context.Context, name string, fn func(*Group) error) (Group, error) {
	return store.Modify(ctx, s.meta, groupKey(name), func(g *Group, exists bool) error {
		if !exists {
			return errGroupNotFound
		}
		return fn(g)
	})
}

// DeleteGroup deletes a log group with its streams and events.
func (s *Store) DeleteGroup(ctx context.Context, name string) error {
	if _, err := s.Group(ctx, name); err != nil {
		return err
	}
	if err := s.meta.Delete(ctx, groupKey(name), 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("delete log group: %w", err)
	}
	s.known.Delete(name)
	keys, err := s.meta.KeysWithPrefix(ctx, "s."+encode(name)+".")
	if err != nil {
		return err
	}
	for _, k := range keys {
		_ = s.meta.Delete(ctx, k, 0)
	}
	if err := s.stream.Purge(ctx, jetstream.WithPurgeSubject(groupFilter(name))); err != nil {
		return fmt.Errorf("delete log events: %w", err)
	}
	return nil
}

// ensureGroup creates the group a function writes to the first time this
// server sees it. When the store cannot say, the events are written all the
// same, and the next server start records their group.
func (s *Store) ensureGroup(name string) {
	if _, ok := s.known.Load(name); ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = s.CreateGroup(ctx, Group{Name: name})
	s.known.Store(name, true)
}
