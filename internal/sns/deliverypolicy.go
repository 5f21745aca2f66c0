package sns

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"time"
)

// retryPolicy is SNS's healthy retry policy: after the first attempt,
// numNoDelayRetries immediate retries, numMinDelayRetries retries
// minDelayTarget apart, then a backoff phase that climbs from
// minDelayTarget to maxDelayTarget along backoffFunction, and last
// numMaxDelayRetries retries maxDelayTarget apart; numRetries in all.
type retryPolicy struct {
	MinDelayTarget     int    `json:"minDelayTarget"`
	MaxDelayTarget     int    `json:"maxDelayTarget"`
	NumRetries         int    `json:"numRetries"`
	NumMaxDelayRetries int    `json:"numMaxDelayRetries"`
	NumNoDelayRetries  int    `json:"numNoDelayRetries"`
	NumMinDelayRetries int    `json:"numMinDelayRetries"`
	BackoffFunction    string `json:"backoffFunction"`
}

// defaultHTTPRetry is AWS's default for HTTP/S: three retries 20 s apart.
var defaultHTTPRetry = retryPolicy{MinDelayTarget: 20, MaxDelayTarget: 20, NumRetries: 3, BackoffFunction: "linear"}

// managedRetry is AWS's fixed policy for its own endpoints (Lambda, SQS):
// 3 immediate retries, 2 a second apart, 10 backing off from 1 to 20 s,
// then 100,000 20 s apart — 100,015 retries over some 23 days.
var managedRetry = retryPolicy{MinDelayTarget: 1, MaxDelayTarget: 20, NumRetries: 100015, NumNoDelayRetries: 3,
	NumMinDelayRetries: 2, NumMaxDelayRetries: 100000, BackoffFunction: "exponential"}

// delay is the wait before the retry-th retry (from 1).
func (p retryPolicy) delay(retry int) time.Duration {
	minD, maxD := float64(p.MinDelayTarget), float64(p.MaxDelayTarget)
	backoff := p.NumRetries - p.NumNoDelayRetries - p.NumMinDelayRetries - p.NumMaxDelayRetries
	switch {
	case retry <= p.NumNoDelayRetries:
		return 0
	case retry <= p.NumNoDelayRetries+p.NumMinDelayRetries:
		return seconds(minD)
	case retry <= p.NumNoDelayRetries+p.NumMinDelayRetries+backoff:
		i := retry - p.NumNoDelayRetries - p.NumMinDelayRetries - 1
		return seconds(p.curve(minD, maxD, i, backoff))
	}
	return seconds(maxD)
}

// curve places the i-th of n backoff retries between lo and hi. AWS draws
// the four functions without formulas; these follow their shapes: linear
// and arithmetic rise evenly and quadratically, geometric and exponential
// by a constant and a doubling ratio.
func (p retryPolicy) curve(lo, hi float64, i, n int) float64 {
	if n <= 1 || hi <= lo {
		return lo
	}
	x := float64(i) / float64(n-1)
	switch strings.ToLower(p.BackoffFunction) {
	case "arithmetic":
		return lo + (hi-lo)*x*x
	case "geometric":
		return lo * math.Pow(hi/max(lo, 1), x)
	case "exponential":
		return lo + (hi-lo)*(math.Pow(2, 10*x)-1)/(math.Pow(2, 10)-1)
	}
	return lo + (hi-lo)*x
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// httpPolicy is what an HTTP/S subscription's delivery follows.
type httpPolicy struct {
	Retry       retryPolicy
	ContentType string
}

// subscriptionDeliveryPolicy is a subscription's DeliveryPolicy.
type subscriptionDeliveryPolicy struct {
	HealthyRetryPolicy *retryPolicy `json:"healthyRetryPolicy,omitempty"`
	ThrottlePolicy     *struct {
		MaxReceivesPerSecond int `json:"maxReceivesPerSecond"`
	} `json:"throttlePolicy,omitempty"`
	RequestPolicy *struct {
		HeaderContentType string `json:"headerContentType"`
	} `json:"requestPolicy,omitempty"`
}

// topicDeliveryPolicy is a topic's DeliveryPolicy; only its http part
// matters to Virga.
type topicDeliveryPolicy struct {
	HTTP *struct {
		DefaultHealthyRetryPolicy    *retryPolicy `json:"defaultHealthyRetryPolicy,omitempty"`
		DisableSubscriptionOverrides bool         `json:"disableSubscriptionOverrides"`
		DefaultRequestPolicy         *struct {
			HeaderContentType string `json:"headerContentType"`
		} `json:"defaultRequestPolicy,omitempty"`
	} `json:"http,omitempty"`
}

const defaultContentType = "text/plain; charset=UTF-8"

func parseSubscriptionDeliveryPolicy(s string) (subscriptionDeliveryPolicy, error) {
	var p subscriptionDeliveryPolicy
	if err := strictJSON(s, &p); err != nil {
		return p, invalid("DeliveryPolicy: failed to parse JSON.")
	}
	if p.HealthyRetryPolicy != nil {
		if err := p.HealthyRetryPolicy.check(); err != nil {
			return p, err
		}
	}
	return p, nil
}

func parseTopicDeliveryPolicy(s string) (topicDeliveryPolicy, error) {
	var p topicDeliveryPolicy
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return p, invalid("DeliveryPolicy: failed to parse JSON.")
	}
	if p.HTTP != nil && p.HTTP.DefaultHealthyRetryPolicy != nil {
		if err := p.HTTP.DefaultHealthyRetryPolicy.check(); err != nil {
			return p, err
		}
	}
	return p, nil
}

