package sns

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"maps"
	"net/url"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/store"
)

// pendingARN is what Subscribe and the lists show for a subscription that
// is not confirmed yet.
const pendingARN = "pending confirmation"

// SubscribeInput is a Subscribe request.
type SubscribeInput struct {
	TopicArn, Protocol, Endpoint string
	Attributes                   map[string]string
	ReturnSubscriptionArn        bool
}

// Subscribe subscribes an endpoint to a topic and returns the
// subscription's ARN, or "pending confirmation" for an HTTP/S endpoint,
// which is sent a confirmation request first.
func (t *Topics) Subscribe(ctx context.Context, caller string, in SubscribeInput) (string, error) {
	tp, err := t.topicOf(ctx, caller, in.TopicArn, "TopicArn", "Subscribe")
	if err != nil {
		return "", err
	}
	if err := checkEndpoint(tp, in.Protocol, in.Endpoint); err != nil {
		return "", err
	}
	s, err := newSubscription(tp, caller, in)
	if err != nil {
		return "", err
	}
	if old, ok := t.existing(tp, in.Protocol, in.Endpoint); ok {
		return t.resubscribe(old, s, in.ReturnSubscriptionArn)
	}
	if _, err := store.Modify(ctx, t.subs, s.Ref.ID, func(v *subscription, _ bool) error { *v = *s; return nil }); err != nil {
		return "", err
	}
	t.cache.refreshSub(ctx, s.Ref.ID)
	if !s.Pending {
		return s.Ref.ARN(), nil
	}
	if err := t.sendConfirmation(ctx, tp, s, typeSubscriptionConfirmation); err != nil {
		return "", err
	}
	if in.ReturnSubscriptionArn {
		return s.Ref.ARN(), nil
	}
	return pendingARN, nil
}

// newSubscription builds a subscription with its attributes checked, the
// filter policy's scope before the policy.
func newSubscription(tp *topic, caller string, in SubscribeInput) (*subscription, error) {
	s := &subscription{
		Ref: subscriptionRef{Topic: tp.Ref, ID: lambda.NewUUID()}, Protocol: in.Protocol, Endpoint: in.Endpoint,
		Owner: caller, Created: time.Now().UTC(),
	}
	names := []string{}
	if _, ok := in.Attributes[attrFilterScope]; ok {
		names = append(names, attrFilterScope)
	}
	for name := range in.Attributes {
		if name != attrFilterScope {
			names = append(names, name)
		}
	}
	for _, name := range names {
		if err := s.setAttribute(tp.Ref.ARN(), name, in.Attributes[name], true); err != nil {
			return nil, err
		}
	}
	if s.http() {
		s.Pending, s.Token = true, newToken(s.Ref.ID)
	}
	return s, nil
}

// existing finds a subscription of the same endpoint to the topic.
func (t *Topics) existing(tp *topic, protocol, endpoint string) (*subscription, bool) {
	for _, s := range t.cache.subscriptionsOf(tp.Ref.ARN(), nil) {
		if s.sub.Protocol == protocol && s.sub.Endpoint == endpoint {
			return s.sub, true
		}
	}
	return nil, false
}

// resubscribe answers a Subscribe of an endpoint already subscribed: its
// subscription, if the attributes asked for are the ones it has.
func (t *Topics) resubscribe(old, fresh *subscription, returnARN bool) (string, error) {
	for k, v := range fresh.Attrs {
		if old.Attrs[k] != v {
			return "", invalid("Attributes Reason: Subscription already exists with different attributes")
		}
	}
	if old.Pending && !returnARN {
		return pendingARN, nil
	}
	return old.Ref.ARN(), nil
}

