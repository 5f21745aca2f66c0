package sns

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/virga-dev/virga/internal/aws"
)

// topic is a topic as the topics bucket keeps it.
type topic struct {
	Ref     topicRef  `json:"ref"`
	Created time.Time `json:"created"`
	// Attrs are the attributes the owner set, by name; the others are
	// computed when read.
	Attrs map[string]string `json:"attrs,omitempty"`
	Tags  []aws.Tag         `json:"tags,omitempty"`
}

func (t *topic) fifo() bool { return t.Ref.fifo() }

func (t *topic) contentDedup() bool { return t.Attrs[attrContentDedup] == "true" }

// signatureVersion is "1" (SHA1) unless the owner chose "2" (SHA256).
func (t *topic) signatureVersion() string {
	if t.Attrs[attrSignatureVersion] == "2" {
		return "2"
	}
	return "1"
}

// Topic attributes.
const (
	attrDisplayName      = "DisplayName"
	attrPolicy           = "Policy"
	attrDeliveryPolicy   = "DeliveryPolicy"
	attrSignatureVersion = "SignatureVersion"
	attrFifoTopic        = "FifoTopic"
	attrContentDedup     = "ContentBasedDeduplication"
	attrKMSKey           = "KmsMasterKeyId"
	attrTracing          = "TracingConfig"
)

// settableTopicAttributes are those SetTopicAttributes and CreateTopic
// accept (FifoTopic only at creation); Virga keeps the ones it does not
// act on, as AWS's callers expect to read them back.
var settableTopicAttributes = map[string]bool{
	attrDisplayName: true, attrPolicy: true, attrDeliveryPolicy: true, attrSignatureVersion: true,
	attrContentDedup: true, attrKMSKey: true, attrTracing: true, "ArchivePolicy": true, "FifoThroughputScope": true,
	"DataProtectionPolicy":              true,
	"ApplicationSuccessFeedbackRoleArn": true, "ApplicationSuccessFeedbackSampleRate": true, "ApplicationFailureFeedbackRoleArn": true,
	"HTTPSuccessFeedbackRoleArn": true, "HTTPSuccessFeedbackSampleRate": true, "HTTPFailureFeedbackRoleArn": true,
	"LambdaSuccessFeedbackRoleArn": true, "LambdaSuccessFeedbackSampleRate": true, "LambdaFailureFeedbackRoleArn": true,
	"SQSSuccessFeedbackRoleArn": true, "SQSSuccessFeedbackSampleRate": true, "SQSFailureFeedbackRoleArn": true,
	"FirehoseSuccessFeedbackRoleArn": true, "FirehoseSuccessFeedbackSampleRate": true, "FirehoseFailureFeedbackRoleArn": true,
}

// checkTopicAttribute validates one attribute for a topic.
func checkTopicAttribute(t *topic, name, value string) error {
	switch {
	case !settableTopicAttributes[name]:
		return invalid("AttributeName")
	case name == attrContentDedup && !t.fifo():
		return invalid("Attributes Reason: Content-based deduplication can only be set for FIFO topics")
	case name == attrContentDedup && value != "true" && value != "false":
		return invalid("ContentBasedDeduplication Reason: Invalid value [%s] for ContentBasedDeduplication. Valid values are [true, false]", value)
	case name == attrSignatureVersion && value != "1" && value != "2":
		return invalid("Attributes Reason: SignatureVersion: Invalid value [%s]. Valid values are 1, 2", value)
	case name == attrDeliveryPolicy && value != "":
		if _, err := parseTopicDeliveryPolicy(value); err != nil {
			return err
		}
	case name == attrPolicy && value != "" && !json.Valid([]byte(value)):
		return invalid("Policy Error: null")
	}
	return nil
}

// attributes is what GetTopicAttributes answers: the computed attributes
// and those the owner set.
func (t *topic) attributes(counts subscriptionCounts) map[string]string {
	arn := t.Ref.ARN()
	a := map[string]string{
		"TopicArn":                arn,
		"Owner":                   t.Ref.Account,
		attrPolicy:                defaultTopicPolicy(arn, t.Ref.Account),
		attrDisplayName:           "",
		"SubscriptionsConfirmed":  strconv.Itoa(counts.confirmed),
		"SubscriptionsPending":    strconv.Itoa(counts.pending),
		"SubscriptionsDeleted":    "0",
		"EffectiveDeliveryPolicy": effectiveTopicDeliveryPolicy(t.Attrs[attrDeliveryPolicy]),
	}
	if t.fifo() {
		a[attrFifoTopic] = "true"
		a[attrContentDedup] = "false"
	}
	for k, v := range t.Attrs {
		a[k] = v
	}
	return a
}

// subscriptionCounts counts a topic's subscriptions by state.
type subscriptionCounts struct{ confirmed, pending int }

// defaultTopicPolicy is the access policy AWS gives a new topic: its
// owner may do everything.
func defaultTopicPolicy(arn, account string) string {
	type statement struct {
		Sid       string
		Effect    string
		Principal struct{ AWS string }
		Action    []string
		Resource  string
		Condition struct {
			StringEquals struct {
				SourceOwner string `json:"AWS:SourceOwner"`
			}
		}
	}
	st := statement{Sid: "__default_statement_ID", Effect: "Allow", Resource: arn,
		Action: []string{"SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
			"SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"}}
	st.Principal.AWS = "*"
	st.Condition.StringEquals.SourceOwner = account
	p := struct {
		Version   string
		Id        string
		Statement []statement
	}{"2008-10-17", "__default_policy_ID", []statement{st}}
	b, _ := json.Marshal(p)
	return string(b)
}