// check applies AWS's limits: at most 100 retries, delays between 1 s
// and 3,600 s, and the phases within the retries.
func (p *retryPolicy) check() error {
	if p.BackoffFunction == "" {
		p.BackoffFunction = "linear"
	}
	switch {
	case p.NumRetries < 0 || p.NumRetries > 100:
		return invalid("DeliveryPolicy: healthyRetryPolicy.numRetries must be between 0 and 100")
	case p.MinDelayTarget < 1 || p.MaxDelayTarget > 3600 || p.MinDelayTarget > p.MaxDelayTarget:
		return invalid("DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be at least 1 and at most maxDelayTarget, which must be at most 3600")
	case p.NumNoDelayRetries < 0 || p.NumMinDelayRetries < 0 || p.NumMaxDelayRetries < 0 ||
		p.NumNoDelayRetries+p.NumMinDelayRetries+p.NumMaxDelayRetries > p.NumRetries:
		return invalid("DeliveryPolicy: healthyRetryPolicy.numRetries must be at least the sum of numNoDelayRetries, numMinDelayRetries and numMaxDelayRetries")
	}
	switch strings.ToLower(p.BackoffFunction) {
	case "linear", "arithmetic", "geometric", "exponential":
		return nil
	}
	return invalid("DeliveryPolicy: healthyRetryPolicy.backoffFunction must be one of linear, arithmetic, geometric, exponential")
}

// effectiveHTTPPolicy merges a topic's and a subscription's delivery
// policies over AWS's defaults.
func effectiveHTTPPolicy(topicPolicy, subPolicy string) httpPolicy {
	out := httpPolicy{Retry: defaultHTTPRetry, ContentType: defaultContentType}
	overrides := true
	if tp, err := parseTopicDeliveryPolicy(topicPolicy); topicPolicy != "" && err == nil && tp.HTTP != nil {
		if tp.HTTP.DefaultHealthyRetryPolicy != nil {
			out.Retry = *tp.HTTP.DefaultHealthyRetryPolicy
		}
		if rp := tp.HTTP.DefaultRequestPolicy; rp != nil && rp.HeaderContentType != "" {
			out.ContentType = rp.HeaderContentType
		}
		overrides = !tp.HTTP.DisableSubscriptionOverrides
	}
	if sp, err := parseSubscriptionDeliveryPolicy(subPolicy); overrides && subPolicy != "" && err == nil {
		if sp.HealthyRetryPolicy != nil {
			out.Retry = *sp.HealthyRetryPolicy
		}
		if rp := sp.RequestPolicy; rp != nil && rp.HeaderContentType != "" {
			out.ContentType = rp.HeaderContentType
		}
	}
	return out
}

// effectiveTopicDeliveryPolicy is the EffectiveDeliveryPolicy a topic
// reports: its own, or AWS's default.
func effectiveTopicDeliveryPolicy(own string) string {
	if own != "" {
		return own
	}
	return `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,` +
		`"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,` +
		`"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`
}

// strictJSON decodes s into v, refusing members v does not have.
func strictJSON(s string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
