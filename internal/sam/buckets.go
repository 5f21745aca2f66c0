package sam

import (
	"fmt"
	"strings"
)

// Bucket is one AWS::S3::Bucket, with the notifications of every S3
// event of the stack that names it merged into one configuration, as SAM
// merges them.
type Bucket struct {
	Logical, Name string
	Notifications []Notification
}

// Notification is one Type: S3 event: a Lambda configuration of its
// bucket's notification configuration.
type Notification struct {
	Bucket   string // the bucket's name
	Function string // the ARN of the function or its alias
	Events   []string
	Rules    []FilterRule // Filter.S3Key.Rules
}

// FilterRule is one key filter rule: Name prefix or suffix.
type FilterRule struct{ Name, Value string }

// bucketName is the name CloudFormation would give a bucket without a
// BucketName, less its random suffix: lower case, at most 63 characters.
func bucketName(stack, logical string) string {
	return strings.Trim(limit(strings.ToLower(stack+"-"+logical), 63), "-.")
}

// addBucketEvent expands an S3 event; its Bucket is checked against the
// template's buckets once every resource is read.
func (f *Function) addBucketEvent(p map[string]any, opt Options) error {
	n := Notification{Bucket: text(p["Bucket"]), Events: oneOrMore(p["Events"]),
		Function: fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", opt.Region, opt.Account, f.Target())}
	if len(n.Events) == 0 {
		return fmt.Errorf("S3 event needs Events")
	}
	filter, _ := p["Filter"].(map[string]any)
	key, _ := filter["S3Key"].(map[string]any)
	rules, _ := key["Rules"].([]any)
	for _, r := range rules {
		m, _ := r.(map[string]any)
		name := strings.ToLower(text(m["Name"]))
		if name != "prefix" && name != "suffix" {
			return fmt.Errorf("S3 filter rule name %q: want prefix or suffix", text(m["Name"]))
		}
		n.Rules = append(n.Rules, FilterRule{Name: name, Value: text(m["Value"])})
	}
	f.Notifications = append(f.Notifications, n)
	return nil
}

// linkBuckets hands each S3 event to its bucket, which must be one of the
// template's.
func (st *Stack) linkBuckets() error {
	index := map[string]*Bucket{}
	for i := range st.Buckets {
		index[st.Buckets[i].Name] = &st.Buckets[i]
	}
	for _, f := range st.Functions {
		for _, n := range f.Notifications {
			b, ok := index[n.Bucket]
			if !ok {
				return fmt.Errorf("%s: S3 event Bucket %q must be a !Ref to an AWS::S3::Bucket of the template", f.Logical, n.Bucket)
			}
			b.Notifications = append(b.Notifications, n)
		}
	}
	return nil
}

// oneOrMore reads a string or a list of strings.
func oneOrMore(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	return texts(v)
}

// addBucket reads an AWS::S3::Bucket; of its properties only BucketName
// is deployed, and the others are refused (a NotificationConfiguration of
// its own among them: the stack's S3 events make it; Tags: the stack's
// tags are the bucket's).
func (st *Stack) addBucket(logical, name string, p map[string]any) error {
	for k := range p {
		if k != "BucketName" {
			return fmt.Errorf("AWS::S3::Bucket property %s is not supported", k)
		}
	}
	st.Buckets = append(st.Buckets, Bucket{Logical: logical, Name: name})
	return nil
}
