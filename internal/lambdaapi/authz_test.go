package lambdaapi

import (
	"encoding/json"
	"testing"

	"github.com/virga-dev/virga/internal/lambda"
)

func TestGrants(t *testing.T) {
	const caller = "111122223333"
	tests := []struct {
		name, statement string
		want            bool
	}{
		{"RootOfCaller", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"lambda:InvokeFunction"}`, true},
		{"AccountID", `{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"lambda:InvokeFunction"}`, true},
		{"Anyone", `{"Effect":"Allow","Principal":"*","Action":"lambda:*"}`, true},
		{"AnyoneAWS", `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*"}`, true},
		{"ActionCase", `{"Effect":"Allow","Principal":"*","Action":"Lambda:invokefunction"}`, true},
		{"SourceAccountOfCaller", `{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"AWS:SourceAccount":"111122223333"}}}`, true},
		{"OtherAccount", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"lambda:InvokeFunction"}`, false},
		{"Role", `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/r"},"Action":"lambda:InvokeFunction"}`, false},
		{"Service", `{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction"}`, false},
		{"OtherAction", `{"Effect":"Allow","Principal":"*","Action":"lambda:GetFunction"}`, false},
		{"FunctionURL", `{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl"}`, false},
		{"OtherSourceAccount", `{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"AWS:SourceAccount":"444455556666"}}}`, false},
		{"SourceArn", `{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"}}}`, false},
		{"Org", `{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}}`, false},
		{"Deny", `{"Effect":"Deny","Principal":"*","Action":"lambda:InvokeFunction"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var st lambda.Statement
			if err := json.Unmarshal([]byte(tt.statement), &st); err != nil {
				t.Fatal(err)
			}
			if got := grants(st, caller, "lambda:InvokeFunction"); got != tt.want {
				t.Errorf("grants = %v, want %v", got, tt.want)
			}
		})
	}
}
