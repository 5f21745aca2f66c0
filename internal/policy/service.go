package policy

import "time"

// Source is what an AWS service acts for when it calls on a customer's
// resource: a topic that delivers to a queue, a rule that sends to a topic.
type Source struct {
	// Service is the service's principal ("sns.amazonaws.com").
	Service string
	// ARN and Account are the source's, for aws:SourceArn and
	// aws:SourceAccount.
	ARN, Account string
}

// ServiceMay reports whether a resource's policy document lets a service
// perform action on resource for its source, as AWS decides before SNS
// delivers to a queue: only the resource's policy can allow a service. A
// document that cannot be read allows nothing.
func ServiceMay(doc, action, resource string, src Source) bool {
	d, err := Parse([]byte(doc))
	if err != nil {
		return false
	}
	who := Principal{Service: src.Service}
	facts := Facts{Principal: who, SourceARN: src.ARN, SourceAccount: src.Account, Time: time.Now()}
	req := Request{Principal: who, Action: action, Resource: resource, Context: facts.Context()}
	return Evaluate(req, nil, d).Decision == Allowed
}
