package objects

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// MaxKey is the longest key S3 takes, in bytes.
const MaxKey = 1024

// Object is an object's metadata.
type Object struct {
	Bucket   string
	Key      string
	Size     int64
	ETag     string // without quotes
	Modified time.Time
	// Headers are the stored representation headers (Content-Type,
	// Cache-Control, …), by canonical name.
	Headers map[string]string `json:",omitempty"`
	// Meta is the user metadata, by lower-case name without x-amz-meta-.
	Meta map[string]string `json:",omitempty"`
	// Checksums are the additional checksums, by algorithm, in base64.
	Checksums map[string]string `json:",omitempty"`
	Tags      []aws.Tag         `json:",omitempty"`
	// Parts are the blobs that hold the object's bytes, in order.
	Parts []Part
	// PartsCount is the number of parts a multipart upload made it of.
	PartsCount int `json:",omitempty"`
}

// Part is one part of a multipart upload, and one blob of an object.
type Part struct {
	Number    int
	Blob      string
	Size      int64
	ETag      string            // without quotes
	Checksums map[string]string `json:",omitempty"`
	Modified  time.Time
}

// objectKey is the JetStream key of an object: bucket and key in hex, which
// keeps keys in S3's (byte) order and holds any byte a key may have.
func objectKey(bucket, key string) string {
	return bucketPrefix(bucket) + hex.EncodeToString([]byte(key))
}

func bucketPrefix(bucket string) string { return hex.EncodeToString([]byte(bucket)) + "." }

// checkKey applies S3's limits on object keys.
func checkKey(key string) error {
	if len(key) > MaxKey {
		return &aws.Error{Kind: ErrKeyTooLong, Message: "Your key is too long"}
	}
	return nil
}

// checkTarget checks that an object may be written at bucket and key.
func (s *Store) checkTarget(ctx context.Context, bucket, key string) error {
	if _, err := s.Bucket(ctx, bucket); err != nil {
		return err
	}
	return checkKey(key)
}

func noSuchKey() error {
	return &aws.Error{Kind: ErrNoSuchKey, Message: "The specified key does not exist."}
}

// Get reads an object's metadata.
func (s *Store) Get(ctx context.Context, bucket, key string) (Object, error) {
	if _, err := s.Bucket(ctx, bucket); err != nil {
		return Object{}, err
	}
	if key == "" || len(key) > MaxKey {
		return Object{}, noSuchKey()
	}
	o, err := store.Get[Object](ctx, s.objects, objectKey(bucket, key))
	if errors.Is(err, store.ErrNotFound) {
		return o, noSuchKey()
	}
	return o, err
}

// Keys lists the keys in bucket that begin with prefix, in order.
func (s *Store) Keys(ctx context.Context, bucket, prefix string) ([]string, error) {
	if _, err := s.Bucket(ctx, bucket); err != nil {
		return nil, err
	}
	all, err := s.objects.KeysWithPrefix(ctx, bucketPrefix(bucket))
	if err != nil {
		return nil, err
	}
	want := objectKey(bucket, prefix)
	var keys []string
	for _, k := range all {
		if !strings.HasPrefix(k, want) {
			continue
		}
		raw, err := hex.DecodeString(strings.TrimPrefix(k, bucketPrefix(bucket)))
		if err == nil {
			keys = append(keys, string(raw))
		}
	}
	return keys, nil
}

// swap stores o in place of the object at its key, and removes the blobs of
// the one it replaces.
func (s *Store) swap(ctx context.Context, o Object) error {
	var old []Part
	_, err := store.Modify(ctx, s.objects, objectKey(o.Bucket, o.Key), func(v *Object, exists bool) error {
		old = nil
		if exists {
			old = v.Parts
		}
		*v = o
		return nil
	})
	if err != nil {
		return err
	}
	s.removeBlobs(ctx, old)
	return nil
}

// Delete deletes an object; deleting one that is not there succeeds.
func (s *Store) Delete(ctx context.Context, bucket, key string, by Requester) error {
	if _, err := s.Bucket(ctx, bucket); err != nil {
		return err
	}
	if key == "" || len(key) > MaxKey {
		return nil
	}
	var gone Object
	var existed bool
	_, err := store.Modify(ctx, s.objects, objectKey(bucket, key), func(v *Object, exists bool) error {
		gone, existed = *v, exists
		return store.Remove
	})
	if err != nil || !existed {
		return err
	}
	s.removeBlobs(ctx, gone.Parts)
	return s.notify(ctx, "ObjectRemoved:Delete", Object{Bucket: bucket, Key: key}, by)
}

// SetTags replaces an object's tags (nil deletes them).
func (s *Store) SetTags(ctx context.Context, bucket, key string, tags []aws.Tag, by Requester) error {
	if _, err := s.Bucket(ctx, bucket); err != nil {
		return err
	}
	o, err := store.Modify(ctx, s.objects, objectKey(bucket, key), func(v *Object, exists bool) error {
		if !exists {
			return noSuchKey()
		}
		v.Tags = tags
		return nil
	})
	if err != nil {
		return err
	}
	name := "ObjectTagging:Put"
	if tags == nil {
		name = "ObjectTagging:Delete"
	}
	return s.notify(ctx, name, o, by)
}

func noSuchVersion() error {
	return &aws.Error{Kind: ErrNoSuchVersion, Message: "The specified version does not exist."}
}
