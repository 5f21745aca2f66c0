package lambda

import "github.com/virga-dev/virga/internal/aws"

// Kinds of error only Lambda has; the rest are aws's neutral kinds.
var (
	ErrProvisionedNotFound = aws.Refine(aws.ErrNotFound, "provisioned concurrency config not found")
	// ErrCodeSigningConfigNotFound names a code signing configuration that
	// does not exist (none do in Virga).
	ErrCodeSigningConfigNotFound = aws.Refine(aws.ErrNotFound, "code signing config not found")
	ErrPolicyLengthExceeded      = aws.Refine(aws.ErrInvalid, "policy length exceeded")
	// ErrResourceInUse refuses to change what is between states (an event
	// source mapping being created or updated).
	ErrResourceInUse = aws.Refine(aws.ErrConflict, "resource in use")
)
