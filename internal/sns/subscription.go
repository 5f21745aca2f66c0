package sns

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
)

// subscription is a subscription as the subscriptions bucket keeps it.
type subscription struct {
	Ref      subscriptionRef `json:"ref"`
	Protocol string          `json:"protocol"`
	Endpoint string          `json:"endpoint"`
	Owner    string          `json:"owner"`
	// Pending is true until an HTTP/S endpoint confirms with Token.
	Pending bool   `json:"pending,omitempty"`
	Token   string `json:"token,omitempty"`
	// Authenticated is true when the confirmation was signed, which then
	// makes Unsubscribe require a signature too (AuthenticateOnUnsubscribe).
	Authenticated   bool              `json:"authenticated,omitempty"`
	AuthUnsubscribe bool              `json:"authenticateUnsubscribe,omitempty"`
	Attrs           map[string]string `json:"attrs,omitempty"`
	Created         time.Time         `json:"created"`
}

// Subscription attributes.
const (
	attrFilterPolicy = "FilterPolicy"
	attrFilterScope  = "FilterPolicyScope"
	attrRaw          = "RawMessageDelivery"
	attrRedrive      = "RedrivePolicy"
	attrSubRole      = "SubscriptionRoleArn"
	attrReplay       = "ReplayPolicy"
)

var settableSubscriptionAttributes = map[string]bool{
	attrDeliveryPolicy: true, attrFilterPolicy: true, attrFilterScope: true, attrRaw: true, attrRedrive: true,
	attrSubRole: true, attrReplay: true,
}

// Protocols SNS knows; Virga delivers to lambda, sqs, http and https.
var protocols = map[string]bool{
	"http": true, "https": true, "email": true, "email-json": true, "sms": true, "sqs": true, "application": true,
	"lambda": true, "firehose": true,
}

func (s *subscription) raw() bool { return s.Attrs[attrRaw] == "true" }

func (s *subscription) scope() string {
	if s.Attrs[attrFilterScope] == scopeBody {
		return scopeBody
	}
	return scopeAttributes
}

func (s *subscription) http() bool { return s.Protocol == "http" || s.Protocol == "https" }

// redriveTarget is the ARN of the subscription's dead-letter queue, if any.
func (s *subscription) redriveTarget() string {
	var p struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	}
	if json.Unmarshal([]byte(s.Attrs[attrRedrive]), &p) != nil {
		return ""
	}
	return p.DeadLetterTargetArn
}

// attributes is what GetSubscriptionAttributes answers.
func (s *subscription) attributes(topicPolicy string) map[string]string {
	a := map[string]string{
		"SubscriptionArn":              s.Ref.ARN(),
		"TopicArn":                     s.Ref.Topic.ARN(),
		"Protocol":                     s.Protocol,
		"Endpoint":                     s.Endpoint,
		"Owner":                        s.Owner,
		"PendingConfirmation":          strconv.FormatBool(s.Pending),
		"ConfirmationWasAuthenticated": strconv.FormatBool(s.Authenticated),
		attrRaw:                        "false",
		"SubscriptionPrincipal":        "arn:aws:iam::" + s.Owner + ":root",
	}
	if s.http() {
		p := effectiveHTTPPolicy(topicPolicy, s.Attrs[attrDeliveryPolicy])
		b, _ := json.Marshal(map[string]any{
			"healthyRetryPolicy": p.Retry, "requestPolicy": map[string]string{"headerContentType": p.ContentType},
			"guaranteed": false,
		})
		a["EffectiveDeliveryPolicy"] = string(b)
	}
	for k, v := range s.Attrs {
		a[k] = v
	}
	if a[attrFilterPolicy] != "" && a[attrFilterScope] == "" {
		a[attrFilterScope] = scopeAttributes
	}
	return a
}

// setAttribute validates and sets one attribute; subscribing words errors
// as Subscribe does. The filter policy is compiled against the scope it
// will have.
func (s *subscription) setAttribute(topicARN, name, value string, subscribing bool) error {
	prefix := ""
	if subscribing {
		prefix = "Attributes Reason: "
	}
	if !settableSubscriptionAttributes[name] {
		return invalid("%sAttributeName", prefix)
	}
	value, err := s.checkAttribute(topicARN, name, value, prefix, subscribing)
	if err != nil {
		return err
	}
	if s.Attrs == nil {
		s.Attrs = map[string]string{}
	}
	if value == "" {
		delete(s.Attrs, name)
	} else {
		s.Attrs[name] = value
	}
	return nil
}

func (s *subscription) checkAttribute(topicARN, name, value, prefix string, subscribing bool) (string, error) {
	switch name {
	case attrRaw:
		v := strings.ToLower(value)
		if v != "true" && v != "false" {
			return "", invalid("%sRawMessageDelivery: Invalid value [%s]. Must be true or false.", prefix, value)
		}
		if v == "true" && !s.http() && s.Protocol != "sqs" && s.Protocol != "firehose" {
			return "", invalid("%sDelivery protocol [%s] does not support raw message delivery.", prefix, s.Protocol)
		}
		return v, nil
	case attrFilterScope:
		if value != scopeAttributes && value != scopeBody {
			return "", invalid("%sFilterPolicyScope: Invalid value [%s]. Please use either MessageBody or MessageAttributes", prefix, value)
		}
		if p := s.Attrs[attrFilterPolicy]; p != "" {
			if _, err := compileFilter(p, value, subscribing); err != nil {
				return "", err
			}
		}
	case attrFilterPolicy:
		if value != "" {
			if _, err := compileFilter(value, s.scope(), subscribing); err != nil {
				return "", err
			}
		}
	case attrRedrive:
		return value, checkRedrive(topicARN, s.Endpoint, value, prefix)
	case attrDeliveryPolicy:
		if !s.http() {
			return "", invalid("%sDeliveryPolicy: Delivery protocol [%s] does not support delivery policies.", prefix, s.Protocol)
		}
		if value != "" {
			if _, err := parseSubscriptionDeliveryPolicy(value); err != nil {
				return "", err
			}
		}
	}
	return value, nil
}

// checkRedrive accepts a RedrivePolicy naming an SQS queue, a FIFO queue
// for a FIFO topic's FIFO subscription.
func checkRedrive(topicARN, endpoint, value, prefix string) error {
	if value == "" {
		return nil
	}
	var p struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	}
	if err := strictJSON(value, &p); err != nil {
		return invalid("%sRedrivePolicy: failed to parse JSON.", prefix)
	}
	a, ok := aws.ParseARN(p.DeadLetterTargetArn)
	if !ok || a.Service != "sqs" || a.Resource == "" {
		return invalid("%sRedrivePolicy: deadLetterTargetArn is an invalid arn", prefix)
	}
	if strings.HasSuffix(topicARN, ".fifo") && strings.HasSuffix(endpoint, ".fifo") && !strings.HasSuffix(a.Resource, ".fifo") {
		return invalid("%sRedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.", prefix)
	}
	return nil
}
