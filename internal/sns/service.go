package sns

import (
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// xmlNamespace is SNS's XML namespace.
const xmlNamespace = "http://sns.amazonaws.com/doc/2010-03-31/"

// Service is SNS as the front door serves it. Every account may call
// every operation; the topics decide which topics a caller may use, and
// role sessions are judged on the topic each operation names and its
// topic policy.
func (t *Topics) Service() *awsproto.Service {
	ops := t.judged([]awsproto.Operation{
		action("CreateTopic", t.createTopic),
		action("DeleteTopic", t.deleteTopic),
		action("ListTopics", t.listTopics),
		action("GetTopicAttributes", t.getTopicAttributes),
		action("SetTopicAttributes", t.setTopicAttributes),
		action("Subscribe", t.subscribe),
		action("ConfirmSubscription", t.confirmSubscription),
		action("Unsubscribe", t.unsubscribe),
		action("ListSubscriptions", t.listSubscriptions),
		action("ListSubscriptionsByTopic", t.listSubscriptionsByTopic),
		action("GetSubscriptionAttributes", t.getSubscriptionAttributes),
		action("SetSubscriptionAttributes", t.setSubscriptionAttributes),
		action("Publish", t.publish),
		action("PublishBatch", t.publishBatch),
		action("ListTagsForResource", t.listTags),
		action("TagResource", t.tagResource),
		action("UntagResource", t.untagResource),
	})
	return &awsproto.Service{
		Name:           "sns",
		Protocols:      []awsproto.Protocol{awsproto.NewQuery(xmlNamespace, ops)},
		Errors:         errorCodes,
		Authorize:      awsproto.Everyone,
		ResourcePolicy: t.resourcePolicy,
	}
}

// action adapts a handler of the decoded input that returns its result
// element (nil: none).
func action(name string, h func(c *awsproto.Call, in *input) (any, error)) awsproto.Operation {
	return awsproto.Operation{Name: name, Handle: func(c *awsproto.Call) error {
		var in input
		if err := c.Decode(&in); err != nil {
			return err
		}
		out, err := h(c, &in)
		if err != nil {
			return err
		}
		return c.Reply(http.StatusOK, out)
	}}
}

// input is every member the served actions take, decoded from the query
// form; each action reads the members it has.
type input struct {
	Name                       string
	TopicArn, TargetArn        string
	SubscriptionArn            string
	ResourceArn                string
	Protocol, Endpoint         string
	Token                      string
	AuthenticateOnUnsubscribe  string
	AttributeName              string
	AttributeValue             string
	Attributes                 map[string]string
	ReturnSubscriptionArn      bool
	Tags                       []aws.Tag
	TagKeys                    []string
	NextToken                  string
	Message                    *string
	PhoneNumber                string
	Subject                    *string
	MessageStructure           *string
	MessageAttributes          map[string]attribute `query:",key=Name,value=Value"`
	MessageGroupId             *string
	MessageDeduplicationId     *string
	PublishBatchRequestEntries []batchEntryInput
}

// batchEntryInput is one entry of PublishBatch.
type batchEntryInput struct {
	Id                     string
	Message                string
	Subject                *string
	MessageStructure       *string
	MessageAttributes      map[string]attribute `query:",key=Name,value=Value"`
	MessageGroupId         *string
	MessageDeduplicationId *string
}

// required answers AWS's validation error for a missing member.
func required(member string, present bool) error {
	if present {
		return nil
	}
	return aws.Errorf(aws.ErrValidation, "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", member)
}
