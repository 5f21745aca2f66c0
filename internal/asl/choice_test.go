package asl

import "testing"

const choiceInput = `{
  "type": "Private", "value": 25, "name": "log-2021-01-01.txt", "star": "a*b", "flag": true,
  "nothing": null, "when": "2016-03-14T01:59:00Z", "later": "2016-03-14T02:00:00.5+01:00",
  "other": 25.0, "label": "Public", "lower": "2016-03-14t01:59:00z"
}`

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		name, rule string
		want       bool
	}{
		// The rules of the AWS developer guide's Choice state example.
		{"Not", `{"Not": {"Variable": "$.type", "StringEquals": "Private"}}`, false},
		{"NumericEqualsZero", `{"Variable": "$.value", "NumericEquals": 0}`, false},
		{"And", `{"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20}, {"Variable": "$.value", "NumericLessThan": 30}]}`, true},
		{"Or", `{"Or": [{"Variable": "$.value", "NumericLessThan": 0}, {"Variable": "$.flag", "BooleanEquals": true}]}`, true},
		{"StringEquals", `{"Variable": "$.type", "StringEquals": "Private"}`, true},
		{"StringLessThan", `{"Variable": "$.type", "StringLessThan": "Public"}`, true},
		{"StringGreaterThan", `{"Variable": "$.type", "StringGreaterThan": "Public"}`, false},
		{"StringLessThanEquals", `{"Variable": "$.type", "StringLessThanEquals": "Private"}`, true},
		{"StringGreaterThanEquals", `{"Variable": "$.type", "StringGreaterThanEquals": "Privat"}`, true},
		{"StringEqualsPath", `{"Variable": "$.label", "StringEqualsPath": "$.label"}`, true},
		{"StringLessThanPath", `{"Variable": "$.type", "StringLessThanPath": "$.label"}`, true},
		{"StringMatches", `{"Variable": "$.name", "StringMatches": "log-*.txt"}`, true},
		{"StringMatchesNot", `{"Variable": "$.name", "StringMatches": "log-*.csv"}`, false},
		{"StringMatchesEscapedStar", `{"Variable": "$.star", "StringMatches": "a\\*b"}`, true},
		{"StringMatchesEscapedStarLiteral", `{"Variable": "$.name", "StringMatches": "log-\\*"}`, false},
		{"StringOnNumber", `{"Variable": "$.value", "StringEquals": "25"}`, false},
		{"NumericEquals", `{"Variable": "$.value", "NumericEquals": 25}`, true},
		{"NumericEqualsFloat", `{"Variable": "$.other", "NumericEquals": 25}`, true},
		{"NumericGreaterThan", `{"Variable": "$.value", "NumericGreaterThan": 24.5}`, true},
		{"NumericLessThanEquals", `{"Variable": "$.value", "NumericLessThanEquals": 25}`, true},
		{"NumericGreaterThanEquals", `{"Variable": "$.value", "NumericGreaterThanEquals": 26}`, false},
		{"NumericEqualsPath", `{"Variable": "$.value", "NumericEqualsPath": "$.other"}`, true},
		{"NumericOnString", `{"Variable": "$.type", "NumericEquals": 0}`, false},
		{"BooleanEquals", `{"Variable": "$.flag", "BooleanEquals": true}`, true},
		{"BooleanEqualsPath", `{"Variable": "$.flag", "BooleanEqualsPath": "$.flag"}`, true},
		{"TimestampEquals", `{"Variable": "$.when", "TimestampEquals": "2016-03-14T01:59:00Z"}`, true},
		{"TimestampLessThan", `{"Variable": "$.when", "TimestampLessThan": "2016-03-14T02:00:00Z"}`, true},
		{"TimestampGreaterThan", `{"Variable": "$.later", "TimestampGreaterThan": "2016-03-14T00:59:00Z"}`, true},
		{"TimestampLessThanEquals", `{"Variable": "$.when", "TimestampLessThanEquals": "2016-03-14T01:59:00Z"}`, true},
		{"TimestampGreaterThanEquals", `{"Variable": "$.when", "TimestampGreaterThanEquals": "2016-03-14T02:00:00Z"}`, false},
		{"TimestampLessThanPath", `{"Variable": "$.when", "TimestampLessThanPath": "$.later"}`, false},
		{"TimestampLowercase", `{"Variable": "$.lower", "TimestampEquals": "2016-03-14T01:59:00Z"}`, false},
		{"IsNull", `{"Variable": "$.nothing", "IsNull": true}`, true},
		{"IsNullFalse", `{"Variable": "$.value", "IsNull": true}`, false},
		{"IsPresent", `{"Variable": "$.value", "IsPresent": true}`, true},
		{"IsPresentMissing", `{"Variable": "$.missing", "IsPresent": true}`, false},
		{"IsNotPresent", `{"Variable": "$.missing", "IsPresent": false}`, true},
		{"IsNumeric", `{"Variable": "$.value", "IsNumeric": true}`, true},
		{"IsString", `{"Variable": "$.value", "IsString": false}`, true},
		{"IsBoolean", `{"Variable": "$.flag", "IsBoolean": true}`, true},
		{"IsTimestamp", `{"Variable": "$.when", "IsTimestamp": true}`, true},
		{"IsTimestampNot", `{"Variable": "$.name", "IsTimestamp": true}`, false},
		{"Context", `{"Variable": "$$.State.Name", "StringEquals": "Pick"}`, true},
		{"Variable", `{"Variable": "$limit", "NumericGreaterThan": 10}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rule := obj(t, tc.rule)
			if err := ValidateRule(rule); err != nil {
				t.Fatalf("ValidateRule: %v", err)
			}
			got, err := Choose(rule, decode(t, choiceInput), decode(t, `{"State": {"Name": "Pick"}}`), obj(t, `{"limit": 11}`))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestChooseMissing(t *testing.T) {
	_, err := Choose(obj(t, `{"Variable": "$.missing", "StringEquals": "x"}`), obj(t, `{}`), nil, nil)
	failsWith(t, err, ErrRuntime, `Invalid path '$.missing': The choice state's condition path references an invalid value.`)
}

func TestValidateRule(t *testing.T) {
	for _, tc := range []struct{ rule, name, cause string }{
		{`{"Variable": "$.a"}`, ErrSchema, `A Choice rule must have exactly one of And, Or, Not or a comparison operator`},
		{`{"Variable": "$.a", "StringEquals": "x", "NumericEquals": 1}`, ErrSchema, `A Choice rule must have exactly one of And, Or, Not or a comparison operator`},
		{`{"Variable": "$.a", "NumericEquals": "1"}`, ErrSchema, `The value of the field 'NumericEquals' must be a number`},
		{`{"Variable": "$.a", "TimestampEquals": "yesterday"}`, ErrSchema, `The value of the field 'TimestampEquals' must be a timestamp in RFC 3339 format`},
		{`{"Variable": "$.a", "IsNull": "yes"}`, ErrSchema, `The value of the field 'IsNull' must be a boolean`},
		{`{"Variable": "$.a", "StringEqualsPath": "nope"}`, ErrSchema, `The value of the field 'StringEqualsPath' must be a valid JSONPath`},
		{`{"Variable": "a", "StringEquals": "x"}`, ErrInvalidPath, `The field 'Variable' must be a valid JSONPath`},
		{`{"And": []}`, ErrSchema, `The field 'And' must be a non-empty array of Choice rules`},
		{`{"Not": [1]}`, ErrSchema, `The field 'Not' must be a Choice rule`},
		{`{"Or": [{"Variable": "$.a", "Foo": 1}]}`, ErrSchema, `The field 'Foo' is not supported in a Choice rule`},
	} {
		t.Run(tc.cause, func(t *testing.T) {
			failsWith(t, ValidateRule(obj(t, tc.rule)), tc.name, tc.cause)
		})
	}
}
