package sns

import (
	"errors"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/pattern"
)

// Filter policy scopes.
const (
	scopeAttributes = "MessageAttributes"
	scopeBody       = "MessageBody"
)

// filter is a subscription's compiled filter policy.
type filter struct {
	p    *pattern.Pattern
	body bool
}

// compileFilter compiles a filter policy for its scope; subscribing words
// the error as Subscribe does.
func compileFilter(policy, scope string, subscribing bool) (*filter, error) {
	opts := []pattern.Option{pattern.SNS()}
	if scope == scopeBody {
		opts = append(opts, pattern.MessageBody())
	}
	p, err := pattern.Compile([]byte(policy), opts...)
	var pe *pattern.Error
	switch {
	case errors.As(err, &pe) && subscribing:
		return nil, aws.Errorf(aws.ErrInvalid, "Invalid parameter: Attributes Reason: %s", strings.TrimPrefix(pe.Message, "Invalid parameter: "))
	case errors.As(err, &pe):
		return nil, aws.Errorf(aws.ErrInvalid, "%s", pe.Message)
	case err != nil:
		return nil, invalid("FilterPolicy: %v", err)
	}
	return &filter{p: p, body: scope == scopeBody}, nil
}

// match tells whether m passes the filter: its body, parsed as JSON, or
// its attributes, each as the value its type gives it.
func (f *filter) match(m *message, body string) bool {
	if f == nil {
		return true
	}
	if f.body {
		return f.p.Match([]byte(body))
	}
	event := make(map[string]any, len(m.Attributes))
	for name, a := range m.Attributes {
		if v, ok := pattern.AttributeValue(a.DataType, a.StringValue); ok {
			event[name] = v
		}
	}
	return f.p.MatchValue(event)
}
