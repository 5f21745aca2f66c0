package kms

import (
	"encoding/json"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// authorize lets every account use its own keys and refuses it another
// account's key by ARN, as KMS does without a key policy that allows it.
func authorize(c *awsproto.Call) error {
	if c.Operation.Resource == nil {
		return nil
	}
	resource, err := c.Operation.Resource(c)
	if err != nil {
		return err
	}
	if a, ok := aws.ParseARN(resource); ok && a.Account != c.Account() {
		return aws.AccessDenied(c.Account(), c.Operation.IAMAction("kms"), resource, true)
	}
	return nil
}

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
// it: a key ARN as it is, an alias resolved to its key, as KMS authorizes.
func (s *Server) keyResource(c *call) (string, error) {
	var in keyRef
	if err := c.peek(&in); err != nil || in.KeyId == "" {
		return "*", nil // the handler reports the bad input
	}
	if strings.HasPrefix(in.KeyId, "arn:") {
		return in.KeyId, nil
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
