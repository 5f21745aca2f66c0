package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// FunctionURL is a function URL as the store keeps it: the URL itself is
// spelled when it is read, from its id and the server's public address.
type FunctionURL struct {
	ID       string `json:"id"`
	Function string `json:"function"`
	// Qualifier is the alias the URL invokes, or "" for $LATEST.
	Qualifier  string       `json:"qualifier,omitempty"`
	AuthType   string       `json:"authType"`
	Cors       *lambda.Cors `json:"cors,omitempty"`
	InvokeMode string       `json:"invokeMode"`
	Created    string       `json:"created"`
	Modified   string       `json:"modified"`
}

// Key is where the store keeps the URL, which is also where it keeps the
// policy of what the URL invokes.
func (u FunctionURL) Key() string { return qualifierKey(u.Function, u.Qualifier) }

// CreateFunctionURLConfig gives $LATEST or an alias a URL.
func (s *Service) CreateFunctionURLConfig(ctx context.Context, ref arn.Function, in URLInput) (lambda.FunctionURLConfig, error) {
	if err := s.checkURLRequest(ref, "Function does not exist"); err != nil {
		return lambda.FunctionURLConfig{}, err
	}
	if err := checkURLInput(in, true); err != nil {
		return lambda.FunctionURLConfig{}, err
	}
	if _, err := s.GetFunction(ctx, ref); err != nil {
		return lambda.FunctionURLConfig{}, urlMissing(err, "Function does not exist")
	}
	now := lambda.Timestamp(time.Now())
	u := FunctionURL{
		ID: s.urlID(ref.Name, ref.Qualifier), Function: ref.Name, Qualifier: ref.Qualifier,
		AuthType: in.AuthType, Cors: in.Cors, InvokeMode: or(in.InvokeMode, lambda.URLBuffered), Created: now, Modified: now,
	}
	u, err := store.Modify(ctx, s.urls, qualifierKey(ref.Name, ref.Qualifier), func(old *FunctionURL, exists bool) error {
		if exists {
			return aws.Errorf(aws.ErrConflict, "Failed to create function url config for [functionArn = %s]. Error message:  FunctionUrlConfig exists for this Lambda function",
				s.urlFunctionARN(*old))
		}
		*old = u
		return nil
	})
	if err != nil {
		return lambda.FunctionURLConfig{}, err
	}
	c := s.urlConfig(u)
	c.LastModifiedTime = ""
	return c, nil
}

// GetFunctionURLConfig returns the URL of $LATEST or an alias.
func (s *Service) GetFunctionURLConfig(ctx context.Context, ref arn.Function) (lambda.FunctionURLConfig, error) {
	u, err := s.findURL(ctx, ref)
	if err != nil {
		return lambda.FunctionURLConfig{}, err
	}
	return s.urlConfig(u), nil
}

// UpdateFunctionURLConfig changes the members that in gives, of an existing URL.
func (s *Service) UpdateFunctionURLConfig(ctx context.Context, ref arn.Function, in URLInput) (lambda.FunctionURLConfig, error) {
	if err := s.checkURLRequest(ref, noURL); err != nil {
		return lambda.FunctionURLConfig{}, err
	}
	if err := checkURLInput(in, false); err != nil {
		return lambda.FunctionURLConfig{}, err
	}
	if _, err := s.GetFunction(ctx, ref); err != nil {
		return lambda.FunctionURLConfig{}, urlMissing(err, noURL)
	}
	u, err := store.Modify(ctx, s.urls, qualifierKey(ref.Name, ref.Qualifier), func(u *FunctionURL, exists bool) error {
		if !exists {
			return aws.Errorf(aws.ErrNotFound, noURL)
		}
		u.AuthType = or(in.AuthType, u.AuthType)
		u.InvokeMode = or(in.InvokeMode, u.InvokeMode)
		if in.Cors != nil {
			u.Cors = in.Cors
		}
		u.Modified = lambda.Timestamp(time.Now())
		return nil
	})
	if err != nil {
		return lambda.FunctionURLConfig{}, err
	}
	return s.urlConfig(u), nil
}

