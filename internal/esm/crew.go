package esm

import (
	"context"
	"sync"
	"time"
)

// Scaling of a mapping's pollers.
const (
	// growEvery is the least time between two pollers added: AWS adds up
	// to 300 a minute.
	growEvery = 200 * time.Millisecond
	// limitTTL is how long the limit on pollers is trusted before it is
	// worked out again from the mapping and the function.
	limitTTL = 5 * time.Second
	// idleLimitWait is how long the last poller waits before it looks
	// again at a limit of zero (a function whose reserved concurrency is 0).
	idleLimitWait = 5 * time.Second
)

// crew is a mapping's pollers. It starts with one. A batch that comes back
// full adds one, up to the mapping's limit; a poll that finds the queue
// empty, a throttle, or a lower limit sends one home while others remain.
type crew struct {
	r  *run
	wg sync.WaitGroup

	mu      sync.Mutex
	size    int
	grown   time.Time
	limit   int
	limited time.Time // when limit was worked out
}

func newCrew(r *run) *crew { return &crew{r: r} }

// run polls until ctx ends and every poller has finished its batch.
func (c *crew) run(ctx context.Context) {
	c.mu.Lock()
	c.add(ctx)
	c.mu.Unlock()
	c.wg.Wait()
}

// add starts a poller; c.mu is held.
func (c *crew) add(ctx context.Context) {
	c.size++
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		c.poll(ctx)
	}()
}

// poll is one poller: batch after batch until ctx ends or it is sent home.
func (c *crew) poll(ctx context.Context) {
	var pause backoff
	for ctx.Err() == nil {
		if c.maxSize(ctx) == 0 {
			if c.leave(0) || !sleep(ctx, idleLimitWait) {
				return
			}
			continue
		}
		switch c.r.once(ctx) {
		case outcomeFull:
			pause.reset()
			c.grow(ctx)
		case outcomeDone:
			pause.reset()
		case outcomeEmpty:
			if c.leave(1) {
				return
			}
		case outcomeThrottled:
			if c.leave(1) || !pause.wait(ctx) {
				return
			}
		case outcomeProblem:
			if !pause.wait(ctx) {
				return
			}
		}
		if c.leave(c.maxSize(ctx)) {
			return
		}
	}
}

// leave sends the calling poller home if more than keep remain.
func (c *crew) leave(keep int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size > max(keep, 1) {
		c.size--
		return true
	}
	return false
}

// grow adds a poller, unless one was added just now or the crew is at
// its limit.
func (c *crew) grow(ctx context.Context) {
	limit := c.maxSize(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size >= limit || time.Since(c.grown) < growEvery || ctx.Err() != nil {
		return
	}
	c.grown = time.Now()
	c.add(ctx)
}

// maxSize is how many pollers the mapping may have, worked out again
// every limitTTL.
func (c *crew) maxSize(ctx context.Context) int {
	c.mu.Lock()
	if time.Since(c.limited) < limitTTL {
		defer c.mu.Unlock()
		return c.limit
	}
	c.mu.Unlock()
	limit := c.r.limit(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limit, c.limited = limit, time.Now()
	return limit
}

// backoff is a poller's growing pause after problems: 1 s, doubling, up
// to 30 s.
type backoff struct{ next time.Duration }

func (b *backoff) reset() { b.next = 0 }

// wait pauses, and reports false when ctx ended first.
func (b *backoff) wait(ctx context.Context) bool {
	b.next = min(max(2*b.next, time.Second), 30*time.Second)
	return sleep(ctx, b.next)
}

// sleep waits for d, and reports false when ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