// checkEndpoint applies SNS's rules to a protocol and endpoint; Virga
// delivers to functions, queues and HTTP/S endpoints only.
func checkEndpoint(tp *topic, protocol, endpoint string) error {
	switch {
	case !protocols[protocol]:
		return invalid("Amazon SNS does not support this protocol string: %s", protocol)
	case endpoint == "":
		return invalid("Endpoint")
	}
	switch protocol {
	case "http", "https":
		u, err := url.Parse(endpoint)
		if err != nil || u.Scheme != protocol || u.Host == "" {
			return invalid("Endpoint must match the specified protocol")
		}
	case "sqs":
		if a, ok := aws.ParseARN(endpoint); !ok || a.Service != "sqs" || a.Resource == "" {
			return invalid("SQS endpoint ARN")
		}
	case "lambda":
		if a, ok := aws.ParseARN(endpoint); !ok || a.Service != "lambda" || !strings.HasPrefix(a.Resource, "function:") {
			return invalid("Lambda endpoint ARN")
		}
	default:
		return invalid("Protocol Reason: Virga does not deliver to %s endpoints; use lambda, sqs, http or https", protocol)
	}
	fifoQueue := protocol == "sqs" && strings.HasSuffix(endpoint, ".fifo")
	switch {
	case tp.fifo() && protocol != "sqs":
		return invalid("Protocol Reason: FIFO topics only deliver to SQS queues")
	case !tp.fifo() && fifoQueue:
		return invalid("Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics")
	}
	return nil
}

// newToken is a confirmation token: the subscription's id and 48 random
// bytes, in hex.
func newToken(id string) string {
	b := make([]byte, 48)
	_, _ = rand.Read(b)
	return strings.ReplaceAll(id, "-", "") + hex.EncodeToString(b)
}

// tokenSubscription is the id of the subscription a token was made for.
func tokenSubscription(token string) (string, bool) {
	if len(token) != 32+96 {
		return "", false
	}
	h := token[:32]
	id := h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	return id, uuidRE.MatchString(id)
}

// ConfirmSubscription confirms an HTTP/S subscription with the token sent
// to its endpoint. signed tells whether the request was signed (the API)
// or not (the SubscribeURL).
func (t *Topics) ConfirmSubscription(ctx context.Context, topicARN, token string, authOnUnsubscribe, signed bool) (string, error) {
	ref, err := t.parseTopicARN(topicARN, "Topic")
	if err != nil {
		return "", err
	}
	id, ok := tokenSubscription(token)
	if !ok {
		return "", invalid("Token")
	}
	s, err := store.Modify(ctx, t.subs, id, func(s *subscription, exists bool) error {
		switch {
		case !exists || s.Ref.Topic != ref || s.Token != token:
			return invalid("Token")
		case !s.Pending:
			return store.Keep
		}
		s.Pending, s.Authenticated, s.AuthUnsubscribe = false, signed, signed && authOnUnsubscribe
		return nil
	})
	if err != nil {
		return "", err
	}
	t.cache.refreshSub(ctx, id)
	return s.Ref.ARN(), nil
}

// Unsubscribe deletes a subscription; one that does not exist is no error.
// signed tells whether the request was signed (the API) or not (the
// UnsubscribeURL, refused when the confirmation asked for signatures).
func (t *Topics) Unsubscribe(ctx context.Context, caller, arn string, signed bool) error {
	ref, err := t.parseSubscriptionARN(arn)
	if err != nil {
		return err
	}
	if signed {
		if err := t.owns(caller, ref.Topic, "Unsubscribe"); err != nil {
			return err
		}
	}
	cs, ok := t.cache.subscription(ctx, ref.ID)
	if !ok || cs.sub.Ref != ref {
		return nil
	}
	if !signed && cs.sub.AuthUnsubscribe {
		return aws.Errorf(aws.ErrAccessDenied, "Unsubscribe requires authentication for this subscription")
	}
	if err := t.deleteSubscription(ctx, ref.ID); err != nil {
		return err
	}
	if tp, ok := t.cache.topic(ctx, ref.Topic.key()); ok && cs.sub.http() && !cs.sub.Pending {
		return t.sendConfirmation(ctx, tp, cs.sub, typeUnsubscribeConfirmation)
	}
	return nil
}

