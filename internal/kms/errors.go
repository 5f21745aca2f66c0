package kms

import (
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// KMS's own kinds, each a narrower kind of a neutral one: a disabled key,
// a key pending deletion, a blob no key of the caller's made (or changed
// since), a Decrypt naming another key than the blob's, an alias name KMS
// does not allow, a Marker it did not issue.
var (
	ErrDisabled, ErrInvalidState          = aws.Refine(aws.ErrConflict, "key disabled"), aws.Refine(aws.ErrConflict, "key state invalid")
	ErrInvalidCiphertext, ErrIncorrectKey = aws.Refine(aws.ErrInvalid, "ciphertext invalid"), aws.Refine(aws.ErrInvalid, "incorrect key")
	ErrInvalidAlias, ErrInvalidMarker     = aws.Refine(aws.ErrInvalid, "invalid alias name"), aws.Refine(aws.ErrInvalid, "invalid marker")
)

// errorCodes is how error kinds appear to KMS clients.
var errorCodes = awsproto.ClientErrors("KMSInternalException", map[*aws.Kind]string{
	aws.ErrNotFound: "NotFoundException", aws.ErrAlreadyExists: "AlreadyExistsException", aws.ErrLimitExceeded: "LimitExceededException",
	ErrDisabled: "DisabledException", ErrInvalidState: "KMSInvalidStateException", aws.ErrConflict: "KMSInvalidStateException",
	ErrInvalidCiphertext: "InvalidCiphertextException", ErrIncorrectKey: "IncorrectKeyException",
	ErrInvalidAlias: "InvalidAliasNameException", ErrInvalidMarker: "InvalidMarkerException",
})

func keyNotFound(arn string) error {
	return aws.Errorf(aws.ErrNotFound, "Key '%s' does not exist", arn)
}

func aliasNotFound(arn string) error {
	return aws.Errorf(aws.ErrNotFound, "Alias '%s' is not found.", arn)
}

// errCiphertext is InvalidCiphertextException, which KMS sends without a
// message.
var errCiphertext = aws.Errorf(ErrInvalidCiphertext, "")

var incorrectKey = aws.Errorf(ErrIncorrectKey, "The key ID in the request does not identify a CMK that can perform this operation.")
