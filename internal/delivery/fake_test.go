package delivery

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/store"
)

// openQueue opens a queue in a store of its own in dir.
func openQueue(t *testing.T, dir string) (*store.Store, *Queue) {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	q, err := OpenQueue(context.Background(), st.JetStream())
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	return st, q
}

// result is a target's answer to one attempt.
type result struct {
	reply Reply
	err   error
}

// call is one attempt the target saw.
type call struct {
	at       time.Time
	attempts int
}

// ending is how a delivery ended, as the producer learned it.
type ending struct {
	d Delivery
	o Outcome
}

// fakes is a Target and a Producer scripted per delivery id: the n-th
// attempt gets the n-th result (the last one repeats), and each ending is
// sent on the delivery's channel.
type fakes struct {
	mu          sync.Mutex
	scripts     map[string][]result
	calls       map[string][]call
	policies    map[string]Policy
	policyCalls map[string]int
	finishFails map[string]int
	ends        map[string]chan ending
}

func newFakes() *fakes {
	return &fakes{scripts: map[string][]result{}, calls: map[string][]call{}, policies: map[string]Policy{},
		policyCalls: map[string]int{}, finishFails: map[string]int{}, ends: map[string]chan ending{}}
}

func (f *fakes) routes() Routes {
	return Routes{Targets: map[string]Target{"test": f}, Producers: map[string]Producer{"test": f}}
}

// expect scripts a delivery and returns where its ending will arrive.
func (f *fakes) expect(id string, p Policy, results ...result) <-chan ending {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scripts[id], f.policies[id] = results, p
	f.ends[id] = make(chan ending, 4)
	return f.ends[id]
}

func (f *fakes) Deliver(_ context.Context, d Delivery) (Reply, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.calls[d.ID])
	f.calls[d.ID] = append(f.calls[d.ID], call{at: time.Now(), attempts: d.Attempts})
	script := f.scripts[d.ID]
	r := script[min(n, len(script)-1)]
	return r.reply, r.err
}

func (f *fakes) Policy(_ context.Context, d Delivery) (Policy, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.policyCalls[d.ID]++
	return f.policies[d.ID], nil
}

func (f *fakes) Finish(_ context.Context, d Delivery, o Outcome) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.finishFails[d.ID] > 0 {
		f.finishFails[d.ID]--
		return errFinish
	}
	f.ends[d.ID] <- ending{d, o}
	return nil
}

func (f *fakes) callsOf(id string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls[id]...)
}

// enqueue stores a delivery to the fake target named id.
func enqueue(t *testing.T, q *Queue, id string, accepted time.Time) {
	t.Helper()
	d := Delivery{ID: id, Producer: "test", Target: Address{Kind: "test", Name: id}, Payload: []byte("payload of " + id),
		Attributes: map[string]string{"header": "h"}, Accepted: accepted}
	if err := q.Enqueue(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

func wait(t *testing.T, ch <-chan ending) ending {
	t.Helper()
	select {
	case e := <-ch:
		return e
	case <-time.After(15 * time.Second):
		t.Fatal("the delivery did not end")
		return ending{}
	}
}
