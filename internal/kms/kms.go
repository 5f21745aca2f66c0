// Package kms is a subset of AWS Key Management Service: symmetric keys
// that never leave Virga's data directory unsealed, their aliases and
// states, and Encrypt, Decrypt, ReEncrypt and data keys, with ciphertext
// blobs that name the key that made them as AWS's do. The Keyring is also
// what other parts of Virga encrypt with (Lambda's environment variables);
// the Service is the KMS API (json 1.1, TrentService) over it.
package kms

import (
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/awsproto"
)

// Server serves the KMS operations over a keyring.
type Server struct {
	keys *Keyring
	now  func() time.Time
}

// New serves the KMS API over keys.
func New(keys *Keyring) *Server { return &Server{keys: keys, now: time.Now} }

// call is one request to a KMS operation.
type call struct{ *awsproto.Call }

// Service is KMS as the front door serves it. Keys belong to the account
// that made them; other accounts reach none of them (Virga has no key
// policies: naming another account's key ARN is AccessDenied), and role sessions use them as their IAM policies allow, each
// operation naming its key's ARN as the resource.
func (s *Server) Service() *awsproto.Service {
	ops := []awsproto.Operation{
		s.op("CreateKey", handle(s.createKey), nil),
		s.op("DescribeKey", handle(s.describeKey), s.keyResource),
		s.op("ListKeys", handle(s.listKeys), nil),
		s.op("EnableKey", handle(s.enableKey), s.keyResource),
		s.op("DisableKey", handle(s.disableKey), s.keyResource),
		s.op("ScheduleKeyDeletion", handle(s.scheduleKeyDeletion), s.keyResource),
		s.op("CancelKeyDeletion", handle(s.cancelKeyDeletion), s.keyResource),
		s.op("Encrypt", handle(s.encrypt), s.keyResource),
		s.op("Decrypt", handle(s.decrypt), s.blobResource),
		s.op("ReEncrypt", handle(s.reEncrypt), s.blobResource),
		s.op("GenerateDataKey", handle(s.generateDataKey), s.keyResource),
		s.op("GenerateDataKeyWithoutPlaintext", handle(s.generateDataKeyWithoutPlaintext), s.keyResource),
		s.op("CreateAlias", handle(s.createAlias), s.aliasResource),
		s.op("DeleteAlias", handle(s.deleteAlias), s.aliasResource),
		s.op("ListAliases", handle(s.listAliases), nil),
	}
	return &awsproto.Service{
		Name:      "kms",
		Protocols: []awsproto.Protocol{awsproto.NewJSON("1.1", "TrentService.", "KMS", ops)},
		Errors:    errorCodes,
		Authorize: authorize,
	}
}

// handle adapts an operation that decodes an In and answers with what it
// returns.
func handle[In any](fn func(c *call, in In) (any, error)) func(*call) error {
	return func(c *call) error {
		var in In
		if err := c.Decode(&in); err != nil {
			return err
		}
		out, err := fn(c, in)
		if err != nil {
			return err
		}
		return c.Reply(http.StatusOK, out)
	}
}

func (s *Server) op(name string, h func(c *call) error, resource func(*call) (string, error)) awsproto.Operation {
	o := awsproto.Operation{Name: name, Handle: func(c *awsproto.Call) error { return h(&call{c}) }}
	if resource != nil {
		o.Resource = func(c *awsproto.Call) (string, error) { return resource(&call{c}) }
	}
	return o
}
