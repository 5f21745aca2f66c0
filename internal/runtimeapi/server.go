package runtimeapi

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
)

// runtimeInit is how far the runtime's initialisation has come.
type runtimeInit uint8

const (
	runtimeStarting   runtimeInit = iota // the runtime has neither called next nor reported an init error
	runtimeReady                         // the runtime has called next
	runtimeInitFailed                    // the runtime posted /runtime/init/error
)

// Server is the Runtime API of one execution environment.
type Server struct {
	maxResponse  int
	streamLimits StreamLimits
	// tooLargeAnswer is the 413 for a response over maxResponse, and
	// tooLargeResult the failure of its invocation.
	tooLargeAnswer *apiError
	tooLargeResult Response
	http           *http.Server
	mux            *http.ServeMux
	log            *slog.Logger

	// queue holds the current invocation until a next takes it (capacity 1).
	queue chan *pending
	// done carries the runtime's answer to the current invocation to Invoke
	// (capacity 1). Only Invoke receives from it, one Invoke at a time.
	done       chan Response
	busy       atomic.Bool   // an Invoke is in progress
	initDone   chan struct{} // closed when the runtime calls next or reports an init error
	initFailed chan struct{} // closed when the runtime reports an init error
	closed     chan struct{}
	closeOnce  sync.Once

	mu      sync.Mutex
	init    runtimeInit
	initErr *InitError
	cur     *pending // the current invocation, nil when there is none
	// answered is set from the runtime's answer to an invocation until its
	// next /next: the emulator's RuntimeResponseSentState, in which another
	// /response or /error is an invalid state transition.
	answered bool
}

// New returns a Server that accepts responses of at most maxResponse bytes
// (Lambda's 6291556 when maxResponse is not positive). It starts nothing:
// Serve does.
func New(maxResponse int) *Server {
	if maxResponse <= 0 {
		maxResponse = lambda.MaxResponsePayload
	}
	log := slog.With("component", "runtimeapi")
	s := &Server{
		maxResponse:    maxResponse,
		streamLimits:   DefaultStreamLimits,
		tooLargeAnswer: errRequestTooLarge(maxResponse),
		tooLargeResult: responseTooLarge(maxResponse),
		log:            log,
		queue:          make(chan *pending, 1),
		done:           make(chan Response, 1),
		initDone:       make(chan struct{}),
		initFailed:     make(chan struct{}),
		closed:         make(chan struct{}),
	}
	s.mux = s.routes()
	s.http = &http.Server{
		Handler: s.mux,
		// Only the headers are timed: next waits as long as it takes, and an
		// idle keep-alive connection belongs to a runtime frozen between
		// invocations.
		ReadHeaderTimeout: time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s
}

// Handle serves another API of the environment (the Extensions API) beside
// the Runtime API. Call it before Serve.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Serve answers the runtime on ln until Close, which makes it return nil.
func (s *Server) Serve(ln net.Listener) error {
	if err := s.http.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close stops serving, closes every connection and makes WaitInit, Invoke and
// any waiting next return.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return s.http.Close()
}

// WaitInit waits until the runtime has initialised, which it shows by calling
// next for the first time. It returns an *InitError when the runtime reported
// a failed initialisation instead, and ctx's error when ctx ends first.
func (s *Server) WaitInit(ctx context.Context) error {
	select {
	case <-s.initDone:
		return s.initFailure()
	case <-ctx.Done():
		return ctx.Err()
	case <-s.closed:
		return ErrClosed
	}
}

// Invoke hands inv to the runtime, at its waiting next or at its next one,
// and returns the runtime's answer. When ctx ends first (the invocation timed
// out, or the runtime died) Invoke returns ctx's error at once and forgets the
// invocation: a late answer for it is refused as an invalid request ID. It
// returns an *InitError when the runtime reported a failed initialisation,
// and ErrBusy while another Invoke is in progress.
func (s *Server) Invoke(ctx context.Context, inv Invocation) (Response, error) {
	if inv.RequestID == "" {
		return Response{}, ErrNoRequestID
	}
	if !s.busy.CompareAndSwap(false, true) {
		return Response{}, ErrBusy
	}
	defer s.busy.Store(false)
	p := newPending(ctx, inv)
	if err := s.start(p); err != nil {
		return Response{}, err
	}
	select {
	case res := <-s.done:
		return res, nil
	case <-ctx.Done():
		return s.abandon(p, ctx.Err())
	case <-s.initFailed:
		return s.abandon(p, s.initFailure())
	case <-s.closed:
		return s.abandon(p, ErrClosed)
	}
}

func (s *Server) initFailure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.initErr == nil {
		return nil
	}
	return s.initErr
}

// start makes p the current invocation and offers it to the runtime.
func (s *Server) start(p *pending) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.closed:
		return ErrClosed
	default:
	}
	if s.initErr != nil {
		return s.initErr
	}
	s.cur = p
	s.queue <- p
	return nil
}

// abandon forgets p, unless the runtime answered it meanwhile: then the
// answer wins over err. Nothing reaches p's Stream once abandon returns.
func (s *Server) abandon(p *pending, err error) (Response, error) {
	s.mu.Lock()
	if s.cur != p {
		s.mu.Unlock()
		return <-s.done, nil
	}
	s.cur = nil
	select {
	case <-s.queue:
	default:
	}
	s.mu.Unlock()
	if p.out != nil {
		p.out.close()
	}
	return Response{}, err
}
