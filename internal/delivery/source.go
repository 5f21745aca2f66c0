package delivery

// Attributes of a delivery that an AWS service makes on behalf of a
// source: the service's principal ("sns.amazonaws.com"), the source's ARN
// (a topic, a rule) and its account. A target whose resource has a
// resource-based policy (a function, a queue, a topic) asks it whether the
// service may deliver for that source, as AWS does.
const (
	AttrSourcePrincipal = "sourcePrincipal"
	AttrSourceArn       = "sourceArn"
	AttrSourceAccount   = "sourceAccount"
)
