package sns

import (
	"maps"
	"slices"

	"github.com/virga-dev/virga/internal/aws"
)

// The SNS shapes as the query protocol writes them: lists as <member>
// elements, attribute maps as <entry><key/><value/></entry>.

// members is a list; it is written even when empty, as SNS does.
type members[T any] struct {
	Member []T `xml:"member"`
}

type xmlTopic struct{ TopicArn string }

type xmlTopics struct {
	Topics    members[xmlTopic]
	NextToken string `xml:",omitempty"`
}

type xmlEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type xmlAttributes struct {
	Attributes struct {
		Entry []xmlEntry `xml:"entry"`
	}
}

// entriesOf writes a map's entries in key order.
func entriesOf(m map[string]string) (out struct {
	Entry []xmlEntry `xml:"entry"`
}) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out.Entry = append(out.Entry, xmlEntry{Key: k, Value: m[k]})
	}
	return out
}

type xmlSubscriptions struct {
	Subscriptions members[SubscriptionSummary]
	NextToken     string `xml:",omitempty"`
}

type xmlPublish struct {
	MessageId      string
	SequenceNumber string `xml:",omitempty"`
}

type xmlBatch struct {
	Successful members[BatchSuccess]
	Failed     members[BatchFailure]
}

type xmlTag struct{ Key, Value string }

type xmlTags struct{ Tags members[xmlTag] }

func tagsXML(tags []aws.Tag) []xmlTag {
	out := []xmlTag{}
	for _, t := range tags {
		out = append(out, xmlTag(t))
	}
	return out
}
