package kms

import (
	"github.com/virga-dev/virga/internal/aws"
)

type encryptInput struct {
	KeyId               string
	Plaintext           []byte
	EncryptionContext   map[string]string
	EncryptionAlgorithm string
}

// cipherOutput is what Encrypt, Decrypt, ReEncrypt and the data key
// operations answer with.
type cipherOutput struct {
	CiphertextBlob      []byte `json:"CiphertextBlob,omitempty"`
	Plaintext           []byte `json:"Plaintext,omitempty"`
	KeyId               string
	EncryptionAlgorithm string `json:"EncryptionAlgorithm,omitempty"`
	SourceKeyId         string `json:"SourceKeyId,omitempty"`
}

func (s *Server) encrypt(c *call, in encryptInput) (any, error) {
	if err := firstError(checkLength("plaintext", in.Plaintext, 4096), checkAlgorithm(in.EncryptionAlgorithm)); err != nil {
		return nil, err
	}
	blob, md, err := s.keys.Encrypt(c.R.Context(), c.Account(), in.KeyId, in.Plaintext, in.EncryptionContext)
	return cipherOutput{CiphertextBlob: blob, KeyId: md.Arn, EncryptionAlgorithm: "SYMMETRIC_DEFAULT"}, err
}

// firstError is the first of errs that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkLength holds a blob member to 1..most bytes.
func checkLength(member string, b []byte, most int) error {
	switch {
	case b == nil:
		return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", member)
	case len(b) == 0:
		return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to 1", member)
	case len(b) > most:
		return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", member, most)
	}
	return nil
}

func checkAlgorithm(a string) error {
	if a != "" && a != "SYMMETRIC_DEFAULT" {
		return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value '%s' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT]", a)
	}
	return nil
}

type decryptInput struct {
	CiphertextBlob      []byte
	KeyId               string
	EncryptionContext   map[string]string
	EncryptionAlgorithm string
}

func (s *Server) decrypt(c *call, in decryptInput) (any, error) {
	if err := firstError(checkLength("ciphertextBlob", in.CiphertextBlob, 6144), checkAlgorithm(in.EncryptionAlgorithm)); err != nil {
		return nil, err
	}
	plain, md, err := s.keys.Decrypt(c.R.Context(), c.Account(), in.KeyId, in.CiphertextBlob, in.EncryptionContext)
	return cipherOutput{Plaintext: plain, KeyId: md.Arn, EncryptionAlgorithm: "SYMMETRIC_DEFAULT"}, err
}

type reEncryptInput struct {
	CiphertextBlob               []byte
	SourceKeyId                  string
	SourceEncryptionContext      map[string]string
	DestinationKeyId             string
	DestinationEncryptionContext map[string]string
}

func (s *Server) reEncrypt(c *call, in reEncryptInput) (any, error) {
	if err := checkLength("ciphertextBlob", in.CiphertextBlob, 6144); err != nil {
		return nil, err
	}
	ctx, account := c.R.Context(), c.Account()
	plain, from, err := s.keys.Decrypt(ctx, account, in.SourceKeyId, in.CiphertextBlob, in.SourceEncryptionContext)
	if err != nil {
		return nil, err
	}
	blob, to, err := s.keys.Encrypt(ctx, account, in.DestinationKeyId, plain, in.DestinationEncryptionContext)
	return cipherOutput{CiphertextBlob: blob, KeyId: to.Arn, SourceKeyId: from.Arn}, err
}

func (s *Server) generateDataKey(c *call, in dataKeyInput) (any, error) {
	return s.dataKey(c, in, true)
}

func (s *Server) generateDataKeyWithoutPlaintext(c *call, in dataKeyInput) (any, error) {
	return s.dataKey(c, in, false)
}

func (s *Server) dataKey(c *call, in dataKeyInput, withPlaintext bool) (any, error) {
	n, err := in.size()
	if err != nil {
		return nil, err
	}
	plain, blob, md, err := s.keys.DataKey(c.R.Context(), c.Account(), in.KeyId, n, in.EncryptionContext)
	out := cipherOutput{CiphertextBlob: blob, KeyId: md.Arn}
	if withPlaintext {
		out.Plaintext = plain
	}
	return out, err
}
