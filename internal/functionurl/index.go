package functionurl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/httpevent"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// Source is where the index reads function URLs and the policies that
// open them, keyed as the store keys both: "name.qualifier".
type Source interface {
	FunctionURLs(ctx context.Context, prefix string) ([]control.FunctionURL, error)
	FunctionURL(ctx context.Context, key string) (control.FunctionURL, error)
	GetPolicy(ctx context.Context, ref arn.Function) (lambda.Policy, string, error)
}

// target is what serving a URL needs, read once per change.
type target struct {
	url    control.FunctionURL
	policy lambda.Policy
	cors   *httpevent.CORS
}

// Index finds function URLs by id in memory, so that serving one makes no
// store round trip. The store's change feeds of the URLs and the policies
// call Changed.
type Index struct {
	src Source
	log *slog.Logger

	reload sync.Mutex // one reload at a time, so an older read never lands last
	mu     sync.RWMutex
	byID   map[string]*target
	idOf   map[string]string // store key → URL id
}

// NewIndex indexes what src holds once Load is called.
func NewIndex(src Source, log *slog.Logger) *Index {
	if log == nil {
		log = slog.Default()
	}
	return &Index{src: src, log: log.With("component", "functionurl"), byID: map[string]*target{}, idOf: map[string]string{}}
}

// Load reads every URL. Start the change feeds first, so that nothing
// changed meanwhile is missed.
func (x *Index) Load(ctx context.Context) error {
	urls, err := x.src.FunctionURLs(ctx, "")
	if err != nil {
		return fmt.Errorf("load function urls: %w", err)
	}
	for _, u := range urls {
		x.Changed(u.Key())
	}
	return nil
}

// lookup returns the URL with the given id.
func (x *Index) lookup(id string) (*target, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	t, ok := x.byID[id]
	return t, ok
}

// Changed reads again the URL under a store key ("name.qualifier") and the
// policy of what it invokes, after either changed.
func (x *Index) Changed(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	x.reload.Lock()
	defer x.reload.Unlock()
	t, err := x.read(ctx, key)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		x.log.Warn("function url not reloaded", "key", key, "err", err)
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	delete(x.byID, x.idOf[key])
	delete(x.idOf, key)
	if t != nil {
		x.byID[t.url.ID], x.idOf[key] = t, t.url.ID
	}
}

// read loads the target under key; nil and store.ErrNotFound when there
// is no URL there.
func (x *Index) read(ctx context.Context, key string) (*target, error) {
	u, err := x.src.FunctionURL(ctx, key)
	if err != nil {
		return nil, err
	}
	t := &target{url: u, cors: corsOf(u.Cors)}
	p, _, err := x.src.GetPolicy(ctx, arn.Function{Name: u.Function, Qualifier: u.Qualifier})
	switch {
	case err == nil:
		t.policy = p
	case !errors.Is(err, aws.ErrNotFound):
		return nil, err
	}
	return t, nil
}

func corsOf(c *lambda.Cors) *httpevent.CORS {
	if c == nil {
		return nil
	}
	out := &httpevent.CORS{
		AllowOrigins: c.AllowOrigins, AllowMethods: c.AllowMethods, AllowHeaders: c.AllowHeaders,
		ExposeHeaders: c.ExposeHeaders, MaxAge: c.MaxAge,
	}
	if c.AllowCredentials != nil {
		out.AllowCredentials = *c.AllowCredentials
	}
	return out
}
