package delivery

import "errors"

// A Target's error says what follows an attempt. Wrap one of these; any
// other error is a failed attempt, retried while the policy allows.
var (
	// ErrThrottled: the target cannot take the delivery now (throttled,
	// updating, starting); it waits without spending an attempt.
	ErrThrottled = errors.New("target not ready")
	// ErrPermanent: the target refuses the delivery and would refuse it
	// again; it ends at once, without spending an attempt.
	ErrPermanent = errors.New("delivery refused")
	// ErrGone: the target no longer exists; the delivery is dropped.
	ErrGone = errors.New("target gone")
)

// End is how a delivery ended.
type End int

// Ends of a delivery.
const (
	// Delivered: the last attempt succeeded.
	Delivered End = iota + 1
	// Exhausted: the last attempt the policy allows failed.
	Exhausted
	// Expired: the delivery outlived the policy's maximum age.
	Expired
	// Refused: the target failed it permanently (ErrPermanent).
	Refused
	// Dropped: the target is gone (ErrGone); by convention nothing follows.
	Dropped
)

// Outcome is how a delivery ended, as its producer learns it.
type Outcome struct {
	End End
	// Err is the last attempt's error, if any.
	Err error
	// Reply is the target's answer when the end follows an attempt the
	// target took (Delivered or Exhausted); nil otherwise.
	Reply *Reply
}
