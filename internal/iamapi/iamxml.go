package iamapi

import (
	"net/url"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/iam"
)

// The IAM shapes as the query protocol writes them: members by name, lists
// as <member> elements, times in ISO 8601 and policy documents URL-encoded.

// members is a list; it is written even when empty, as IAM does.
type members[T any] struct {
	Member []T `xml:"member"`
}

// truncation ends every paginated result.
type truncation struct {
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

func truncated(next string) truncation { return truncation{IsTruncated: next != "", Marker: next} }

type xmlTag struct{ Key, Value string }

type xmlRole struct {
	Path                     string
	RoleName                 string
	RoleId                   string
	Arn                      string
	CreateDate               string
	AssumeRolePolicyDocument string
	Description              string           `xml:",omitempty"`
	MaxSessionDuration       int              `xml:",omitempty"`
	Tags                     *members[xmlTag] `xml:",omitempty"`
	RoleLastUsed             *struct{}        `xml:",omitempty"`
}

type xmlAttachedPolicy struct{ PolicyName, PolicyArn string }

type xmlPolicy struct {
	PolicyName                    string
	PolicyId                      string
	Arn                           string
	Path                          string
	DefaultVersionId              string
	AttachmentCount               int
	PermissionsBoundaryUsageCount int
	IsAttachable                  bool
	Description                   string `xml:",omitempty"`
	CreateDate                    string
	UpdateDate                    string
	Tags                          *members[xmlTag] `xml:",omitempty"`
}

type xmlPolicyVersion struct {
	Document         string `xml:",omitempty"`
	VersionId        string
	IsDefaultVersion bool
	CreateDate       string
}

// roleXML is a role as GetRole returns it; ListRoles leaves out its tags
// and last use, as IAM does.
func roleXML(r iam.Role, full bool) xmlRole {
	x := xmlRole{
		Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: isoTime(r.CreateDate),
		AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument), Description: r.Description,
		MaxSessionDuration: r.MaxSessionDuration,
	}
	if full {
		x.Tags = tagsXML(r.Tags)
		x.RoleLastUsed = &struct{}{}
	}
	return x
}

func policyXML(p iam.Policy) xmlPolicy {
	return xmlPolicy{
		PolicyName: p.PolicyName, PolicyId: p.PolicyId, Arn: p.Arn, Path: p.Path, DefaultVersionId: p.DefaultVersionId,
		AttachmentCount: p.AttachmentCount, IsAttachable: true, Description: p.Description,
		CreateDate: isoTime(p.CreateDate), UpdateDate: isoTime(p.UpdateDate), Tags: tagsXML(p.Tags),
	}
}

func tagsXML(tags []iam.Tag) *members[xmlTag] {
	if len(tags) == 0 {
		return nil
	}
	out := &members[xmlTag]{}
	for _, t := range tags {
		out.Member = append(out.Member, xmlTag(t))
	}
	return out
}

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// encodeDocument URL-encodes a policy document as IAM returns it, with
// spaces as %20 so that both Go's QueryUnescape and Python's unquote
// restore it.
func encodeDocument(doc string) string {
	return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20")
}
