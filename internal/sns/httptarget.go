package sns

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/delivery"
)

// HTTPTarget posts SNS's messages to HTTP/S endpoints, as SNS does: the
// message in the body, what it is in x-amz-sns-* headers. Any 2xx answer
// delivers it; anything else is a failed attempt.
type HTTPTarget struct {
	client *http.Client
	topics *Topics
}

// httpTimeout is how long SNS waits for an endpoint's answer.
const httpTimeout = 15 * time.Second

// HTTPTarget is the target of kind HTTPKind.
func (t *Topics) HTTPTarget() *HTTPTarget {
	return &HTTPTarget{client: &http.Client{Timeout: httpTimeout}, topics: t}
}

// Deliver posts one message.
func (h *HTTPTarget) Deliver(ctx context.Context, d delivery.Delivery) (delivery.Reply, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Target.Name, bytes.NewReader(d.Payload))
	if err != nil {
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrPermanent, err)
	}
	h.headers(ctx, req, d)
	resp, err := h.client.Do(req)
	if err != nil {
		return delivery.Reply{}, fmt.Errorf("post to %s: %w", d.Target.Name, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return delivery.Reply{}, fmt.Errorf("%s answered %s", d.Target.Name, resp.Status)
	}
	return delivery.Reply{}, nil
}

// headers are the ones SNS sends: the message's type, id and topic, the
// subscription (but on a confirmation request), raw delivery, and the
// content type of the delivery policy.
func (h *HTTPTarget) headers(ctx context.Context, req *http.Request, d delivery.Delivery) {
	kind := d.Attributes[attrMessageType]
	req.Header.Set("User-Agent", "Amazon Simple Notification Service Agent")
	req.Header.Set("x-amz-sns-message-type", kind)
	req.Header.Set("x-amz-sns-message-id", d.Attributes[attrMessageID])
	req.Header.Set("x-amz-sns-topic-arn", d.Attributes[attrTopic])
	if kind != typeSubscriptionConfirmation {
		req.Header.Set("x-amz-sns-subscription-arn", d.Attributes[attrSubscription])
	}
	if kind == typeNotification {
		req.Header.Set("x-amz-sns-rawdelivery", d.Attributes[attrRawDelivery])
	}
	contentType := defaultContentType
	if s, tp, ok := h.topics.subscriptionFor(ctx, d.Attributes[attrSubscription]); ok {
		contentType = effectiveHTTPPolicy(tp.Attrs[attrDeliveryPolicy], s.Attrs[attrDeliveryPolicy]).ContentType
	}
	req.Header.Set("Content-Type", contentType)
}
