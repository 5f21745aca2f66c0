package objects

import (
	"context"
	"io"
	"time"
)

// Event is one change to an object, as S3 notifications describe it.
type Event struct {
	// Name is the event name without "s3:": "ObjectCreated:Put",
	// "ObjectCreated:Post", "ObjectCreated:Copy",
	// "ObjectCreated:CompleteMultipartUpload", "ObjectRemoved:Delete",
	// "ObjectRemoved:DeleteMarkerCreated", "ObjectTagging:Put",
	// "ObjectTagging:Delete".
	Name string
	// Region, Bucket and Key name the object; Key is raw (not encoded).
	Region, Bucket, Key string
	Size                int64
	// ETag is the object's entity tag without quotes.
	ETag string
	// VersionID is "" when the bucket is unversioned.
	VersionID string
	// Sequencer is upper-case hex, increasing for successive events of
	// the same key.
	Sequencer string
	Time      time.Time
	// Principal is the requester's principal id (e.g. "AWS:AIDA..." or
	// the account id for the admin).
	Principal string
	SourceIP  string
	RequestID string
	HostID    string
}

// Notifier is told of each change before the write is acknowledged; an
// error fails the write with 500 InternalError.
type Notifier interface {
	Notify(ctx context.Context, ev Event) error
}

// Reader opens an object for Lambda's code-from-S3 (version "" = latest).
// Errors: aws.ErrNotFound kinds for a missing bucket, key or version.
type Reader interface {
	Open(ctx context.Context, bucket, key, version string) (io.ReadCloser, int64, error)
}
