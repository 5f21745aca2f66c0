package pattern

// dialect holds what differs between event patterns and SNS filter policies.
type dialect struct {
	sns  bool // an SNS filter policy
	body bool // an SNS policy over the message body (FilterPolicyScope MessageBody)
}

// Option chooses the dialect Compile reads a pattern in.
type Option func(*dialect)

// SNS reads the pattern as an SNS subscription filter policy: at most five
// keys and 150 combinations, numbers within ±1e9, no wildcard and of the
// anything-but forms only prefix; "{}" matches every message and an event
// with no fields at all matches nothing; "exists" treats null as absent, and
// anything-but over an array holds only when no element is excluded. By
// default the policy applies to message attributes (FilterPolicyScope
// MessageAttributes), which forbids nesting; see MessageBody.
//
// Under the attributes scope the event given to MatchValue maps each
// attribute's name to its value as AttributeValue gives it.
func SNS() Option { return func(d *dialect) { d.sns = true } }

// MessageBody, with SNS, applies the policy to the message body
// (FilterPolicyScope MessageBody): keys may nest and only top-level keys
// count against the five allowed. Without SNS it changes nothing.
func MessageBody() Option { return func(d *dialect) { d.body = true } }

// The limits of each dialect. AWS documents no nesting limit for either;
// maxDepth keeps compilation and matching to a bounded stack.
const (
	maxDepth          = 100
	maxAlternatives   = 1000 // the rule combinations "$or" may expand to
	maxPatternChars   = 4096 // EventPattern and Filter.Pattern in the API models
	maxPolicyBytes    = 256 * 1024
	maxPolicyKeys     = 5
	maxPolicyCombos   = 150
	eventNumberLimit  = 5e9
	policyNumberLimit = 1e9
)

// numberLimit is the largest magnitude a numeric comparison accepts.
func (d dialect) numberLimit() float64 {
	if d.sns {
		return policyNumberLimit
	}
	return eventNumberLimit
}

// numberLimitText is numberLimit as AWS's (Java's) error message prints it.
func (d dialect) numberLimitText() string {
	if d.sns {
		return "1.0E9"
	}
	return "5.0E9"
}
