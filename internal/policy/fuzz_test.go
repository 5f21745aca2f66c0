package policy

import "testing"

// FuzzPolicy parses arbitrary documents and evaluates what parses against a
// few requests: nothing may panic or hang, and a document that parses must
// decide every request one way or the other.
func FuzzPolicy(f *testing.F) {
	for _, seed := range []string{
		allow("lambda:*", "arn:aws:lambda:*:*:function:*"),
		deny("*", "*"),
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::${aws:userid}/*",` +
			`"Condition":{"ForAllValues:StringLikeIfExists":{"aws:TagKeys":["a*","b?"]},"Null":{"aws:x":"true"},"IpAddress":{"aws:SourceIp":["10.0.0.0/8"]}}}}`,
	} {
		f.Add(seed, "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:f")
	}
	f.Fuzz(func(t *testing.T, docText, action, resource string) {
		d, err := Parse([]byte(docText))
		if err != nil {
			return
		}
		ctx := map[string][]string{"aws:userid": {"AROA:fn"}, "aws:tagkeys": {"a1", "b2"}, "aws:sourceip": {"10.0.0.1"}}
		req := Request{Principal: session, Action: action, Resource: resource, Context: ctx}
		for _, r := range []Result{Evaluate(req, []*Document{d}, nil), Evaluate(req, nil, d)} {
			if r.Decision != Allowed && r.By == "" {
				t.Fatalf("a refusal without its policy kind: %+v", r)
			}
		}
		Trusts(d, req)
	})
}
