package s3

import (
	"context"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

// xmlns is S3's XML namespace.
const xmlns = "http://s3.amazonaws.com/doc/2006-03-01/"

// Notifications keeps buckets' notification configurations, as XML.
type Notifications interface {
	Get(ctx context.Context, bucket string) ([]byte, error)
	Put(ctx context.Context, bucket string, body []byte) error
}

// forgetter is a Notifications that forgets a deleted bucket's
// configuration.
type forgetter interface {
	Delete(ctx context.Context, bucket string) error
}

// Config is what the S3 API needs besides its store.
type Config struct {
	// Region is the region of the endpoint.
	Region string
	// HostSuffix makes a request for "<bucket><HostSuffix>" virtual-host
	// addressed (".s3.localhost").
	HostSuffix string
	// Notifications, when set, serves the notification configurations.
	Notifications Notifications
}

// API is the S3 service.
type API struct {
	cfg   Config
	store *objects.Store
	ops   map[string]*awsproto.Operation
}

// New serves store's buckets and objects.
func New(cfg Config, store *objects.Store) *API {
	a := &API{cfg: cfg, store: store, ops: map[string]*awsproto.Operation{}}
	for _, op := range a.operations() {
		a.ops[op.Name] = &op
	}
	return a
}

// Service is the S3 API as the front door serves it.
func (a *API) Service() *awsproto.Service {
	return &awsproto.Service{
		Name:           "s3",
		Protocols:      []awsproto.Protocol{&protocol{api: a}},
		Errors:         errorCodes,
		ResourcePolicy: a.resourcePolicy,
		Streaming:      true,
	}
}
