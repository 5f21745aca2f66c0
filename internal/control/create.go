package control

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// CreateFunction validates and stores a new function in state Pending; it
// becomes Active in the background.
func (s *Service) CreateFunction(ctx context.Context, in CreateFunctionInput) (lambda.FunctionConfiguration, error) {
	name, err := s.newFunctionName(in.FunctionName)
	if err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	if err := checkCreateOnly(in); err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	cfg := s.newConfig(name, in)
	if err := validateConfig(&cfg); err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	if err := s.checkRole(ctx, cfg.Role); err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	if err := s.checkKey(ctx, cfg.KMSKeyArn); err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	if err := s.checkDeadLetter(ctx, cfg.DeadLetterConfig); err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	if err := validateTags(in.Tags); err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	var code FunctionCodeInput
	if in.Code != nil {
		code = *in.Code
	}
	up, err := s.upload(ctx, codeSource{zip: code.ZipFile, bucket: code.S3Bucket, key: code.S3Key, version: code.S3ObjectVersion, image: code.ImageUri})
	if err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	layers, codes, err := s.resolveLayers(ctx, in.Layers)
	if err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	if err := checkCombinedSize(up.unzipSize, codes); err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	cfg.CodeSha256, cfg.CodeSize, cfg.Layers = up.sha256, int64(len(up.data)), layers
	if err := s.storeCode(ctx, up); err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	rec := record{Latest: cfg, CodeBlob: up.blob, CodeUnzipped: up.unzipSize, Layers: codes, Tags: in.Tags, PublishPending: in.Publish}
	err = s.create(ctx, rec)
	if errors.Is(err, store.ErrExists) {
		return lambda.FunctionConfiguration{}, aws.Errorf(aws.ErrConflict, "Function already exist: %s", name)
	}
	if err != nil {
		return lambda.FunctionConfiguration{}, err
	}
	s.settle(name)
	return publishing(rec, false), nil
}

// publishing is the configuration a create or update answers with: $LATEST,
// or, when it will also publish, the version it is about to become. As on
// AWS, CreateFunction names that version by the function's unqualified
// ARN, while UpdateFunctionCode answers with the version itself, still
// Pending and without an update status.
func publishing(rec record, update bool) lambda.FunctionConfiguration {
	cfg := rec.Latest
	if !rec.PublishPending {
		return cfg
	}
	n := rec.LastVersion
	if n == 0 || rec.Published != fingerprint(cfg) {
		n++
	}
	cfg.Version = strconv.Itoa(n)
	if update {
		cfg.FunctionArn = arn.Qualified(cfg.FunctionArn, cfg.Version)
		cfg.State, cfg.StateReason, cfg.StateReasonCode = lambda.StatePending, "The function is being created.", "Creating"
		cfg.LastUpdateStatus, cfg.LastUpdateStatusReason, cfg.LastUpdateStatusReasonCode = "", "", ""
	}
	return cfg
}

func (s *Service) newFunctionName(in string) (string, error) {
	ref, err := arn.ParseFunction(in, "functionName")
	if err != nil {
		return "", err
	}
	if ref.Qualifier != "" {
		return "", arn.ConstraintError(in, "functionName", "Member must not be qualified")
	}
	if len(ref.Name) > 64 {
		return "", aws.Errorf(aws.ErrInvalid,
			"1 validation error detected: Value '%s' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64", in)
	}
	return ref.Name, s.checkOwner(ref)
}

func checkCreateOnly(in CreateFunctionInput) error {
	if in.PackageType != "" && in.PackageType != "Zip" {
		return aws.Errorf(aws.ErrInvalid, "Virga runs Zip functions only; PackageType %s is not supported.", in.PackageType)
	}
	return nil
}

func (s *Service) newConfig(name string, in CreateFunctionInput) lambda.FunctionConfiguration {
	cfg := lambda.FunctionConfiguration{
		FunctionName:     name,
		FunctionArn:      s.functionARN(name),
		Runtime:          in.Runtime,
		Role:             in.Role,
		Handler:          in.Handler,
		Timeout:          lambda.DefaultTimeout,
		MemorySize:       lambda.DefaultMemoryMB,
		LastModified:     lambda.Timestamp(time.Now()),
		Version:          lambda.LatestVersion,
		DeadLetterConfig: deadLetter(in.DeadLetterConfig),
		Environment:      in.Environment,
		KMSKeyArn:        in.KMSKeyArn,
		TracingConfig:    lambda.TracingConfig{Mode: "PassThrough"},
		RevisionId:       lambda.NewUUID(),
		State:            lambda.StatePending,
		StateReason:      "The function is being created.",
		StateReasonCode:  "Creating",
		PackageType:      "Zip",
		Architectures:    []string{"x86_64"},
		EphemeralStorage: lambda.EphemeralStorage{Size: lambda.MinTmpMB},
		SnapStart:        lambda.SnapStart{ApplyOn: snapStartNone, OptimizationStatus: "Off"},
		LoggingConfig:    lambda.LoggingConfig{LogFormat: "Text", LogGroup: "/aws/lambda/" + name},
	}
	if in.Description != nil {
		cfg.Description = *in.Description
	}
	if in.Timeout != nil {
		cfg.Timeout = *in.Timeout
	}
	if in.MemorySize != nil {
		cfg.MemorySize = *in.MemorySize
	}
	if in.TracingConfig != nil && in.TracingConfig.Mode != "" {
		cfg.TracingConfig = *in.TracingConfig
	}
	if len(in.Architectures) > 0 {
		cfg.Architectures = in.Architectures
	}
	if in.EphemeralStorage != nil {
		cfg.EphemeralStorage = *in.EphemeralStorage
	}
	applySnapStart(&cfg, in.SnapStart)
	mergeLogging(&cfg.LoggingConfig, in.LoggingConfig)
	return cfg
}

// mergeLogging applies a LoggingConfig update the way Lambda does: switching
// to JSON brings default levels, switching to Text drops them.
func mergeLogging(dst *lambda.LoggingConfig, in *lambda.LoggingConfig) {
	if in == nil {
		return
	}
	if in.LogFormat != "" {
		dst.LogFormat = in.LogFormat
	}
	if in.LogGroup != "" {
		dst.LogGroup = in.LogGroup
	}
	if in.ApplicationLogLevel != "" {
		dst.ApplicationLogLevel = in.ApplicationLogLevel
	}
	if in.SystemLogLevel != "" {
		dst.SystemLogLevel = in.SystemLogLevel
	}
	if dst.LogFormat == "JSON" {
		if dst.ApplicationLogLevel == "" {
			dst.ApplicationLogLevel = "INFO"
		}
		if dst.SystemLogLevel == "" {
			dst.SystemLogLevel = "INFO"
		}
	} else if in.LogFormat == "Text" && in.ApplicationLogLevel == "" && in.SystemLogLevel == "" {
		dst.ApplicationLogLevel, dst.SystemLogLevel = "", ""
	}
}
