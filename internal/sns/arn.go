package sns

import (
	"regexp"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

var (
	topicNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
	fifoNameRE  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,251}\.fifo$`)
	uuidRE      = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// topicRef is a topic as an ARN names it.
type topicRef struct {
	Region, Account, Name string
}

func (r topicRef) ARN() string { return "arn:aws:sns:" + r.Region + ":" + r.Account + ":" + r.Name }

// key is the topic's key in the topics bucket.
func (r topicRef) key() string { return r.Account + "." + r.Name }

func (r topicRef) fifo() bool { return strings.HasSuffix(r.Name, ".fifo") }

// parseTopicARN reads a topic ARN of this region; member names the
// parameter in the error ("TopicArn").
func (t *Topics) parseTopicARN(s, member string) (topicRef, error) {
	a, ok := aws.ParseARN(s)
	if !ok || a.Service != "sns" || a.Region != t.cfg.Region || !validAccount(a.Account) || !validTopicName(a.Resource) {
		return topicRef{}, invalid("%s", member)
	}
	return topicRef{Region: a.Region, Account: a.Account, Name: a.Resource}, nil
}

func validTopicName(name string) bool {
	return topicNameRE.MatchString(name) || fifoNameRE.MatchString(name)
}

func validAccount(a string) bool {
	if len(a) != 12 {
		return false
	}
	for _, c := range a {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// subscriptionRef is a subscription as its ARN names it: the topic and
// the subscription's id.
type subscriptionRef struct {
	Topic topicRef
	ID    string
}

func (r subscriptionRef) ARN() string { return r.Topic.ARN() + ":" + r.ID }

// parseSubscriptionARN reads a subscription ARN; a malformed one is AWS's
// "Invalid parameter: SubscriptionId".
func (t *Topics) parseSubscriptionARN(s string) (subscriptionRef, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 || !uuidRE.MatchString(s[i+1:]) {
		return subscriptionRef{}, invalid("SubscriptionId")
	}
	topic, err := t.parseTopicARN(s[:i], "SubscriptionId")
	if err != nil {
		return subscriptionRef{}, err
	}
	return subscriptionRef{Topic: topic, ID: s[i+1:]}, nil
}
