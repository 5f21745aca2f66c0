package control

import "github.com/virga-dev/virga/internal/lambda"

// CreateFunctionInput is CreateFunction's request body.
type CreateFunctionInput struct {
	FunctionName     string
	Runtime          string
	Role             string
	Handler          string
	Code             *FunctionCodeInput
	Description      *string
	Timeout          *int
	MemorySize       *int
	Publish          bool
	PackageType      string
	DeadLetterConfig *lambda.DeadLetterConfig
	Environment      *lambda.Environment
	KMSKeyArn        string
	TracingConfig    *lambda.TracingConfig
	Tags             map[string]string
	Layers           []string
	Architectures    []string
	EphemeralStorage *lambda.EphemeralStorage
	SnapStart        *SnapStartInput
	LoggingConfig    *lambda.LoggingConfig
}

// SnapStartInput is the SnapStart member of a create or update.
type SnapStartInput struct {
	ApplyOn string
}

// FunctionCodeInput is CreateFunction's Code member.
type FunctionCodeInput struct {
	ZipFile         []byte
	S3Bucket        string
	S3Key           string
	S3ObjectVersion string
	ImageUri        string
}

// UpdateCodeInput is UpdateFunctionCode's request body.
type UpdateCodeInput struct {
	ZipFile         []byte
	S3Bucket        string
	S3Key           string
	S3ObjectVersion string
	ImageUri        string
	Publish         bool
	DryRun          bool
	RevisionId      string
	Architectures   []string
}

// UpdateConfigInput is UpdateFunctionConfiguration's request body.
type UpdateConfigInput struct {
	Role             *string
	Handler          *string
	Description      *string
	Timeout          *int
	MemorySize       *int
	Environment      *lambda.Environment
	Runtime          *string
	DeadLetterConfig *lambda.DeadLetterConfig
	KMSKeyArn        *string
	TracingConfig    *lambda.TracingConfig
	RevisionId       string
	Layers           *[]string
	EphemeralStorage *lambda.EphemeralStorage
	SnapStart        *SnapStartInput
	LoggingConfig    *lambda.LoggingConfig
}
