package objects

import "github.com/virga-dev/virga/internal/aws"

// S3's own error kinds, each a refinement of the neutral kind it answers
// like, so that a service without S3's table still maps them.
var (
	ErrNoSuchBucket       = aws.Refine(aws.ErrNotFound, "NoSuchBucket")
	ErrNoSuchKey          = aws.Refine(aws.ErrNotFound, "NoSuchKey")
	ErrNoSuchUpload       = aws.Refine(aws.ErrNotFound, "NoSuchUpload")
	ErrNoSuchVersion      = aws.Refine(aws.ErrNotFound, "NoSuchVersion")
	ErrBucketOwnedByYou   = aws.Refine(aws.ErrAlreadyExists, "BucketAlreadyOwnedByYou")
	ErrBucketExists       = aws.Refine(aws.ErrAlreadyExists, "BucketAlreadyExists")
	ErrBucketNotEmpty     = aws.Refine(aws.ErrConflict, "BucketNotEmpty")
	ErrInvalidBucketName  = aws.Refine(aws.ErrInvalid, "InvalidBucketName")
	ErrKeyTooLong         = aws.Refine(aws.ErrInvalid, "KeyTooLongError")
	ErrEntityTooLarge     = aws.Refine(aws.ErrTooLarge, "EntityTooLarge")
	ErrEntityTooSmall     = aws.Refine(aws.ErrInvalid, "EntityTooSmall")
	ErrInvalidPart        = aws.Refine(aws.ErrInvalid, "InvalidPart")
	ErrInvalidPartOrder   = aws.Refine(aws.ErrInvalid, "InvalidPartOrder")
	ErrBadDigest          = aws.Refine(aws.ErrInvalid, "BadDigest")
	ErrInvalidRange       = aws.Refine(aws.ErrInvalid, "InvalidRange")
	ErrPreconditionFailed = aws.Refine(aws.ErrPreconditionFailed, "PreconditionFailed")
	ErrNotModified        = aws.Refine(aws.ErrPreconditionFailed, "NotModified")
	ErrNoSuchBucketPolicy = aws.Refine(aws.ErrNotFound, "NoSuchBucketPolicy")
	ErrNoSuchTagSet       = aws.Refine(aws.ErrNotFound, "NoSuchTagSet")
	ErrInvalidArgument    = aws.Refine(aws.ErrInvalid, "InvalidArgument")
	ErrInvalidRequest     = aws.Refine(aws.ErrInvalid, "InvalidRequest")
	ErrMalformedPolicy    = aws.Refine(aws.ErrInvalid, "MalformedPolicy")
	ErrInvalidTag         = aws.Refine(aws.ErrInvalid, "InvalidTag")
	ErrInvalidDigest      = aws.Refine(aws.ErrInvalid, "InvalidDigest")
	ErrInvalidLocation    = aws.Refine(aws.ErrInvalid, "InvalidLocationConstraint")
	ErrIllegalLocation    = aws.Refine(aws.ErrInvalid, "IllegalLocationConstraintException")
)
