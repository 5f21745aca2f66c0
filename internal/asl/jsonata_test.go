package asl

import (
	"regexp"
	"testing"
)

func TestEval(t *testing.T) {
	states := obj(t, `{"input": {"customer": {"name": "Ada", "orders": [{"price": 10, "qty": 3}, {"price": 0.5, "qty": 10}]}, "gone": null}, "context": {"Execution": {"Name": "run-1"}}}`)
	vars := obj(t, `{"limit": 2, "nothing": null}`)
	for _, tc := range []struct{ name, value, want string }{
		{"Literal", `"plain text"`, `"plain text"`},
		{"Number", `42`, `42`},
		{"Input", `"{% $states.input.customer.name %}"`, `"Ada"`},
		{"Context", `"{% $states.context.Execution.Name %}"`, `"run-1"`},
		{"Arithmetic", `"{% $sum($states.input.customer.orders.(price * qty)) %}"`, `35`},
		{"Fraction", `"{% 1 / 4 %}"`, `0.25`},
		{"Null", `"{% $states.input.gone %}"`, `null`},
		{"NullVariable", `"{% $nothing = null %}"`, `true`},
		{"Variable", `"{% $limit * 2 %}"`, `4`},
		{"Template", `{"who": "{% $uppercase($states.input.customer.name) %}", "list": ["{% $limit %}", "x"], "n": 1}`, `{"who": "ADA", "list": [2, "x"], "n": 1}`},
		{"Object", `"{% {'a': $limit, 'b': [1, 2]} %}"`, `{"a": 2, "b": [1, 2]}`},
		// The functions Step Functions adds to JSONata, with its documented examples.
		{"Partition", `"{% $partition([1,2,3,4], 2) %}"`, `[[1,2],[3,4]]`},
		{"PartitionRest", `"{% $partition([1,2,3,4,5], 2) %}"`, `[[1,2],[3,4],[5]]`},
		{"Range", `"{% $range(0, 10, 2) %}"`, `[0,2,4,6,8,10]`},
		{"Hash", `"{% $hash('input data', 'SHA-1') %}"`, `"aaff4a450a104cd177d28d18d74485e8cae074b7"`},
		{"RandomSeeded", `"{% $random(42) %}"`, `0.7275636800328681`},
		{"Parse", `"{% $parse('{\"a\": [1, true]}') %}"`, `{"a": [1, true]}`},
		{"Recursion", `"{% ( $f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10) ) %}"`, `3628800`},
		{"DeepRecursion", `"{% ( $f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(900) ) %}"`, `900`},
		{"Lambda", `"{% $map([1, 2, 3], function($v, $i){ $v * $i }) %}"`, `[0, 2, 6]`},
		{"LambdaShorthand", `"{% $sort([3, 1, 2], λ($l, $r){ $l > $r }) %}"`, `[1, 2, 3]`},
		{"ManyCalls", `"{% $count($map([1..5000], function($v){ $v })) %}"`, `5000`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Eval(decode(t, tc.value), states, vars)
			if err != nil {
				t.Fatal(err)
			}
			same(t, got, tc.want)
		})
	}
}

func TestEvalGenerated(t *testing.T) {
	u, err := Eval("{% $uuid() %}", nil, nil)
	if err != nil || !regexp.MustCompile(`^[0-9a-f-]{36}$`).MatchString(u.(string)) {
		t.Errorf("$uuid() = %v, %v", u, err)
	}
	r, err := Eval("{% $random() %}", nil, nil)
	if f, ok := toFloat(r); err != nil || !ok || f < 0 || f >= 1 {
		t.Errorf("$random() = %v, %v", r, err)
	}
}

func TestEvalErrors(t *testing.T) {
	for _, tc := range []struct{ value, cause string }{
		{`{% $states.input.missing %}`, `The JSONata expression '$states.input.missing' returned nothing (undefined).`},
		{`{% function($x) { $x } %}`, `The JSONata expression 'function($x) { $x }' returned an unsupported result type.`},
		{`{% $.a %}`, `The JSONata expression '$.a' uses '$' or '$$' at its top level, which is not supported: use $states`},
		{`{% ( $f := function($x){ $f($x) }; $f(1) ) %}`, `An error occurred while evaluating the JSONata expression '( $f := function($x){ $f($x) }; $f(1) )': user-defined functions are nested more than 1000 calls deep (runaway recursion?)`},
	} {
		_, err := Eval(tc.value, obj(t, `{"input": {}}`), nil)
		failsWith(t, err, ErrQueryEvaluation, tc.cause)
	}
	_, err := Eval("{% 1 + %}", nil, nil)
	if e, ok := err.(*Error); !ok || e.Name != ErrQueryEvaluation {
		t.Errorf("syntax error: %v", err)
	}
	if err := ValidateJSONata(decode(t, `{"a": ["{% 1 + %}"]}`)); err == nil {
		t.Error("ValidateJSONata passed a syntax error")
	}
	if err := ValidateJSONata(decode(t, `{"a": ["{% 1 + 1 %}", "text"]}`)); err != nil {
		t.Errorf("ValidateJSONata: %v", err)
	}
}

// TestEvalConcurrent checks that evaluations of one cached expression keep
// their own bindings.
func TestEvalConcurrent(t *testing.T) {
	done := make(chan error)
	for i := range 8 {
		go func() {
			for range 50 {
				got, err := Eval("{% $n * 2 %}", nil, map[string]any{"n": number(float64(i))})
				if err == nil && compact(got) != compact(number(float64(2*i))) {
					err = &Error{Name: "mixed", Cause: compact(got)}
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
