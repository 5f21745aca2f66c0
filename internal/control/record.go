package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// record is what the store keeps per function.
type record struct {
	Latest lambda.FunctionConfiguration `json:"latest"`
	// CodeBlob names the zip of $LATEST in the blob store (hex SHA-256).
	CodeBlob string `json:"codeBlob"`
	// CodeUnzipped is the unzipped size of that zip (0 in records written
	// before Virga kept it).
	CodeUnzipped int64 `json:"codeUnzipped,omitempty"`
	// Layers are the layers of $LATEST, in order.
	Layers []layerCode       `json:"layers,omitempty"`
	Tags   map[string]string `json:"tags,omitempty"`
	// LastVersion is the number of the newest published version; numbers
	// are never reused. Published fingerprints its code and configuration,
	// so that publishing an unchanged function returns that version.
	LastVersion int    `json:"lastVersion,omitempty"`
	Published   string `json:"published,omitempty"`
	// PublishPending asks settle to publish once an update is done.
	PublishPending bool `json:"publishPending,omitempty"`
	// Reserved is the function's reserved concurrency, if any.
	Reserved *int `json:"reserved,omitempty"`
	// RecursiveLoop is PutFunctionRecursionConfig's setting ("" until set).
	RecursiveLoop string `json:"recursiveLoop,omitempty"`
}

func (s *Service) load(ctx context.Context, name string) (record, uint64, error) {
	e, err := s.functions.Get(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return record{}, 0, store.ErrNotFound
	}
	if err != nil {
		return record{}, 0, fmt.Errorf("load function %s: %w", name, err)
	}
	var rec record
	if err := json.Unmarshal(e.Value, &rec); err != nil {
		return record{}, 0, fmt.Errorf("decode function %s: %w", name, err)
	}
	return rec, e.Revision, nil
}

// create stores a new function, or fails with store.ErrExists.
func (s *Service) create(ctx context.Context, rec record) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode function: %w", err)
	}
	_, err = s.functions.Create(ctx, rec.Latest.FunctionName, data)
	return err
}

// modify is a read-modify-write of the stored function ref names, or AWS's
// 404; it returns the record as change left it.
func (s *Service) modify(ctx context.Context, ref arn.Function, change func(rec *record) error) (record, error) {
	if err := s.checkOwner(ref); err != nil {
		return record{}, err
	}
	return store.Modify(ctx, s.functions, ref.Name, func(rec *record, exists bool) error {
		if !exists {
			return s.notFound(ref)
		}
		return change(rec)
	})
}

// find resolves a parsed identifier to the stored function, or AWS's 404.
func (s *Service) find(ctx context.Context, ref arn.Function) (record, uint64, error) {
	if err := s.checkOwner(ref); err != nil {
		return record{}, 0, err
	}
	rec, rev, err := s.load(ctx, ref.Name)
	if errors.Is(err, store.ErrNotFound) {
		return record{}, 0, s.notFound(ref)
	}
	return rec, rev, err
}

func (s *Service) checkOwner(ref arn.Function) error {
	if ref.Region != "" && ref.Region != s.cfg.Region {
		return aws.Errorf(aws.ErrNotFound, "Functions from '%s' are not reachable in this region ('%s')", ref.Region, s.cfg.Region)
	}
	if ref.Account != "" && ref.Account != s.cfg.Account {
		return s.notFound(ref)
	}
	return nil
}

func (s *Service) notFound(ref arn.Function) error {
	account := ref.Account
	if account == "" {
		account = s.cfg.Account
	}
	fn := arn.Qualified(arn.FunctionARN(s.cfg.Region, account, ref.Name), ref.Qualifier)
	return aws.Errorf(aws.ErrNotFound, "Function not found: %s", fn)
}

func (s *Service) functionARN(name string) string {
	return arn.FunctionARN(s.cfg.Region, s.cfg.Account, name)
}