func (t *Topics) deleteSubscription(ctx context.Context, id string) error {
	if err := t.subs.Delete(ctx, id, 0); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	t.cache.refreshSub(ctx, id)
	return nil
}

// SubscriptionSummary is a subscription as the lists show it.
type SubscriptionSummary struct {
	SubscriptionArn, Owner, Protocol, Endpoint, TopicArn string
}

// ListSubscriptions lists the caller's subscriptions, or, with a topic
// ARN, the topic's; 100 to a page.
func (t *Topics) ListSubscriptions(ctx context.Context, caller, topicARN, token string) ([]SubscriptionSummary, string, error) {
	match := func(s *subscription) bool {
		return caller == t.cfg.Admin || s.Owner == caller || s.Ref.Topic.Account == caller
	}
	if topicARN != "" {
		tp, err := t.topicOf(ctx, caller, topicARN, "TopicArn", "ListSubscriptionsByTopic")
		if err != nil {
			return nil, "", err
		}
		topicARN = tp.Ref.ARN()
		match = nil
	} else if caller == t.cfg.Admin {
		match = func(s *subscription) bool { return s.Owner == caller || s.Ref.Topic.Account == caller }
	}
	marker, ok := aws.ParseToken(token)
	if !ok {
		return nil, "", invalid("NextToken")
	}
	page, next := aws.Page(t.cache.subscriptionsOf(topicARN, match), func(s *cachedSub) string { return s.sub.Ref.ID }, marker, 100)
	out := make([]SubscriptionSummary, 0, len(page))
	for _, cs := range page {
		s := cs.sub
		arn := s.Ref.ARN()
		if s.Pending {
			arn = "PendingConfirmation"
		}
		out = append(out, SubscriptionSummary{SubscriptionArn: arn, Owner: s.Owner, Protocol: s.Protocol, Endpoint: s.Endpoint, TopicArn: s.Ref.Topic.ARN()})
	}
	return out, aws.Token(next), nil
}

// subscriptionOf finds the subscription an ARN names for a caller.
func (t *Topics) subscriptionOf(ctx context.Context, caller, arn, action string) (*cachedSub, error) {
	ref, err := t.parseSubscriptionARN(arn)
	if err != nil {
		return nil, err
	}
	if err := t.owns(caller, ref.Topic, action); err != nil {
		return nil, err
	}
	cs, ok := t.cache.subscription(ctx, ref.ID)
	if !ok || cs.sub.Ref != ref {
		return nil, subscriptionNotFound()
	}
	return cs, nil
}

// SubscriptionAttributes are a subscription's attributes.
func (t *Topics) SubscriptionAttributes(ctx context.Context, caller, arn string) (map[string]string, error) {
	cs, err := t.subscriptionOf(ctx, caller, arn, "GetSubscriptionAttributes")
	if err != nil {
		return nil, err
	}
	var topicPolicy string
	if tp, ok := t.cache.topic(ctx, cs.sub.Ref.Topic.key()); ok {
		topicPolicy = tp.Attrs[attrDeliveryPolicy]
	}
	return cs.sub.attributes(topicPolicy), nil
}

// SetSubscriptionAttribute sets (or, empty, clears) one attribute.
func (t *Topics) SetSubscriptionAttribute(ctx context.Context, caller, arn, name, value string) error {
	cs, err := t.subscriptionOf(ctx, caller, arn, "SetSubscriptionAttributes")
	if err != nil {
		return err
	}
	_, err = store.Modify(ctx, t.subs, cs.sub.Ref.ID, func(s *subscription, exists bool) error {
		if !exists {
			return subscriptionNotFound()
		}
		s.Attrs = maps.Clone(s.Attrs)
		return s.setAttribute(s.Ref.Topic.ARN(), name, value, false)
	})
	if err != nil {
		return err
	}
	t.cache.refreshSub(ctx, cs.sub.Ref.ID)
	return nil
}
