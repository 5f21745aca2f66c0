package sns

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sort"
	"sync"

	"github.com/virga-dev/virga/internal/store"
)

// cache holds every topic and subscription in memory, as the store has
// them: loaded at start, refreshed on every change any server makes
// (through the buckets' watch) and at once after a change made here, so
// that a publish finds its topic and subscriptions without a store round
// trip.
type cache struct {
	topicsKV, subsKV *store.Bucket
	log              *slog.Logger

	mu      sync.RWMutex
	topics  map[string]*topic          // by key
	subs    map[string]*cachedSub      // by id
	byTopic map[string]map[string]bool // topic ARN → subscription ids
}

// cachedSub is a subscription with its compiled filter policy.
type cachedSub struct {
	sub    *subscription
	filter *filter
}

func newCache(topics, subs *store.Bucket, log *slog.Logger) *cache {
	return &cache{topicsKV: topics, subsKV: subs, log: log,
		topics: map[string]*topic{}, subs: map[string]*cachedSub{}, byTopic: map[string]map[string]bool{}}
}

func (c *cache) start(ctx context.Context) error {
	watchCtx := context.WithoutCancel(ctx)
	if err := c.topicsKV.Watch(watchCtx, func(key string) { c.refreshTopic(context.Background(), key) }); err != nil {
		return err
	}
	if err := c.subsKV.Watch(watchCtx, func(key string) { c.refreshSub(context.Background(), key) }); err != nil {
		return err
	}
	for kv, refresh := range map[*store.Bucket]func(context.Context, string){c.topicsKV: c.refreshTopic, c.subsKV: c.refreshSub} {
		keys, err := kv.Keys(ctx)
		if err != nil {
			return err
		}
		for _, k := range keys {
			refresh(ctx, k)
		}
	}
	return nil
}

// refreshTopic reads a topic again from the store.
func (c *cache) refreshTopic(ctx context.Context, key string) {
	var tp topic
	found, err := load(ctx, c.topicsKV, key, &tp)
	if err != nil {
		c.log.Warn("reading a topic failed", "key", key, "err", err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !found {
		delete(c.topics, key)
		return
	}
	c.topics[key] = &tp
}

// refreshSub reads a subscription again from the store.
func (c *cache) refreshSub(ctx context.Context, id string) {
	var s subscription
	found, err := load(ctx, c.subsKV, id, &s)
	if err != nil {
		c.log.Warn("reading a subscription failed", "id", id, "err", err)
		return
	}
	var f *filter
	if found && s.Attrs[attrFilterPolicy] != "" {
		if f, err = compileFilter(s.Attrs[attrFilterPolicy], s.scope(), false); err != nil {
			c.log.Warn("a stored filter policy does not compile; the subscription gets every message", "id", id, "err", err)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.subs[id]; ok {
		delete(c.byTopic[old.sub.Ref.Topic.ARN()], id)
		delete(c.subs, id)
	}
	if !found {
		return
	}
	c.subs[id] = &cachedSub{sub: &s, filter: f}
	arn := s.Ref.Topic.ARN()
	if c.byTopic[arn] == nil {
		c.byTopic[arn] = map[string]bool{}
	}
	c.byTopic[arn][id] = true
}

// topic is the topic at key, reading the store when the cache has not
// seen it yet.
func (c *cache) topic(ctx context.Context, key string) (*topic, bool) {
	c.mu.RLock()
	tp, ok := c.topics[key]
	c.mu.RUnlock()
	if ok {
		return tp, true
	}
	c.refreshTopic(ctx, key)
	c.mu.RLock()
	defer c.mu.RUnlock()
	tp, ok = c.topics[key]
	return tp, ok
}

// topicsOf lists an account's topics, in key order.
func (c *cache) topicsOf(account string) []*topic {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*topic
	for _, tp := range c.topics {
		if tp.Ref.Account == account {
			out = append(out, tp)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Ref.key() < out[j].Ref.key() })
	return out
}

// subscription is the subscription with id.
func (c *cache) subscription(ctx context.Context, id string) (*cachedSub, bool) {
	c.mu.RLock()
	s, ok := c.subs[id]
	c.mu.RUnlock()
	if ok {
		return s, true
	}
	c.refreshSub(ctx, id)
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok = c.subs[id]
	return s, ok
}

// subscriptionsOf lists a topic's subscriptions ("" for all), in the
// order they were made.
func (c *cache) subscriptionsOf(topicARN string, match func(*subscription) bool) []*cachedSub {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*cachedSub
	add := func(s *cachedSub) {
		if match == nil || match(s.sub) {
			out = append(out, s)
		}
	}
	if topicARN == "" {
		for _, s := range c.subs {
			add(s)
		}
	} else {
		for id := range c.byTopic[topicARN] {
			add(c.subs[id])
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].sub, out[j].sub
		return a.Created.Before(b.Created) || a.Created.Equal(b.Created) && a.Ref.ID < b.Ref.ID
	})
	return out
}

// load reads the JSON value at key into v; found is false when there is
// none.
func load(ctx context.Context, b *store.Bucket, key string, v any) (found bool, err error) {
	e, err := b.Get(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal(e.Value, v)
}
