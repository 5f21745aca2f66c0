package s3notify

import (
	"encoding/base64"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/targets"
)

// knownEvents are the event types of S3's model.
var knownEvents = setOf(strings.Fields(`s3:ReducedRedundancyLostObject s3:ObjectCreated:* s3:ObjectCreated:Put
		s3:ObjectCreated:Post s3:ObjectCreated:Copy s3:ObjectCreated:CompleteMultipartUpload s3:ObjectRemoved:*
		s3:ObjectRemoved:Delete s3:ObjectRemoved:DeleteMarkerCreated s3:ObjectRestore:* s3:ObjectRestore:Post
		s3:ObjectRestore:Completed s3:Replication:* s3:Replication:OperationFailedReplication
		s3:Replication:OperationNotTracked s3:Replication:OperationMissedThreshold
		s3:Replication:OperationReplicatedAfterThreshold s3:ObjectRestore:Delete s3:LifecycleTransition
		s3:IntelligentTiering s3:ObjectAcl:Put s3:LifecycleExpiration:* s3:LifecycleExpiration:Delete
		s3:LifecycleExpiration:DeleteMarkerCreated s3:ObjectTagging:* s3:ObjectTagging:Put s3:ObjectTagging:Delete`))

func setOf(items []string) map[string]bool {
	set := make(map[string]bool, len(items))
	for _, s := range items {
		set[s] = true
	}
	return set
}

// maxRuleValue bounds a filter rule's value, in bytes.
const maxRuleValue = 1024

// invalid is S3's InvalidArgument.
func invalid(message string, members ...aws.Member) error {
	return &aws.Error{Kind: aws.ErrInvalid, Code: "InvalidArgument", Message: message, Members: members}
}

// Check applies S3's rules to a parsed configuration: known events,
// prefix and suffix rules, destination ARNs of the right service, no two
// configurations that could both take an event. It names the rules
// "Prefix" and "Suffix", as S3 answers them, and gives every
// configuration without an id one.
func (c *Configuration) Check() error {
	kinds := []struct {
		list *[]Target
		kind string
	}{{&c.Topics, targets.KindTopic}, {&c.Queues, targets.KindQueue}, {&c.Functions, targets.KindFunction}}
	for _, k := range kinds {
		for i := range *k.list {
			if err := checkTarget(&(*k.list)[i], k.kind); err != nil {
				return err
			}
		}
	}
	return checkOverlap(c.targets())
}

// checkTarget checks one configuration.
func checkTarget(t *Target, kind string) error {
	for _, e := range t.Events {
		if !knownEvents[e] {
			return invalid("The event is not supported for notifications")
		}
	}
	if k, ok := targets.Kind(t.arn()); !ok || k != kind {
		return invalid("The ARN could not be parsed")
	}
	if t.ID == "" {
		t.ID = base64.StdEncoding.EncodeToString([]byte(lambda.NewUUID()))
	}
	if t.Filter == nil {
		return nil
	}
	return checkRules(t.Filter.Key.Rules)
}

// checkRules allows one prefix and one suffix rule, of bounded size.
func checkRules(rules []FilterRule) error {
	seen := map[string]bool{}
	for i, r := range rules {
		name := strings.ToLower(r.Name)
		switch {
		case name != "prefix" && name != "suffix":
			return invalid("filter rule name must be either prefix or suffix")
		case seen[name]:
			return invalid("Cannot specify more than one " + name + " rule in a filter.")
		case len(r.Value) > maxRuleValue:
			return invalid("Size of filter rule value cannot exceed 1024 bytes in UTF-8 representation")
		}
		seen[name] = true
		rules[i].Name = strings.ToUpper(name[:1]) + name[1:]
	}
	return nil
}

// checkOverlap refuses two configurations that share an event type and
// whose filters some key passes both.
func checkOverlap(all []Target) error {
	for i := range all {
		for _, other := range all[i+1:] {
			if eventsOverlap(all[i].Events, other.Events) && filtersOverlap(all[i], other) {
				return invalid("Configurations overlap. Configurations on the same bucket cannot share a common event type.")
			}
		}
	}
	return nil
}

// eventsOverlap tells whether an event type is in both lists, a wildcard
// covering the other's type.
func eventsOverlap(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if covers(x, y) || covers(y, x) {
				return true
			}
		}
	}
	return false
}

// covers tells whether event type pattern includes event type e.
func covers(pattern, e string) bool {
	family, wild := strings.CutSuffix(pattern, "*")
	return pattern == e || wild && strings.HasPrefix(e, family)
}

// filtersOverlap tells whether some key passes both filters: the prefixes
// are one a prefix of the other, the suffixes one a suffix of the other.
func filtersOverlap(a, b Target) bool {
	pa, pb, sa, sb := a.prefix(), b.prefix(), a.suffix(), b.suffix()
	return (strings.HasPrefix(pa, pb) || strings.HasPrefix(pb, pa)) &&
		(strings.HasSuffix(sa, sb) || strings.HasSuffix(sb, sa))
}