// DeleteFunctionURLConfig removes the URL of $LATEST or an alias.
func (s *Service) DeleteFunctionURLConfig(ctx context.Context, ref arn.Function) error {
	if _, err := s.findURL(ctx, ref); err != nil {
		return err
	}
	return deleteKey(ctx, s.urls, qualifierKey(ref.Name, ref.Qualifier))
}

// ListFunctionURLConfigs pages through a function's URLs: $LATEST's, then
// its aliases' by name.
func (s *Service) ListFunctionURLConfigs(ctx context.Context, ref arn.Function, marker string, maxItems int) ([]lambda.FunctionURLConfig, string, error) {
	if maxItems > 50 {
		return nil, "", arn.ConstraintError(maxItems, "maxItems", "Member must have value less than or equal to 50")
	}
	rec, _, err := s.findUnqualified(ctx, ref)
	if err != nil {
		return nil, "", urlMissing(err, noURL)
	}
	urls, err := s.FunctionURLs(ctx, rec.Latest.FunctionName+".")
	if err != nil {
		return nil, "", err
	}
	sortBy(urls, func(u FunctionURL) string { return qualifierOrder(":" + canonical(u.Qualifier)) }) // $LATEST first
	out := make([]lambda.FunctionURLConfig, 0, len(urls))
	for _, u := range urls {
		out = append(out, s.urlConfig(u))
	}
	return page(out, marker, maxItems, func(c lambda.FunctionURLConfig) string { return c.FunctionArn })
}

// FunctionURLs lists the stored URLs whose keys begin with prefix ("" for
// all, "name." for one function's).
func (s *Service) FunctionURLs(ctx context.Context, prefix string) ([]FunctionURL, error) {
	keys, err := s.urls.KeysWithPrefix(ctx, prefix)
	if err != nil {
		return nil, err
	}
	var out []FunctionURL
	for _, k := range keys {
		u, err := s.FunctionURL(ctx, k)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// FunctionURL reads the URL stored under key, or store.ErrNotFound.
func (s *Service) FunctionURL(ctx context.Context, key string) (FunctionURL, error) {
	e, err := s.urls.Get(ctx, key)
	if err != nil {
		return FunctionURL{}, err
	}
	var u FunctionURL
	if err := json.Unmarshal(e.Value, &u); err != nil {
		return FunctionURL{}, fmt.Errorf("decode function url %s: %w", key, err)
	}
	return u, nil
}

// findURL finds the URL of what ref names, or AWS's 404.
func (s *Service) findURL(ctx context.Context, ref arn.Function) (FunctionURL, error) {
	if err := s.checkURLRequest(ref, noURL); err != nil {
		return FunctionURL{}, err
	}
	if _, err := s.GetFunction(ctx, ref); err != nil {
		return FunctionURL{}, urlMissing(err, noURL)
	}
	u, err := s.FunctionURL(ctx, qualifierKey(ref.Name, ref.Qualifier))
	if errors.Is(err, store.ErrNotFound) {
		return FunctionURL{}, aws.Errorf(aws.ErrNotFound, noURL)
	}
	return u, err
}

// checkURLRequest accepts the unqualified function or an alias of one of
// the account's functions;
// missing words its 404.
func (s *Service) checkURLRequest(ref arn.Function, missing string) error {
	if err := checkURLQualifier(ref.Qualifier); err != nil {
		return err
	}
	return urlMissing(s.checkOwner(ref), missing)
}

const noURL = "The resource you requested does not exist."

// urlMissing words a missing function or alias as the function URL
// operations do.
func urlMissing(err error, message string) error {
	if errors.Is(err, aws.ErrNotFound) {
		return aws.Errorf(aws.ErrNotFound, "%s", message)
	}
	return err
}

func or(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}
