package objects

import (
	"context"
	"encoding/hex"
	"io"
	"time"

	"github.com/virga-dev/virga/internal/aws"
)

// Write is a new object's bytes and what to keep with them.
type Write struct {
	Bucket, Key string
	Body        io.Reader
	Headers     map[string]string
	Meta        map[string]string
	Tags        []aws.Tag
	// Algorithms are the additional checksums to compute and keep.
	Algorithms []string
	// Check, when set, judges the bytes by their digests once they are
	// all read and before they are kept (Content-MD5, declared checksums).
	Check func(md5 []byte, checksums map[string]string) error
	By    Requester
}

// Put stores an object of at most MaxPut bytes, replacing any at its key,
// and tells the notifier before it returns.
func (s *Store) Put(ctx context.Context, w Write) (Object, error) {
	if err := s.checkTarget(ctx, w.Bucket, w.Key); err != nil {
		return Object{}, err
	}
	b, err := s.writeChecked(ctx, w.Body, w.Algorithms, w.Check)
	if err != nil {
		return Object{}, err
	}
	o := Object{Bucket: w.Bucket, Key: w.Key, Size: b.Size, ETag: hex.EncodeToString(b.MD5), Modified: now(),
		Headers: w.Headers, Meta: w.Meta, Checksums: b.Checksums, Tags: w.Tags,
		Parts: []Part{{Number: 1, Blob: b.ID, Size: b.Size}}}
	if err := s.swap(ctx, o); err != nil {
		s.removeBlobs(ctx, o.Parts)
		return Object{}, err
	}
	return o, s.notify(ctx, "ObjectCreated:Put", o, w.By)
}

// writeChecked writes a blob and removes it again unless check passes.
func (s *Store) writeChecked(ctx context.Context, r io.Reader, algs []string, check func([]byte, map[string]string) error) (blob, error) {
	b, err := s.writeBlob(ctx, r, algs, MaxPut)
	if err != nil {
		return blob{}, err
	}
	if check != nil {
		if err := check(b.MD5, b.Checksums); err != nil {
			s.removeBlobs(ctx, []Part{{Blob: b.ID}})
			return blob{}, err
		}
	}
	return b, nil
}

// now is the time of a change, to the millisecond as S3 shows it.
func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }
