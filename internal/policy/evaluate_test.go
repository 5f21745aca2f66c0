package policy

import "testing"

const (
	acct  = "111122223333"
	other = "444455556666"
	fnARN = "arn:aws:lambda:us-east-1:111122223333:function:orders"
)

// session is a role session of account acct.
var session = Principal{
	Account: acct,
	ARN:     "arn:aws:sts::111122223333:assumed-role/app/fn",
	Role:    "arn:aws:iam::111122223333:role/app",
}

func doc(t *testing.T, s string) *Document {
	t.Helper()
	d, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("parse %s: %v", s, err)
	}
	return d
}

func allow(action, resource string) string {
	return `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"` + action + `","Resource":"` + resource + `"}}`
}

func deny(action, resource string) string {
	return `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"` + action + `","Resource":"` + resource + `"}}`
}

// TestEvaluate follows AWS's documented evaluation logic: default deny,
// explicit deny overrides any allow, identity and resource policies are a
// union within an account and an intersection across accounts, and a
// resource policy naming only an account delegates to that account's
// identity policies.
func TestEvaluate(t *testing.T) {
	invoke := Request{Principal: session, Action: "lambda:InvokeFunction", Resource: fnARN}
	crossAccount := invoke
	crossAccount.Principal = Principal{Account: other, ARN: "arn:aws:sts::444455556666:assumed-role/app/fn", Role: "arn:aws:iam::444455556666:role/app"}
	crossAccount.ResourceAccount = acct
	cases := []struct {
		name     string
		req      Request
		identity []string
		resource string
		want     Result
	}{
		{"DefaultDeny", invoke, nil, "", Result{ImplicitDeny, IdentityBased}},
		{"IdentityAllows", invoke, []string{allow("lambda:InvokeFunction", fnARN)}, "", Result{Decision: Allowed}},
		{"OtherActionOnly", invoke, []string{allow("lambda:GetFunction", "*")}, "", Result{ImplicitDeny, IdentityBased}},
		{"OtherResourceOnly", invoke, []string{allow("lambda:InvokeFunction", fnARN+"-v2")}, "", Result{ImplicitDeny, IdentityBased}},
		{"DenyWinsInSamePolicy", invoke, []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"lambda:Invoke*","Resource":"*"}]}`}, "",
			Result{ExplicitDeny, IdentityBased}},
		{"DenyWinsAcrossPolicies", invoke, []string{allow("*", "*"), deny("lambda:InvokeFunction", fnARN)}, "", Result{ExplicitDeny, IdentityBased}},
		{"ResourceDenyWins", invoke, []string{allow("*", "*")},
			`{"Statement":{"Effect":"Deny","Principal":"*","Action":"lambda:*","Resource":"` + fnARN + `"}}`, Result{ExplicitDeny, ResourceBased}},
		{"ResourcePolicyNamingTheRole", invoke, nil,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}}`,
			Result{Decision: Allowed}},
		{"ResourcePolicyNamingTheSession", invoke, nil,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:sts::111122223333:assumed-role/app/fn"]},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}}`,
			Result{Decision: Allowed}},
		{"ResourcePolicyNamingTheAccountDelegates", invoke, nil,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}}`,
			Result{ImplicitDeny, IdentityBased}},
		{"ResourcePolicyForEveryone", invoke, nil,
			`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}}`,
			Result{Decision: Allowed}},
		{"CrossAccountIdentityOnly", crossAccount, []string{allow("lambda:InvokeFunction", "*")}, "", Result{ImplicitDeny, ResourceBased}},
		{"CrossAccountResourceOnly", crossAccount, nil,
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}}`,
			Result{ImplicitDeny, IdentityBased}},
		{"CrossAccountBoth", crossAccount, []string{allow("lambda:InvokeFunction", "*")},
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}}`,
			Result{Decision: Allowed}},
		{"CrossAccountOtherAccountNamed", crossAccount, []string{allow("lambda:InvokeFunction", "*")},
			`{"Statement":{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"lambda:InvokeFunction","Resource":"` + fnARN + `"}}`,
			Result{ImplicitDeny, ResourceBased}},
		{"NotActionAllowsTheRest", invoke, []string{`{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`}, "", Result{Decision: Allowed}},
		{"NotActionExcludes", Request{Principal: session, Action: "iam:CreateRole", Resource: "*"},
			[]string{`{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`}, "", Result{ImplicitDeny, IdentityBased}},
		{"DenyNotActionDeniesTheRest", invoke, []string{allow("*", "*"), `{"Statement":{"Effect":"Deny","NotAction":["logs:*","sts:GetCallerIdentity"],"Resource":"*"}}`}, "",
			Result{ExplicitDeny, IdentityBased}},
		{"NotResourceAllowsOthers", invoke, []string{`{"Statement":{"Effect":"Allow","Action":"lambda:*","NotResource":"arn:aws:lambda:*:*:function:secret*"}}`}, "",
			Result{Decision: Allowed}},
		{"NotResourceExcludes", invoke, []string{`{"Statement":{"Effect":"Allow","Action":"lambda:*","NotResource":"arn:aws:lambda:*:*:function:ord*"}}`}, "",
			Result{ImplicitDeny, IdentityBased}},
		{"UnmetConditionDoesNotDeny", invoke, []string{allow("*", "*"),
			`{"Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}}`}, "", Result{Decision: Allowed}},
		{"UnmetConditionDoesNotAllow", invoke, []string{
			`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}}`}, "", Result{ImplicitDeny, IdentityBased}},
		{"ActionIgnoresCase", invoke, []string{allow("Lambda:invokefunction", fnARN)}, "", Result{Decision: Allowed}},
		{"ResourceIsCaseSensitive", invoke, []string{allow("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:Orders")}, "", Result{ImplicitDeny, IdentityBased}},
		{"ServicePrincipalInTrust", Request{Principal: Principal{Service: "lambda.amazonaws.com"}, Action: "sts:AssumeRole", Resource: "arn:aws:iam::111122223333:role/app"}, nil,
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			Result{Decision: Allowed}},
		{"NotPrincipalDeniesOthers", invoke, []string{allow("*", "*")},
			`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/admin"},"Action":"*","Resource":"*"}}`,
			Result{ExplicitDeny, ResourceBased}},
		{"NotPrincipalSparesTheNamed", invoke, []string{allow("*", "*")},
			`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"*","Resource":"*"}}`,
			Result{Decision: Allowed}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var identity []*Document
			for _, s := range tc.identity {
				identity = append(identity, doc(t, s))
			}
			var resource *Document
			if tc.resource != "" {
				resource = doc(t, tc.resource)
			}
			if got := Evaluate(tc.req, identity, resource); got != tc.want {
				t.Errorf("Evaluate = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestReason(t *testing.T) {
	cases := []struct {
		r    Result
		want string
	}{
		{Result{ImplicitDeny, IdentityBased}, "because no identity-based policy allows the lambda:ListFunctions action"},
		{Result{ImplicitDeny, ResourceBased}, "because no resource-based policy allows the lambda:ListFunctions action"},
		{Result{ExplicitDeny, IdentityBased}, "with an explicit deny in an identity-based policy"},
		{Result{ExplicitDeny, ResourceBased}, "with an explicit deny in a resource-based policy"},
	}
	for _, tc := range cases {
		if got := tc.r.Reason("lambda:ListFunctions"); got != tc.want {
			t.Errorf("Reason = %q, want %q", got, tc.want)
		}
	}
}

func TestTrusts(t *testing.T) {
	trust := doc(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com","AWS":"444455556666"},"Action":"sts:AssumeRole"}]}`)
	role := "arn:aws:iam::111122223333:role/app"
	cases := []struct {
		name string
		who  Principal
		want bool
	}{
		{"Lambda", Principal{Service: "lambda.amazonaws.com"}, true},
		{"OtherService", Principal{Service: "states.amazonaws.com"}, false},
		{"TrustedAccountRoot", Root(other), true},
		{"TrustedAccountRole", Principal{Account: other, ARN: "arn:aws:sts::444455556666:assumed-role/x/y", Role: "arn:aws:iam::444455556666:role/x"}, true},
		{"OwnAccountNotNamed", Root(acct), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := Request{Principal: tc.who, Action: "sts:AssumeRole", Resource: role}
			if got := Trusts(trust, req); got != tc.want {
				t.Errorf("Trusts = %v, want %v", got, tc.want)
			}
		})
	}
}
