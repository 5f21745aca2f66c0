package logsapi

import (
	"encoding/json"

	"github.com/virga-dev/virga/internal/awsproto"
)

// The resources IAM policies name for the Logs operations: a log group as
// arn:aws:logs:region:account:log-group:NAME:*, a stream as
// …:log-group:NAME:log-stream:STREAM.

// named is what an operation's input says about its resource.
type named struct {
	groupRef
	LogStreamName string `json:"logStreamName"`
	ResourceArn   string `json:"resourceArn"`
}

func (s *Server) named(c *awsproto.Call) (named, string, error) {
	var in named
	_ = json.Unmarshal(c.Body, &in) // a malformed body is the handler's to answer
	if in.LogGroupName == "" && in.LogGroupIdentifier == "" {
		return in, "", nil
	}
	name, err := in.name()
	return in, name, err
}

// groupResource is the log group an operation names.
func (s *Server) groupResource(c *awsproto.Call) (string, error) {
	_, name, err := s.named(c)
	if err != nil || name == "" {
		return "*", err
	}
	return s.groupARN(&call{c}, name, true), nil
}

// streamResource is the log stream an operation names.
func (s *Server) streamResource(c *awsproto.Call) (string, error) {
	in, name, err := s.named(c)
	if err != nil || name == "" {
		return "*", err
	}
	return s.groupARN(&call{c}, name, false) + ":log-stream:" + in.LogStreamName, nil
}

// allGroups stands for every log group of the caller's account.
func (s *Server) allGroups(c *awsproto.Call) (string, error) {
	return s.groupARN(&call{c}, "*", false), nil
}

// taggedResource is the ARN a tagging operation names.
func (s *Server) taggedResource(c *awsproto.Call) (string, error) {
	in, _, _ := s.named(c)
	if in.ResourceArn == "" {
		return "*", nil
	}
	return in.ResourceArn, nil
}
