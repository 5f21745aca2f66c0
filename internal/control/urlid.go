package control

import (
	"crypto/sha256"
	"strings"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/lambda"
)

// urlConfig is u as the API answers it.
func (s *Service) urlConfig(u FunctionURL) lambda.FunctionURLConfig {
	return lambda.FunctionURLConfig{
		FunctionUrl: s.functionURL(u.ID), FunctionArn: s.urlFunctionARN(u), AuthType: u.AuthType, Cors: u.Cors,
		CreationTime: u.Created, LastModifiedTime: u.Modified, InvokeMode: u.InvokeMode,
	}
}

func (s *Service) urlFunctionARN(u FunctionURL) string {
	return arn.Qualified(s.functionARN(u.Function), u.Qualifier)
}

// functionURL spells a URL id as the server's public address makes it,
// or, without one, as AWS does.
func (s *Service) functionURL(id string) string {
	if s.cfg.FunctionURL != nil {
		return s.cfg.FunctionURL(id)
	}
	return "https://" + id + ".lambda-url." + s.cfg.Region + ".on.aws/"
}

// urlID is the id of the URL of a function's qualifier: 32 lowercase
// letters and digits, as AWS's, and the same every time, so that a URL
// deleted and made again (or made again on a fresh server of the same
// account) keeps its address.
func (s *Service) urlID(function, qualifier string) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	sum := sha256.Sum256([]byte(strings.Join([]string{s.cfg.Account, s.cfg.Region, function, qualifier}, "\x00")))
	id := make([]byte, 32)
	for i := range id {
		id[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(id)
}
