package control

import (
	"context"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// UpdateFunctionCode replaces the code of $LATEST.
func (s *Service) UpdateFunctionCode(ctx context.Context, ref arn.Function, in UpdateCodeInput) (lambda.FunctionConfiguration, error) {
	up, err := s.upload(ctx, codeSource{zip: in.ZipFile, bucket: in.S3Bucket, key: in.S3Key, version: in.S3ObjectVersion, image: in.ImageUri})
	if err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	return s.update(ctx, ref, in.RevisionId, in.DryRun, func(rec *record) error {
		if err := checkCombinedSize(up.unzipSize, rec.Layers); err != nil {
			return err
		}
		rec.Latest.CodeSha256, rec.Latest.CodeSize = up.sha256, int64(len(up.data))
		if len(in.Architectures) > 0 {
			rec.Latest.Architectures = in.Architectures
		}
		rec.CodeBlob, rec.CodeUnzipped = up.blob, up.unzipSize
		rec.PublishPending = in.Publish
		if in.DryRun {
			return nil
		}
		return s.storeCode(ctx, up)
	})
}

// UpdateFunctionConfiguration changes the settings of $LATEST.
func (s *Service) UpdateFunctionConfiguration(ctx context.Context, ref arn.Function, in UpdateConfigInput) (lambda.FunctionConfiguration, error) {
	if in.Role != nil && roleRE.MatchString(*in.Role) {
		if err := s.checkRole(ctx, *in.Role); err != nil {
			return lambda.FunctionConfiguration{}, err
		}
	}
	if in.KMSKeyArn != nil {
		if err := s.checkKey(ctx, *in.KMSKeyArn); err != nil {
			return lambda.FunctionConfiguration{}, err
		}
	}
	if d := in.DeadLetterConfig; d != nil && deadLetterRE.MatchString(d.TargetArn) {
		if err := s.checkDeadLetter(ctx, deadLetter(d)); err != nil {
			return lambda.FunctionConfiguration{}, err
		}
	}
	return s.update(ctx, ref, in.RevisionId, false, func(rec *record) error {
		applyConfig(&rec.Latest, in)
		if in.Layers == nil {
			return nil
		}
		return s.setLayers(ctx, rec, *in.Layers)
	})
}

// update runs one read-modify-write of $LATEST with AWS's preconditions and
// leaves the function InProgress until settle finishes it.
func (s *Service) update(ctx context.Context, ref arn.Function, revisionID string, dryRun bool, change func(*record) error) (lambda.FunctionConfiguration, error) {
	if ref.Qualifier != "" && ref.Qualifier != lambda.LatestVersion {
		return lambda.FunctionConfiguration{}, arn.ConstraintError(ref.Name+":"+ref.Qualifier, "functionName", "Member must not be qualified")
	}
	rec, err := s.modify(ctx, ref, func(rec *record) error {
		if err := checkUpdatable(rec.Latest, revisionID); err != nil {
			return err
		}
		if err := change(rec); err != nil {
			return err
		}
		if err := validateConfig(&rec.Latest); err != nil {
			return err
		}
		if dryRun {
			return store.Keep
		}
		inProgress(&rec.Latest)
		return nil
	})
	if err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	if !dryRun {
		s.settle(rec.Latest.FunctionName)
	}
	return publishing(rec, true), nil
}

func checkUpdatable(c lambda.FunctionConfiguration, revisionID string) error {
	if revisionID != "" && revisionID != c.RevisionId {
		return aws.Errorf(aws.ErrPreconditionFailed,
			"The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id")
	}
	if c.State == lambda.StatePending {
		return aws.Errorf(aws.ErrConflict,
			"The operation cannot be performed at this time. The function is currently in the following state: Pending")
	}
	if c.LastUpdateStatus == lambda.UpdateInProgress {
		return aws.Errorf(aws.ErrConflict,
			"The operation cannot be performed at this time. An update is in progress for resource: %s", c.FunctionArn)
	}
	return nil
}

func inProgress(c *lambda.FunctionConfiguration) {
	c.LastModified = lambda.Timestamp(time.Now())
	c.RevisionId = lambda.NewUUID()
	c.LastUpdateStatus = lambda.UpdateInProgress
	c.LastUpdateStatusReason = "The function is being created."
	c.LastUpdateStatusReasonCode = "Creating"
}

func applyConfig(c *lambda.FunctionConfiguration, in UpdateConfigInput) {
	setString(&c.Role, in.Role)
	setString(&c.Handler, in.Handler)
	setString(&c.Description, in.Description)
	setString(&c.Runtime, in.Runtime)
	setString(&c.KMSKeyArn, in.KMSKeyArn)
	if in.Timeout != nil {
		c.Timeout = *in.Timeout
	}
	if in.MemorySize != nil {
		c.MemorySize = *in.MemorySize
	}
	if in.Environment != nil {
		c.Environment = in.Environment
		if c.Environment.Variables == nil {
			c.Environment.Variables = map[string]string{}
		}
	}
	if in.DeadLetterConfig != nil {
		c.DeadLetterConfig = deadLetter(in.DeadLetterConfig)
	}
	if in.TracingConfig != nil && in.TracingConfig.Mode != "" {
		c.TracingConfig = *in.TracingConfig
	}
	if in.EphemeralStorage != nil {
		c.EphemeralStorage = *in.EphemeralStorage
	}
	applySnapStart(c, in.SnapStart)
	mergeLogging(&c.LoggingConfig, in.LoggingConfig)
}

func setString(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}
