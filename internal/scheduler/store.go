package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

func groupNotFound(name string) error {
	return aws.Errorf(aws.ErrNotFound, "Schedule group %s does not exist.", name)
}

func scheduleNotFound(name string) error {
	return aws.Errorf(aws.ErrNotFound, "Schedule %s does not exist.", name)
}

// createGroup stores a new group.
func (s *Server) createGroup(ctx context.Context, g Group) (Group, error) {
	now := time.Now().UTC()
	g.Created, g.Modified = now, now
	data, err := json.Marshal(g)
	if err != nil {
		return Group{}, err
	}
	if _, err := s.groups.Create(ctx, key(g.Name), data); err != nil {
		if errors.Is(err, store.ErrExists) {
			return Group{}, aws.Errorf(aws.ErrAlreadyExists, "Schedule group %s already exists.", g.Name)
		}
		return Group{}, fmt.Errorf("store schedule group %s: %w", g.Name, err)
	}
	return g, nil
}

func (s *Server) group(ctx context.Context, name string) (Group, error) {
	var g Group
	err := get(ctx, s.groups, key(name), &g)
	if errors.Is(err, store.ErrNotFound) {
		return Group{}, groupNotFound(name)
	}
	return g, err
}

func (s *Server) schedule(ctx context.Context, group, name string) (Schedule, error) {
	var sc Schedule
	err := get(ctx, s.schedules, scheduleKey(group, name), &sc)
	if errors.Is(err, store.ErrNotFound) {
		return Schedule{}, scheduleNotFound(name)
	}
	return sc, err
}

// all reads every value under prefix, in key order.
func all[T any](ctx context.Context, b Bucket, prefix string) ([]T, error) {
	keys, err := b.KeysWithPrefix(ctx, prefix)
	if err != nil {
		return nil, err
	}
	var out []T
	for _, k := range keys {
		var v T
		if err := get(ctx, b, k, &v); err == nil {
			out = append(out, v)
		} else if !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
	}
	return out, nil
}

func (s *Server) allGroups(ctx context.Context) ([]Group, error) {
	groups, err := all[Group](ctx, s.groups, "")
	sort.Slice(groups, func(i, j int) bool { return groups[i].Name < groups[j].Name })
	return groups, err
}

// allSchedules lists the schedules of a group, or of every group, ordered
// by group and name.
func (s *Server) allSchedules(ctx context.Context, group string) ([]Schedule, error) {
	prefix := ""
	if group != "" {
		prefix = key(group) + "."
	}
	list, err := all[Schedule](ctx, s.schedules, prefix)
	sort.Slice(list, func(i, j int) bool {
		if list[i].Group != list[j].Group {
			return list[i].Group < list[j].Group
		}
		return list[i].Name < list[j].Name
	})
	return list, err
}

func get(ctx context.Context, b Bucket, key string, v any) error {
	e, err := b.Get(ctx, key)
	if err != nil {
		return err
	}
	return json.Unmarshal(e.Value, v)
}
