package runtimeapi

import (
	"errors"
	"io"
	"sync"
)

// errCut is the error of a write to a sink after Invoke gave up on its
// invocation.
var errCut = errors.New("runtimeapi: the invocation is over")

// sink carries a response to the Stream of its invocation. The runtime's
// handler writes to it; Invoke cuts it when it gives up on the invocation,
// so that nothing reaches the Stream once Invoke has returned. A Stream that
// fails (its reader went away) is not written to again, but the runtime's
// response is still read to its end, as on Lambda, where a function
// finishes even when its caller hangs up.
type sink struct {
	w     io.Writer
	start func(contentType string)
	gone  chan struct{} // closed by cut

	mu      sync.Mutex
	started bool
	cut     bool
	broken  bool // w failed
}

func newSink(w io.Writer, start func(string)) *sink {
	return &sink{w: w, start: start, gone: make(chan struct{})}
}

// begin announces the response's content type, once, before its first byte.
func (k *sink) begin(contentType string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.started || k.cut {
		return
	}
	k.started = true
	if k.start != nil {
		k.start(contentType)
	}
}

// Write passes p to the Stream. It fails only once the sink is cut.
func (k *sink) Write(p []byte) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cut {
		return 0, errCut
	}
	if !k.broken {
		if _, err := k.w.Write(p); err != nil {
			k.broken = true
		}
	}
	return len(p), nil
}

// close cuts the sink, waiting for a write in progress to end.
func (k *sink) close() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.cut {
		k.cut = true
		close(k.gone)
	}
}
