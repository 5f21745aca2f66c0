package console

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"sort"

	"github.com/virga-dev/virga/internal/samples"
	"github.com/virga-dev/virga/internal/store"
)

// maxEvents is how many test events a function keeps, as Lambda's console.
const maxEvents = 10

var eventName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,25}$`)

// savedEvent is one saved test event.
type savedEvent struct {
	Name  string          `json:"name"`
	Event json.RawMessage `json:"event"`
}

// eventsKey is the entry of the caller's events of the call's function:
// each account sees its own.
func (k *call) eventsKey() (string, error) {
	name, err := k.function()
	if err != nil {
		return "", err
	}
	return k.identity.Key.Account + "." + name, nil
}

func (c *Console) listEvents(k *call) error {
	key, err := k.eventsKey()
	if err != nil {
		return err
	}
	saved, _, err := c.readEvents(k.r.Context(), key)
	if err != nil {
		return err
	}
	list := []savedEvent{}
	for name, event := range saved {
		list = append(list, savedEvent{Name: name, Event: event})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	return k.reply(http.StatusOK, map[string]any{"events": list})
}

func (c *Console) putEvent(k *call) error {
	name := k.r.PathValue("event")
	if !eventName.MatchString(name) {
		return errorf(http.StatusBadRequest, "an event name is 1 to 25 letters, digits, dots, dashes or underscores")
	}
	if !json.Valid(k.body) {
		return errorf(http.StatusBadRequest, "the event must be JSON")
	}
	return c.changeEvents(k, func(saved map[string]json.RawMessage) error {
		if _, ok := saved[name]; !ok && len(saved) >= maxEvents {
			return errorf(http.StatusBadRequest, "a function keeps at most %d test events", maxEvents)
		}
		saved[name] = json.RawMessage(k.body)
		return nil
	})
}

func (c *Console) deleteEvent(k *call) error {
	name := k.r.PathValue("event")
	return c.changeEvents(k, func(saved map[string]json.RawMessage) error {
		if _, ok := saved[name]; !ok {
			return errorf(http.StatusNotFound, "no test event %q", name)
		}
		delete(saved, name)
		return nil
	})
}

// changeEvents applies change to the call's events and stores them, again
// from a fresh read when another write came between.
func (c *Console) changeEvents(k *call, change func(map[string]json.RawMessage) error) error {
	key, err := k.eventsKey()
	if err != nil {
		return err
	}
	ctx := k.r.Context()
	for range 5 {
		saved, rev, err := c.readEvents(ctx, key)
		if err != nil {
			return err
		}
		if err := change(saved); err != nil {
			return err
		}
		err = c.writeEvents(ctx, key, saved, rev)
		if !errors.Is(err, store.ErrRevision) && !errors.Is(err, store.ErrExists) {
			if err != nil {
				return err
			}
			k.w.WriteHeader(http.StatusNoContent)
			return nil
		}
	}
	return errorf(http.StatusConflict, "the test events changed meanwhile; try again")
}

// readEvents reads an entry's events and revision, 0 when there are none.
func (c *Console) readEvents(ctx context.Context, key string) (map[string]json.RawMessage, uint64, error) {
	saved := map[string]json.RawMessage{}
	e, err := c.events.Get(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return saved, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	if err := json.Unmarshal(e.Value, &saved); err != nil {
		return nil, 0, err
	}
	return saved, e.Revision, nil
}

func (c *Console) writeEvents(ctx context.Context, key string, saved map[string]json.RawMessage, rev uint64) error {
	data, err := json.Marshal(saved)
	if err != nil {
		return err
	}
	if rev == 0 {
		_, err = c.events.Create(ctx, key, data)
		return err
	}
	_, err = c.events.Update(ctx, key, data, rev)
	return err
}

func (c *Console) listSamples(k *call) error {
	return k.reply(http.StatusOK, map[string]any{"sources": samples.Names()})
}

func (c *Console) getSample(k *call) error {
	data, ok := samples.Event(k.r.PathValue("source"))
	if !ok {
		return errorf(http.StatusNotFound, "no sample event for %q", k.r.PathValue("source"))
	}
	k.w.Header().Set("Content-Type", "application/json")
	_, err := k.w.Write(data)
	return err
}
