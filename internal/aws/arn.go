package aws

import "strings"

// ARN is an Amazon Resource Name: arn:partition:service:region:account:resource.
type ARN struct {
	Partition, Service, Region, Account string
	// Resource is everything after the account: "function:name:alias",
	// "log-group:name", "my-queue".
	Resource string
}

// ParseARN splits an ARN into its parts; ok is false when s is not one.
func ParseARN(s string) (a ARN, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] == "" {
		return ARN{}, false
	}
	return ARN{Partition: parts[1], Service: parts[2], Region: parts[3], Account: parts[4], Resource: parts[5]}, true
}

func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// Tag is a resource's tag, as the query and json services list them.
type Tag struct {
	Key   string
	Value string
}
