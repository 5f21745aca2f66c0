package objects

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// Limits of multipart uploads.
const (
	MinPartSize = 5 << 20
	MaxParts    = 10000
)

// Upload is a multipart upload in progress.
type Upload struct {
	ID, Bucket, Key string
	Initiated       time.Time
	Initiator       string
	Headers         map[string]string `json:",omitempty"`
	Meta            map[string]string `json:",omitempty"`
	Tags            []aws.Tag         `json:",omitempty"`
	// Algorithm is the additional checksum every part carries, if any.
	Algorithm string `json:",omitempty"`
	Parts     map[int]Part
}

func uploadKey(bucket, id string) string { return bucketPrefix(bucket) + id }

func noSuchUpload() error {
	return &aws.Error{Kind: ErrNoSuchUpload, Message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."}
}

// CreateUpload begins a multipart upload; u's ID is chosen here.
func (s *Store) CreateUpload(ctx context.Context, u Upload) (Upload, error) {
	if err := s.checkTarget(ctx, u.Bucket, u.Key); err != nil {
		return Upload{}, err
	}
	u.ID, u.Initiated, u.Parts = newID(), now(), map[int]Part{}
	return u, store.Create(ctx, s.uploads, uploadKey(u.Bucket, u.ID), u)
}

// Upload reads an upload in progress of bucket and key.
func (s *Store) Upload(ctx context.Context, bucket, key, id string) (Upload, error) {
	if _, err := s.Bucket(ctx, bucket); err != nil {
		return Upload{}, err
	}
	if !kvName.MatchString(id) {
		return Upload{}, noSuchUpload()
	}
	u, err := store.Get[Upload](ctx, s.uploads, uploadKey(bucket, id))
	if errors.Is(err, store.ErrNotFound) || err == nil && u.Key != key {
		return Upload{}, noSuchUpload()
	}
	return u, err
}

// Uploads lists the uploads in progress in bucket, by key and time.
func (s *Store) Uploads(ctx context.Context, bucket string) ([]Upload, error) {
	if _, err := s.Bucket(ctx, bucket); err != nil {
		return nil, err
	}
	us, err := store.List[Upload](ctx, s.uploads, bucketPrefix(bucket))
	sort.SliceStable(us, func(i, j int) bool {
		if us[i].Key != us[j].Key {
			return us[i].Key < us[j].Key
		}
		return us[i].Initiated.Before(us[j].Initiated)
	})
	return us, err
}

// PutPart stores part number of an upload, replacing an earlier one.
func (s *Store) PutPart(ctx context.Context, bucket, key, id string, number int, body io.Reader, check func([]byte, map[string]string) error) (Part, error) {
	u, err := s.Upload(ctx, bucket, key, id)
	if err != nil {
		return Part{}, err
	}
	var algs []string
	if u.Algorithm != "" {
		algs = []string{u.Algorithm}
	}
	b, err := s.writeChecked(ctx, body, algs, check)
	if err != nil {
		return Part{}, err
	}
	p := Part{Number: number, Blob: b.ID, Size: b.Size, ETag: hex.EncodeToString(b.MD5), Checksums: b.Checksums, Modified: now()}
	return p, s.keepPart(ctx, u, p)
}

// keepPart records p in its upload and removes the part it replaces.
func (s *Store) keepPart(ctx context.Context, u Upload, p Part) error {
	var old []Part
	_, err := store.Modify(ctx, s.uploads, uploadKey(u.Bucket, u.ID), func(v *Upload, exists bool) error {
		if !exists {
			return noSuchUpload()
		}
		old = nil
		if prev, ok := v.Parts[p.Number]; ok {
			old = []Part{prev}
		}
		v.Parts[p.Number] = p
		return nil
	})
	if err != nil {
		s.removeBlobs(ctx, []Part{p})
		return err
	}
	s.removeBlobs(ctx, old)
	return nil
}

// Abort ends an upload and removes its parts.
func (s *Store) Abort(ctx context.Context, bucket, key, id string) error {
	u, err := s.Upload(ctx, bucket, key, id)
	if err != nil {
		return err
	}
	if err := s.uploads.Delete(ctx, uploadKey(bucket, id), 0); err != nil {
		return fmt.Errorf("delete upload: %w", err)
	}
	s.removeBlobs(ctx, partList(u.Parts))
	return nil
}

// abortAll aborts every upload in bucket.
func (s *Store) abortAll(ctx context.Context, bucket string) error {
	us, err := s.Uploads(ctx, bucket)
	for _, u := range us {
		if err := s.Abort(ctx, bucket, u.Key, u.ID); err != nil && !errors.Is(err, ErrNoSuchUpload) {
			return err
		}
	}
	return err
}

func partList(parts map[int]Part) []Part {
	out := make([]Part, 0, len(parts))
	for _, p := range parts {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// multipartETag is the MD5 of the parts' MD5s, with the number of parts.
func multipartETag(parts []Part) string {
	h := md5.New()
	for _, p := range parts {
		raw, _ := hex.DecodeString(p.ETag)
		h.Write(raw)
	}
	return fmt.Sprintf("%s-%d", hex.EncodeToString(h.Sum(nil)), len(parts))
}
