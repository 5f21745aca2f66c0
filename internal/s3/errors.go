package s3

import (
	"errors"
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
	"github.com/virga-dev/virga/internal/sigv4"
)

// errorCodes is S3's one table from error kind to code and status.
var errorCodes = awsproto.Errors{
	aws.ErrInternal:           {Code: "InternalError", Status: 500},
	aws.ErrNotFound:           {Code: "NotFound", Status: 404},
	aws.ErrAlreadyExists:      {Code: "AlreadyExists", Status: 409},
	aws.ErrConflict:           {Code: "OperationAborted", Status: 409},
	aws.ErrInvalid:            {Code: "InvalidArgument", Status: 400},
	aws.ErrValidation:         {Code: "InvalidArgument", Status: 400},
	aws.ErrMalformed:          {Code: "MalformedXML", Status: 400},
	aws.ErrPreconditionFailed: {Code: "PreconditionFailed", Status: 412},
	aws.ErrTooLarge:           {Code: "EntityTooLarge", Status: 400},
	aws.ErrLimitExceeded:      {Code: "TooManyBuckets", Status: 400},
	aws.ErrThrottled:          {Code: "SlowDown", Status: 503},
	aws.ErrAccessDenied:       {Code: "AccessDenied", Status: 403},
	aws.ErrUnauthenticated:    {Code: "AccessDenied", Status: 403},
	aws.ErrUnsupportedMedia:   {Code: "InvalidArgument", Status: 400},
	aws.ErrUnknownOperation:   {Code: "NotImplemented", Status: 501},

	objects.ErrNoSuchBucket:       {Code: "NoSuchBucket", Status: 404},
	objects.ErrNoSuchKey:          {Code: "NoSuchKey", Status: 404},
	objects.ErrNoSuchUpload:       {Code: "NoSuchUpload", Status: 404},
	objects.ErrNoSuchVersion:      {Code: "NoSuchVersion", Status: 404},
	objects.ErrNoSuchBucketPolicy: {Code: "NoSuchBucketPolicy", Status: 404},
	objects.ErrNoSuchTagSet:       {Code: "NoSuchTagSet", Status: 404},
	objects.ErrBucketOwnedByYou:   {Code: "BucketAlreadyOwnedByYou", Status: 409},
	objects.ErrBucketExists:       {Code: "BucketAlreadyExists", Status: 409},
	objects.ErrBucketNotEmpty:     {Code: "BucketNotEmpty", Status: 409},
	objects.ErrInvalidBucketName:  {Code: "InvalidBucketName", Status: 400},
	objects.ErrKeyTooLong:         {Code: "KeyTooLongError", Status: 400},
	objects.ErrEntityTooLarge:     {Code: "EntityTooLarge", Status: 400},
	objects.ErrEntityTooSmall:     {Code: "EntityTooSmall", Status: 400},
	objects.ErrInvalidPart:        {Code: "InvalidPart", Status: 400},
	objects.ErrInvalidPartOrder:   {Code: "InvalidPartOrder", Status: 400},
	objects.ErrBadDigest:          {Code: "BadDigest", Status: 400},
	objects.ErrInvalidDigest:      {Code: "InvalidDigest", Status: 400},
	objects.ErrInvalidRange:       {Code: "InvalidRange", Status: 416},
	objects.ErrPreconditionFailed: {Code: "PreconditionFailed", Status: 412},
	objects.ErrNotModified:        {Code: "NotModified", Status: 304},
	objects.ErrInvalidArgument:    {Code: "InvalidArgument", Status: 400},
	objects.ErrInvalidRequest:     {Code: "InvalidRequest", Status: 400},
	objects.ErrMalformedPolicy:    {Code: "MalformedPolicy", Status: 400},
	objects.ErrInvalidTag:         {Code: "InvalidTag", Status: 400},
	objects.ErrInvalidLocation:    {Code: "InvalidLocationConstraint", Status: 400},
	objects.ErrIllegalLocation:    {Code: "IllegalLocationConstraintException", Status: 400},
}

// signing renames the front door's signature refusals as S3 answers them.
var signing = map[string]struct {
	code    string
	status  int
	message string
}{
	"InvalidSignatureException":           {"SignatureDoesNotMatch", http.StatusForbidden, "The request signature we calculated does not match the signature you provided. Check your key and signing method."},
	"UnrecognizedClientException":         {"InvalidAccessKeyId", http.StatusForbidden, "The AWS Access Key Id you provided does not exist in our records."},
	"MissingAuthenticationTokenException": {"AccessDenied", http.StatusForbidden, "Access Denied"},
	"IncompleteSignatureException":        {"AuthorizationHeaderMalformed", http.StatusBadRequest, ""},
	"ExpiredTokenException":               {"ExpiredToken", http.StatusBadRequest, "The provided token has expired."},
	"AuthorizationQueryParametersError":   {"AuthorizationQueryParametersError", http.StatusBadRequest, ""},
	"XAmzContentSHA256Mismatch":           {"XAmzContentSHA256Mismatch", http.StatusBadRequest, ""},
	"IncompleteBody":                      {"IncompleteBody", http.StatusBadRequest, ""},
}

// rename gives a signature refusal S3's code, status and message.
func rename(f awsproto.Fault) awsproto.Fault {
	if s, ok := signing[f.Code]; ok {
		f.Code, f.Status = s.code, s.status
		if s.message != "" {
			f.Message = s.message
		}
	}
	return f
}

// bodyError gives a refusal of the body by its signature check S3's code.
func bodyError(err error) error {
	var se *sigv4.Error
	if errors.As(err, &se) {
		return &aws.Error{Kind: aws.ErrUnauthenticated, Code: se.Code, Message: se.Message}
	}
	return err
}
