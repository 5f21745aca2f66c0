package stepfunctions

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/store"
)

// checkToken refuses a token Virga did not make.
func checkToken(token string) error {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(token) > 2048 || !strings.Contains(string(b), "|") {
		return aws.Errorf(errInvalidToken, "Invalid Token: 'Invalid token'")
	}
	return nil
}

// resolve changes a pending token's record.
func (s *Server) resolve(c *awsproto.Call, token string, change func(r *tokenRecord)) error {
	if err := checkToken(token); err != nil {
		return err
	}
	_, err := store.Modify(c.R.Context(), s.b.Tokens, tokenKey(token), func(r *tokenRecord, exists bool) error {
		switch {
		case !exists:
			return aws.Errorf(errTaskMissing, "Task Does Not Exist: '%s'", token)
		case r.Status == tokenClosed:
			return aws.Errorf(errTaskTimedOut, "Task Timed Out: '%s'", token)
		case r.Status != tokenPending:
			return aws.Errorf(errTaskMissing, "Task Does Not Exist: '%s'", token)
		}
		change(r)
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(200, map[string]any{})
}

func (s *Server) sendTaskSuccess(c *awsproto.Call) error {
	var in struct{ TaskToken, Output string }
	if err := c.Decode(&in); err != nil {
		return err
	}
	if len(in.Output) > maxInput {
		return aws.Errorf(errInvalidOutput, "Output exceeds the maximum size of %d bytes.", maxInput)
	}
	if !json.Valid([]byte(in.Output)) {
		return aws.Errorf(errInvalidOutput, "Invalid Output: 'Unexpected token in the output'")
	}
	return s.resolve(c, in.TaskToken, func(r *tokenRecord) { r.Status, r.Output = tokenSucceeded, in.Output })
}

func (s *Server) sendTaskFailure(c *awsproto.Call) error {
	var in struct{ TaskToken, Error, Cause string }
	if err := c.Decode(&in); err != nil {
		return err
	}
	return s.resolve(c, in.TaskToken, func(r *tokenRecord) { r.Status, r.Error, r.Cause = tokenFailed, in.Error, in.Cause })
}

func (s *Server) sendTaskHeartbeat(c *awsproto.Call) error {
	var in struct{ TaskToken string }
	if err := c.Decode(&in); err != nil {
		return err
	}
	return s.resolve(c, in.TaskToken, func(r *tokenRecord) { r.Beat = time.Now() })
}
