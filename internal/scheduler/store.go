package scheduler

import (
	"context"
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
	g.Created = time.Now().UTC()
	g.Modified = g.Created
	switch err := store.Create(ctx, s.groups, key(g.Name), g); {
	case errors.Is(err, store.ErrExists):
		return Group{}, aws.Errorf(aws.ErrAlreadyExists, "Schedule group %s already exists.", g.Name)
	case err != nil:
		return Group{}, fmt.Errorf("store schedule group %s: %w", g.Name, err)
	}
	return g, nil
}

func (s *Server) group(ctx context.Context, name string) (Group, error) {
	g, err := store.Get[Group](ctx, s.groups, key(name))
	if errors.Is(err, store.ErrNotFound) {
		return Group{}, groupNotFound(name)
	}
	return g, err
}

func (s *Server) schedule(ctx context.Context, group, name string) (Schedule, error) {
	sc, err := store.Get[Schedule](ctx, s.schedules, scheduleKey(group, name))
	if errors.Is(err, store.ErrNotFound) {
		return Schedule{}, scheduleNotFound(name)
	}
	return sc, err
}

func (s *Server) allGroups(ctx context.Context) ([]Group, error) {
	groups, err := store.List[Group](ctx, s.groups, "")
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
	list, err := store.List[Schedule](ctx, s.schedules, prefix)
	sort.Slice(list, func(i, j int) bool {
		if list[i].Group != list[j].Group {
			return list[i].Group < list[j].Group
		}
		return list[i].Name < list[j].Name
	})
	return list, err
}
