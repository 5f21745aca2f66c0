package delivery

import (
	"testing"
	"time"
)

func TestPolicy(t *testing.T) {
	accepted := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	now := accepted.Add(10 * time.Second)
	for _, tc := range []struct {
		name     string
		p        Policy
		attempts int
		want     time.Time
	}{
		{"FirstRetry", Policy{Backoff: Backoff{Base: time.Minute, Factor: 2}}, 1, now.Add(time.Minute)},
		{"SecondRetryTwiceAsLong", Policy{Backoff: Backoff{Base: time.Minute, Factor: 2}}, 2, now.Add(2 * time.Minute)},
		{"ThirdRetry", Policy{Backoff: Backoff{Base: time.Second, Factor: 3}}, 3, now.Add(9 * time.Second)},
		{"ConstantWithoutFactor", Policy{Backoff: Backoff{Base: time.Second}}, 3, now.Add(time.Second)},
		{"CappedAtMaxAge", Policy{MaxAge: 30 * time.Second, Backoff: Backoff{Base: time.Minute, Factor: 2}}, 1,
			accepted.Add(30*time.Second + time.Millisecond)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.next(Delivery{Accepted: accepted, Attempts: tc.attempts}, now); !got.Equal(tc.want) {
				t.Errorf("next attempt at %v, want %v", got.Sub(now), tc.want.Sub(now))
			}
		})
	}
	t.Run("AtLeastOneAttempt", func(t *testing.T) {
		if (Policy{}).exhausted(0) || !(Policy{}).exhausted(1) || (Policy{MaxAttempts: 3}).exhausted(2) {
			t.Error("wrong count of attempts")
		}
	})
	t.Run("Expired", func(t *testing.T) {
		d := Delivery{Accepted: accepted}
		if (Policy{}).expired(d, now) || (Policy{MaxAge: time.Minute}).expired(d, now) || !(Policy{MaxAge: time.Second}).expired(d, now) {
			t.Error("wrong expiry")
		}
	})
}

func TestEscape(t *testing.T) {
	for _, name := range []string{"fn", "fn:$LATEST", "arn:aws:sqs:us-east-1:123456789012:q.fifo", "https://h/p?q=1 2", "100%", "é"} {
		tok := escape(name)
		for _, c := range []byte(tok) {
			if c == '.' || c == '*' || c == '>' || c <= ' ' || c > '~' {
				t.Errorf("token %q of %q holds %q", tok, name, c)
			}
		}
		if got := unescape(tok); got != name {
			t.Errorf("%q -> %q -> %q", name, tok, got)
		}
	}
	if escape("my-fn_1:live") != "my-fn_1:live" {
		t.Error("a function name does not read as itself")
	}
}
