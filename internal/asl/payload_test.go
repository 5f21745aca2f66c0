package asl

import "testing"

func TestPayload(t *testing.T) {
	// The Parameters example of the AWS developer guide ("Manipulate parameters").
	input := `{"product": {"details": {"color": "blue", "size": "small", "material": "cotton"}, "availability": "in stock", "sku": "2317", "cost": "$23"}}`
	tmpl := `{"comment": "Selecting what I care about.", "MyDetails": {"size.$": "$.product.details.size", "exists.$": "$.product.availability", "StaticValue": "foo"}, "Ctx.$": "$$.Execution.Name", "Var.$": "$limit", "List": [{"sku.$": "$.product.sku"}]}`
	want := `{"comment": "Selecting what I care about.", "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"}, "Ctx": "run-1", "Var": 10, "List": [{"sku": "2317"}]}`
	got, err := Payload(decode(t, tmpl), decode(t, input), decode(t, `{"Execution": {"Name": "run-1"}}`), obj(t, `{"limit": 10}`))
	if err != nil {
		t.Fatal(err)
	}
	same(t, got, want)
}

func TestPayloadNotFound(t *testing.T) {
	_, err := Payload(decode(t, `{"JobName.$": "$.JobName"}`), obj(t, `{}`), nil, nil)
	failsWith(t, err, ErrRuntime, `The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'`)
}

func TestValidatePayload(t *testing.T) {
	for _, tmpl := range []string{
		`{"a.$": "$.x", "b": {"c.$": "$$.Execution.Id"}, "d": [{"e.$": "States.Format('{}', $.x)"}], "f.$": "$var.y"}`,
		`{"plain": "$.not.a.path"}`,
	} {
		if err := ValidatePayload(decode(t, tmpl)); err != nil {
			t.Errorf("ValidatePayload(%s): %v", tmpl, err)
		}
	}
	for _, tc := range []struct{ tmpl, cause string }{
		{`{"a.$": "x"}`, `The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call`},
		{`{"b": [{"a.$": "States.Nope()"}]}`, `The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call`},
		{`{"a.$": 1}`, `The value for the field 'a.$' must be a STRING that contains a JSONPath but was an INTEGER`},
		{`{"a.$": true}`, `The value for the field 'a.$' must be a STRING that contains a JSONPath but was a BOOLEAN`},
	} {
		failsWith(t, ValidatePayload(decode(t, tc.tmpl)), ErrSchema, tc.cause)
	}
}
