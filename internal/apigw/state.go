package apigw

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// load reads the API with id.
func (s *Server) load(ctx context.Context, id string) (*API, error) {
	e, err := s.apis.Get(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, s.apiNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	var a API
	if err := json.Unmarshal(e.Value, &a); err != nil {
		return nil, fmt.Errorf("decode API %s: %w", id, err)
	}
	return &a, nil
}

// modify changes the API with id; change sees it as stored. Stages that
// deploy automatically are redeployed when the change touched what
// deployments snapshot.
func (s *Server) modify(ctx context.Context, id string, change func(a *API) error) (*API, error) {
	a, err := store.Modify(ctx, s.apis, id, func(a *API, exists bool) error {
		if !exists {
			return s.apiNotFound(id)
		}
		before, _ := json.Marshal(a.Routing)
		if err := change(a); err != nil {
			return err
		}
		if after, _ := json.Marshal(a.Routing); string(after) != string(before) {
			s.autoDeploy(a)
		}
		return nil
	})
	return &a, err
}

// ids lists every API id, sorted.
func (s *Server) ids(ctx context.Context) ([]string, error) {
	keys, err := s.apis.Keys(ctx)
	if err != nil {
		return nil, err
	}
	sort.Strings(keys)
	return keys, nil
}

func (s *Server) apiNotFound(id string) error {
	return aws.Errorf(aws.ErrNotFound, "Invalid API identifier specified %s:%s", s.cfg.Account, id)
}

// newID is a random id of n lowercase letters and digits, the form of
// API Gateway's ids.
func newID(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand never fails on Linux
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// The lengths of API Gateway's ids.
const (
	apiIDLen         = 10
	routeIDLen       = 7
	integrationIDLen = 7
	authorizerIDLen  = 6
	deploymentIDLen  = 6
)

// unusedID is a new id of length n that none of taken's keys has.
func unusedID[T any](taken map[string]T, n int) string {
	for {
		id := newID(n)
		if _, ok := taken[id]; !ok {
			return id
		}
	}
}
