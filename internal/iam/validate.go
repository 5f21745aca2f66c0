package iam

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

var (
	nameRE = regexp.MustCompile(`^[\w+=,.@-]+$`)
	pathRE = regexp.MustCompile(`^(/|/[\x21-\x7E]+/)$`)
)

// Quotas IAM documents and Virga enforces.
const (
	maxTrustPolicy    = 2048  // ACLSizePerRole
	maxInlinePolicies = 10240 // RolePolicySizeQuota, all inline policies of a role
	maxManagedPolicy  = 6144  // PolicySize
	maxAttached       = 10    // PoliciesPerRole
	maxTags           = 50
)

// constraint is IAM's message for a request member out of its model's bounds.
func constraint(value any, member, rule string) error {
	if value == nil {
		return aws.Errorf(aws.ErrValidation, "1 validation error detected: Value null at '%s' failed to satisfy constraint: %s", member, rule)
	}
	return aws.Errorf(aws.ErrValidation, "1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s", value, member, rule)
}

func checkName(name, member string, max int) error {
	switch {
	case name == "":
		return constraint(nil, member, "Member must not be null")
	case len(name) > max:
		return constraint(name, member, "Member must have length less than or equal to "+strconv.Itoa(max))
	case !nameRE.MatchString(name):
		return constraint(name, member, `Member must satisfy regular expression pattern: [\w+=,.@-]+`)
	}
	return nil
}

// checkPath validates a path and returns it, "/" when absent.
func checkPath(path string) (string, error) {
	if path == "" {
		return "/", nil
	}
	if len(path) > 512 || !pathRE.MatchString(path) {
		return "", constraint(path, "path", `Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)`)
	}
	return path, nil
}

func checkDescription(d string) error {
	if len([]rune(d)) > 1000 {
		return constraint(d, "description", "Member must have length less than or equal to 1000")
	}
	return nil
}

func checkSessionDuration(n int) error {
	if n != 0 && (n < 3600 || n > 43200) {
		return constraint(n, "maxSessionDuration", "Member must have value between 3600 and 43200")
	}
	return nil
}

// checkDocument accepts a policy document that is a JSON object with
// statements and returns its size as IAM counts it, without whitespace.
func checkDocument(doc, member string) (int, error) {
	if doc == "" {
		return 0, constraint(nil, member, "Member must not be null")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(doc)); err != nil {
		return 0, aws.Errorf(ErrMalformedPolicy, "This policy contains invalid Json")
	}
	var shape struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal(buf.Bytes(), &shape); err != nil || len(shape.Statement) == 0 || string(shape.Statement) == "null" {
		return 0, aws.Errorf(ErrMalformedPolicy, "Syntax errors in policy.")
	}
	return buf.Len(), nil
}

// Tag is a key and value attached to a role.
type Tag = aws.Tag

func checkTags(tags []Tag) error {
	if len(tags) > maxTags {
		return constraint("[...]", "tags", "Member must have length less than or equal to 50")
	}
	seen := map[string]bool{}
	for _, t := range tags {
		switch {
		case t.Key == "" || len([]rune(t.Key)) > 128:
			return constraint(t.Key, "tags.member.key", "Member must have length between 1 and 128")
		case len([]rune(t.Value)) > 256:
			return constraint(t.Value, "tags.member.value", "Member must have length less than or equal to 256")
		case seen[strings.ToLower(t.Key)]:
			return aws.Errorf(aws.ErrInvalid, "Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[strings.ToLower(t.Key)] = true
	}
	return nil
}

// mergeTags sets tags on old, replacing values of keys it has (keys are
// compared without regard to case, as IAM does).
func mergeTags(old, tags []Tag) []Tag {
	out := append([]Tag(nil), old...)
	for _, t := range tags {
		replaced := false
		for i := range out {
			if strings.EqualFold(out[i].Key, t.Key) {
				out[i], replaced = t, true
			}
		}
		if !replaced {
			out = append(out, t)
		}
	}
	return out
}
