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
