// Package delivery carries payloads to their targets, durably and at least
// once. A producer — Lambda's asynchronous invoke today; SNS, EventBridge,
// S3 notifications and schedules next — puts a Delivery in the Queue and
// returns once the store holds it. The Dispatcher later takes it to its
// target: a function, a queue, a topic, an HTTP endpoint, an event bus,
// each kind behind a Target that the composition root registers.
//
// How often and for how long to try is the producer's Policy, looked up
// at every attempt, because the producer's settings may change while a
// delivery waits. A target that is busy makes the delivery wait without
// spending an attempt; a failed attempt is retried after a backoff until
// the policy's attempts or age run out. However a delivery ends —
// delivered, retries exhausted, too old, refused, target gone — the
// producer learns of it and may send something on (a destination record,
// the original payload to a dead-letter target) as a new delivery through
// the same queue.
//
// A retry is a new message that carries the attempt count and a
// not-before time; a message is acknowledged only once its next step is
// stored, so a crash repeats a step and never loses one.
package delivery

import "time"

// Delivery is one payload on its way to a target.
type Delivery struct {
	// ID names the delivery across its attempts (for Lambda, the request
	// id); with the attempt count it is the queue's deduplication key.
	ID string `json:"id"`
	// Producer is the kind of producer that owns the delivery: it gives
	// the policy and learns the outcome.
	Producer string  `json:"producer"`
	Target   Address `json:"target"`
	Payload  []byte  `json:"payload"`
	// Attributes are what the target needs beside the payload: headers,
	// a trace header, a client context.
	Attributes map[string]string `json:"attributes,omitempty"`
	// Accepted is when the producer's caller was answered; the age of the
	// delivery counts from it.
	Accepted time.Time `json:"accepted"`
	// Attempts counts the attempts the target took so far.
	Attempts int `json:"attempts,omitempty"`
	// NotBefore delays the next attempt (the retry backoff).
	NotBefore time.Time `json:"notBefore,omitzero"`
}

// Address names a target: Kind chooses the Target that delivers, Name is
// the target within that kind (a function name, a queue ARN, a URL).
type Address struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// Reply is what a target answered to an attempt, for the producer to pass
// on (Lambda puts a function's response in its destination record).
type Reply struct {
	Payload    []byte
	Attributes map[string]string
}
