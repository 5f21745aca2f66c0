package objects

import "github.com/virga-dev/virga/internal/aws"

// S3's own error kinds, each a refinement of the neutral kind it answers
// like, so that a service without S3's table still maps them.
var ErrNoSuchBucket = aws.Refine(aws.ErrNotFound, "NoSuchBucket")
var ErrNoSuchKey = aws.Refine(aws.ErrNotFound, "NoSuchKey")
var ErrNoSuchUpload = aws.Refine(aws.ErrNotFound, "NoSuchUpload")
var ErrNoSuchVersion = aws.Refine(aws.ErrNotFound, "NoSuchVersion")
var ErrBucketOwnedByYou = aws.Refine(aws.ErrAlreadyExists, "BucketAlreadyOwnedByYou")
var ErrBucketExists = aws.Refine(aws.ErrAlreadyExists, "BucketAlreadyExists")
var ErrBucketNotEmpty = aws.Refine(aws.ErrConflict, "BucketNotEmpty")
var ErrInvalidBucketName = aws.Refine(aws.ErrInvalid, "InvalidBucketName")
var ErrKeyTooLong = aws.Refine(aws.ErrInvalid, "KeyTooLongError")
var ErrEntityTooLarge = aws.Refine(aws.ErrTooLarge, "EntityTooLarge")
var ErrEntityTooSmall = aws.Refine(aws.ErrInvalid, "EntityTooSmall")
var ErrInvalidPart = aws.Refine(aws.ErrInvalid, "InvalidPart")
var ErrInvalidPartOrder = aws.Refine(aws.ErrInvalid, "InvalidPartOrder")
var ErrBadDigest = aws.Refine(aws.ErrInvalid, "BadDigest")
var ErrInvalidRange = aws.Refine(aws.ErrInvalid, "InvalidRange")
var ErrPreconditionFailed = aws.Refine(aws.ErrPreconditionFailed, "PreconditionFailed")
var ErrNotModified = aws.Refine(aws.ErrPreconditionFailed, "NotModified")
var ErrNoSuchBucketPolicy = aws.Refine(aws.ErrNotFound, "NoSuchBucketPolicy")
var ErrNoSuchTagSet = aws.Refine(aws.ErrNotFound, "NoSuchTagSet")
var ErrInvalidArgument = aws.Refine(aws.ErrInvalid, "InvalidArgument")
var ErrInvalidRequest = aws.Refine(aws.ErrInvalid, "InvalidRequest")
var ErrMalformedPolicy = aws.Refine(aws.ErrInvalid, "MalformedPolicy")
var ErrInvalidTag = aws.Refine(aws.ErrInvalid, "InvalidTag")
var ErrInvalidDigest = aws.Refine(aws.ErrInvalid, "InvalidDigest")
var ErrInvalidLocation = aws.Refine(aws.ErrInvalid, "InvalidLocationConstraint")
var ErrIllegalLocation = aws.Refine(aws.ErrInvalid, "IllegalLocationConstraintException")
