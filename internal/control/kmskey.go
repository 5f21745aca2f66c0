package control

import (
	"context"
	"fmt"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// Keys tells why a KMS key cannot encrypt now (nil when it can).
type Keys interface {
	Usable(ctx context.Context, account, ref string) error
}

// checkKey refuses a KMSKeyArn that names no usable key, with the text
// Lambda answers when it cannot use a key.
func (s *Service) checkKey(ctx context.Context, keyARN string) error {
	if s.cfg.Keys == nil || keyARN == "" {
		return nil
	}
	if strings.Contains(keyARN, ":alias/") {
		return aws.Errorf(aws.ErrInvalid, cannotUseKey+"InvalidArnException KMS Message: Key Aliases are not supported for this operation.")
	}
	err := s.cfg.Keys.Usable(ctx, s.cfg.Account, keyARN)
	if err == nil {
		return nil
	}
	e, ok := aws.As(err)
	if !ok {
		return fmt.Errorf("check KMS key: %w", err)
	}
	return aws.Errorf(aws.ErrInvalid, cannotUseKey+"%s KMS Message: %s", kmsCode(e), e.Message)
}

const cannotUseKey = "Lambda was unable to configure access to your environment variables because the KMS key is invalid for CreateGrant. " +
	"Please check your KMS key settings. KMS Exception: "

// kmsCode is the KMS error code of the kinds a key check returns.
func kmsCode(e *aws.Error) string {
	switch {
	case e.Code != "":
		return e.Code
	case e.Kind == aws.ErrNotFound:
		return "NotFoundException"
	}
	return "KMSInvalidStateException"
}
