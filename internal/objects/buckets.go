package objects

import (
	"context"
	"errors"
	"net/netip"
	"regexp"
	"sort"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/store"
)

// Bucket is a bucket's metadata.
type Bucket struct {
	Name    string
	Account string
	Region  string
	Created time.Time
	// Policy is the bucket policy's JSON, "" when it has none.
	Policy string `json:",omitempty"`
	// Tags is the bucket's tag set, nil when it has none.
	Tags []aws.Tag `json:",omitempty"`
}

var (
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	// kvName is what JetStream takes as a key: names of buckets that
	// cannot exist are refused before they are looked up.
	kvName = regexp.MustCompile(`^[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*$`)
	// badDots are the neighbours S3 refuses in bucket names.
	badDots = regexp.MustCompile(`\.\.|\.-|-\.`)
)

// checkBucketName applies S3's rules for new bucket names.
func checkBucketName(name string) error {
	_, ipErr := netip.ParseAddr(name)
	if !bucketName.MatchString(name) || ipErr == nil || badDots.MatchString(name) {
		return &aws.Error{Kind: ErrInvalidBucketName, Message: "The specified bucket is not valid."}
	}
	return nil
}

// CreateBucket creates a bucket of account in region.
func (s *Store) CreateBucket(ctx context.Context, name, account, region string) error {
	if err := checkBucketName(name); err != nil {
		return err
	}
	b := Bucket{Name: name, Account: account, Region: region, Created: time.Now().UTC().Truncate(time.Millisecond)}
	err := store.Create(ctx, s.buckets, name, b)
	if !errors.Is(err, store.ErrExists) {
		return err
	}
	old, err := s.Bucket(ctx, name)
	switch {
	case err != nil:
		return err
	case old.Account == account:
		return &aws.Error{Kind: ErrBucketOwnedByYou, Message: "Your previous request to create the named bucket succeeded and you already own it."}
	}
	return &aws.Error{Kind: ErrBucketExists, Message: "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."}
}

// Bucket reads a bucket's metadata.
func (s *Store) Bucket(ctx context.Context, name string) (Bucket, error) {
	if !kvName.MatchString(name) {
		return Bucket{}, noSuchBucket()
	}
	b, err := store.Get[Bucket](ctx, s.buckets, name)
	if errors.Is(err, store.ErrNotFound) {
		return b, noSuchBucket()
	}
	return b, err
}

func noSuchBucket() error {
	return &aws.Error{Kind: ErrNoSuchBucket, Message: "The specified bucket does not exist"}
}

// Buckets lists every bucket by name.
func (s *Store) Buckets(ctx context.Context) ([]Bucket, error) {
	bs, err := store.List[Bucket](ctx, s.buckets, "")
	sort.Slice(bs, func(i, j int) bool { return bs[i].Name < bs[j].Name })
	return bs, err
}

// ModifyBucket changes a bucket's metadata (its policy, its tags).
func (s *Store) ModifyBucket(ctx context.Context, name string, change func(b *Bucket) error) error {
	if !kvName.MatchString(name) {
		return noSuchBucket()
	}
	_, err := store.Modify(ctx, s.buckets, name, func(b *Bucket, exists bool) error {
		if !exists {
			return noSuchBucket()
		}
		return change(b)
	})
	return err
}

// DeleteBucket deletes an empty bucket and the uploads still open in it.
func (s *Store) DeleteBucket(ctx context.Context, name string) error {
	if _, err := s.Bucket(ctx, name); err != nil {
		return err
	}
	keys, err := s.objects.KeysWithPrefix(ctx, bucketPrefix(name))
	if err != nil {
		return err
	}
	if len(keys) > 0 {
		return &aws.Error{Kind: ErrBucketNotEmpty, Message: "The bucket you tried to delete is not empty"}
	}
	if err := s.abortAll(ctx, name); err != nil {
		return err
	}
	return s.buckets.Delete(ctx, name, 0)
}
