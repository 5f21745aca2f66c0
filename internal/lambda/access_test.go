package lambda

import "testing"

func TestPolicyAllows(t *testing.T) {
	const source = "arn:aws:execute-api:us-east-1:123456789012:abc1234567/$default/GET/items/{id}"
	service := map[string]any{"Service": "apigateway.amazonaws.com"}
	access := Access{Service: "apigateway.amazonaws.com", Action: "lambda:InvokeFunction",
		Keys: map[string]string{"AWS:SourceArn": source, "AWS:SourceAccount": "123456789012"}}
	cases := []struct {
		name string
		st   Statement
		want bool
	}{
		{"NoCondition", Statement{Effect: "Allow", Principal: service, Action: "lambda:InvokeFunction"}, true},
		{"SourceArnWildcard", Statement{Effect: "Allow", Principal: service, Action: "lambda:InvokeFunction",
			Condition: map[string]map[string]string{"ArnLike": {"AWS:SourceArn": "arn:aws:execute-api:us-east-1:123456789012:abc1234567/*/*"}}}, true},
		{"SourceArnOtherAPI", Statement{Effect: "Allow", Principal: service, Action: "lambda:InvokeFunction",
			Condition: map[string]map[string]string{"ArnLike": {"AWS:SourceArn": "arn:aws:execute-api:us-east-1:123456789012:other/*"}}}, false},
		{"SourceAccount", Statement{Effect: "Allow", Principal: service, Action: "lambda:*",
			Condition: map[string]map[string]string{"StringEquals": {"aws:sourceaccount": "123456789012"}}}, true},
		{"UnknownKey", Statement{Effect: "Allow", Principal: service, Action: "lambda:InvokeFunction",
			Condition: map[string]map[string]string{"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}}, false},
		{"OtherService", Statement{Effect: "Allow", Principal: map[string]any{"Service": "s3.amazonaws.com"}, Action: "lambda:InvokeFunction"}, false},
		{"OtherAction", Statement{Effect: "Allow", Principal: service, Action: "lambda:GetFunction"}, false},
		{"Everyone", Statement{Effect: "Allow", Principal: "*", Action: "lambda:InvokeFunction"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := (Policy{Statement: []Statement{c.st}}).Allows(access); got != c.want {
				t.Errorf("Allows = %v, want %v", got, c.want)
			}
		})
	}
}

func TestPolicyAllowsAnyone(t *testing.T) {
	anyone := Access{Action: "lambda:InvokeFunctionUrl", Keys: map[string]string{"lambda:FunctionUrlAuthType": "NONE"}}
	cases := []struct {
		name      string
		principal any
		want      bool
	}{
		{"Star", "*", true},
		{"AWSStar", map[string]any{"AWS": "*"}, true},
		{"Service", map[string]any{"Service": "s3.amazonaws.com"}, false},
		{"Account", map[string]any{"AWS": "arn:aws:iam::123456789012:root"}, false},
	}
	for _, c := range cases {
		st := Statement{Effect: "Allow", Principal: c.principal, Action: "lambda:InvokeFunctionUrl",
			Condition: map[string]map[string]string{"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}}
		if got := st.Allows(anyone); got != c.want {
			t.Errorf("%s: Allows = %v, want %v", c.name, got, c.want)
		}
	}
}
