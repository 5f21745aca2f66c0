package policy

import "testing"

const (
	queueARN = "arn:aws:sqs:us-east-1:111122223333:orders"
	topicARN = "arn:aws:sns:us-east-1:111122223333:events"
)

// queuePolicy is a queue policy of one statement.
func queuePolicy(effect, principal, action, extra string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"` + effect + `","Principal":` + principal +
		`,"Action":"` + action + `","Resource":"` + queueARN + `"` + extra + `}]}`
}

// TestResourcePolicies decides calls on queues and topics by AWS's
// evaluation logic for resource-based policies: within an account the
// queue's or topic's policy alone may allow a principal it names, an
// explicit deny in it wins over any identity-based allow, and across
// accounts both kinds must allow.
func TestResourcePolicies(t *testing.T) {
	facts := Facts{Principal: session}.Context()
	send := Request{Principal: session, Action: "sqs:sendmessage", Resource: queueARN, Context: facts}
	publish := Request{Principal: session, Action: "SNS:Publish", Resource: topicARN}
	stranger := Principal{Account: other, ARN: "arn:aws:sts::444455556666:assumed-role/app/fn", Role: "arn:aws:iam::444455556666:role/app"}
	crossSend := Request{Principal: stranger, Action: "sqs:SendMessage", Resource: queueARN, ResourceAccount: acct}
	role := `{"AWS":"` + session.Role + `"}`
	cases := []struct {
		name     string
		req      Request
		identity []string
		resource string
		want     Result
	}{
		{"QueuePolicyGrantsTheRole", send, nil, queuePolicy("Allow", role, "sqs:SendMessage", ""), Result{Decision: Allowed}},
		{"QueuePolicyGrantsEveryone", send, nil, queuePolicy("Allow", `"*"`, "sqs:*", ""), Result{Decision: Allowed}},
		{"QueuePolicyOtherAction", send, nil, queuePolicy("Allow", role, "sqs:ReceiveMessage", ""), Result{ImplicitDeny, IdentityBased}},
		{"QueuePolicyOtherQueue", send, nil, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"arn:aws:sqs:us-east-1:111122223333:other"}}`,
			Result{ImplicitDeny, IdentityBased}},
		{"QueuePolicyWildcardResource", send, nil, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sqs:Send*","Resource":"arn:aws:sqs:*:111122223333:*"}}`,
			Result{Decision: Allowed}},
		{"QueuePolicyDenyWinsOverIdentityAllow", send, []string{allow("sqs:*", "*")}, queuePolicy("Deny", `"*"`, "sqs:SendMessage", ""),
			Result{ExplicitDeny, ResourceBased}},
		{"QueuePolicyDenyWinsOverItsOwnAllow", send, nil,
			`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"},{"Effect":"Deny","Principal":{"AWS":"` + session.Role + `"},"Action":"sqs:SendMessage","Resource":"*"}]}`,
			Result{ExplicitDeny, ResourceBased}},
		{"IdentityDenyWinsOverQueuePolicy", send, []string{deny("sqs:SendMessage", queueARN)}, queuePolicy("Allow", role, "sqs:SendMessage", ""),
			Result{ExplicitDeny, IdentityBased}},
		{"QueuePolicyConditionHolds", send, nil,
			queuePolicy("Allow", `"*"`, "sqs:SendMessage", `,"Condition":{"ArnEquals":{"aws:PrincipalArn":"`+session.Role+`"}}`), Result{Decision: Allowed}},
		{"QueuePolicyConditionFails", send, nil,
			queuePolicy("Allow", `"*"`, "sqs:SendMessage", `,"Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/other"}}`),
			Result{ImplicitDeny, IdentityBased}},
		{"QueuePolicyNotPrincipalDeniesOthers", send, []string{allow("sqs:*", "*")},
			`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/other"},"Action":"sqs:*","Resource":"*"}}`,
			Result{ExplicitDeny, ResourceBased}},
		{"QueuePolicyForAServiceOnly", send, nil, queuePolicy("Allow", `{"Service":"sns.amazonaws.com"}`, "sqs:SendMessage", ""),
			Result{ImplicitDeny, IdentityBased}},
		{"DefaultTopicPolicyGrantsRoleNothing", publish, nil,
			`{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:Publish","SNS:Subscribe"],"Resource":"` + topicARN + `","Condition":{"StringEquals":{"AWS:SourceOwner":"111122223333"}}}]}`,
			Result{ImplicitDeny, IdentityBased}},
		{"DefaultTopicPolicyWithIdentityAllow", publish, []string{allow("sns:Publish", topicARN)},
			`{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish","Resource":"` + topicARN + `","Condition":{"StringEquals":{"AWS:SourceOwner":"111122223333"}}}]}`,
			Result{Decision: Allowed}},
		{"TopicPolicyGrantsTheSession", publish, nil,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"` + session.ARN + `"},"Action":"sns:publish","Resource":"` + topicARN + `"}}`, Result{Decision: Allowed}},
		{"CrossAccountQueuePolicyAndIdentity", crossSend, []string{allow("sqs:SendMessage", queueARN)}, queuePolicy("Allow", `{"AWS":"444455556666"}`, "sqs:SendMessage", ""),
			Result{Decision: Allowed}},
		{"CrossAccountIdentityWithoutQueuePolicy", crossSend, []string{allow("sqs:SendMessage", queueARN)}, "", Result{ImplicitDeny, ResourceBased}},
		{"CrossAccountQueuePolicyWithoutIdentity", crossSend, nil, queuePolicy("Allow", `{"AWS":"`+stranger.Role+`"}`, "sqs:SendMessage", ""),
			Result{ImplicitDeny, IdentityBased}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ids []*Document
			for _, s := range tc.identity {
				ids = append(ids, doc(t, s))
			}
			var res *Document
			if tc.resource != "" {
				res = doc(t, tc.resource)
			}
			if got := Evaluate(tc.req, ids, res); got != tc.want {
				t.Errorf("Evaluate = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestServiceMay decides a service's call for a source by the resource's
// policy alone, as SNS's deliveries to queues are decided.
func TestServiceMay(t *testing.T) {
	sns := Source{Service: "sns.amazonaws.com", ARN: topicARN, Account: acct}
	fromTopic := `,"Condition":{"ArnEquals":{"aws:SourceArn":"` + topicARN + `"}}`
	cases := []struct {
		name, doc string
		src       Source
		want      bool
	}{
		{"ServiceNamed", queuePolicy("Allow", `{"Service":"sns.amazonaws.com"}`, "sqs:SendMessage", ""), sns, true},
		{"ServiceAndSourceNamed", queuePolicy("Allow", `{"Service":"sns.amazonaws.com"}`, "sqs:SendMessage", fromTopic), sns, true},
		{"OtherSource", queuePolicy("Allow", `{"Service":"sns.amazonaws.com"}`, "sqs:SendMessage", fromTopic),
			Source{Service: "sns.amazonaws.com", ARN: topicARN + "-2", Account: acct}, false},
		{"SourceAccount", queuePolicy("Allow", `"*"`, "sqs:SendMessage", `,"Condition":{"StringEquals":{"aws:SourceAccount":"`+acct+`"}}`), sns, true},
		{"OtherService", queuePolicy("Allow", `{"Service":"events.amazonaws.com"}`, "sqs:SendMessage", ""), sns, false},
		{"EveryoneBySourceArn", queuePolicy("Allow", `{"AWS":"*"}`, "sqs:SendMessage", fromTopic), sns, true},
		{"OtherAction", queuePolicy("Allow", `{"Service":"sns.amazonaws.com"}`, "sqs:ReceiveMessage", ""), sns, false},
		{"Denied", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:*","Resource":"*"},{"Effect":"Deny","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:*","Resource":"*"}]}`, sns, false},
		{"Unreadable", `{"Statement":`, sns, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ServiceMay(tc.doc, "sqs:SendMessage", queueARN, tc.src); got != tc.want {
				t.Errorf("ServiceMay = %v, want %v", got, tc.want)
			}
		})
	}
}

// BenchmarkServiceMay is the cost a queue's policy adds to each delivery
// SNS makes to it: parsing the document and evaluating it.
func BenchmarkServiceMay(b *testing.B) {
	doc := queuePolicy("Allow", `{"Service":"sns.amazonaws.com"}`, "sqs:SendMessage", `,"Condition":{"ArnEquals":{"aws:SourceArn":"`+topicARN+`"}}`)
	src := Source{Service: "sns.amazonaws.com", ARN: topicARN, Account: acct}
	for b.Loop() {
		if !ServiceMay(doc, "sqs:SendMessage", queueARN, src) {
			b.Fatal("refused")
		}
	}
}
