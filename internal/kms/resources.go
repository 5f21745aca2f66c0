package kms

import (
	"encoding/json"
)

// keyRef is the member most operations name their key by.
type keyRef struct {
	KeyId string
}

// peek decodes the body into v without consuming it: Resource runs before
// Handle and both read the input.
func (c *call) peek(v any) error {
	if len(c.Body) == 0 {
		return nil
	}
	return json.Unmarshal(c.Body, v)
}

// keyResource is the ARN of the key the call names, as IAM policies name
// it; an alias is resolved to its key, as KMS authorizes.
func (s *Server) keyResource(c *call) (string, error) {
	var in keyRef
	if err := c.peek(&in); err != nil || in.KeyId == "" {
		return "*", nil // the handler reports the bad input
	}
	md, err := s.keys.Describe(c.R.Context(), c.Account(), in.KeyId)
	if err != nil {
		return "*", nil
	}
	return md.Arn, nil
}

// blobResource is the ARN of the key a ciphertext blob names.
func (s *Server) blobResource(c *call) (string, error) {
	var in struct {
		CiphertextBlob []byte
	}
	if err := c.peek(&in); err != nil {
		return "*", nil
	}
	bl, err := parseBlob(in.CiphertextBlob)
	if err != nil {
		return "*", nil
	}
	return s.keys.keyARN(c.Account(), bl.keyID), nil
}

// aliasResource is the ARN of the alias the call names.
func (s *Server) aliasResource(c *call) (string, error) {
	var in struct {
		AliasName string
	}
	if err := c.peek(&in); err != nil || in.AliasName == "" {
		return "*", nil
	}
	return s.keys.aliasARN(c.Account(), in.AliasName), nil
}
