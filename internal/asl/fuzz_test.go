package asl

import (
	"encoding/json"
	"testing"

	jsonata "github.com/blues/jsonata-go"
)

const fuzzDoc = `{"a": {"b": [1, {"c": "x"}], "d-e": null}, "list": [{"n": 1}, {"n": 2}], "s": "text"}`

// FuzzPath checks that any path either fails with an *Error or selects,
// and that a path ValidatePath accepts never fails to parse at run time.
func FuzzPath(f *testing.F) {
	for _, p := range []string{"$", "$.a.b[1].c", "$['a']['d-e']", "$.list[*].n", "$..n", "$.list[?(@.n > 1)]", "$$.x", "$.a.d-e", "$[", "$.list[-1:]"} {
		f.Add(p)
	}
	doc := decode(f, fuzzDoc)
	f.Fuzz(func(t *testing.T, path string) {
		_, err := Path(path, doc, doc)
		if _, ok := err.(*Error); err != nil && !ok {
			t.Fatalf("Path(%q): %T %v", path, err, err)
		}
		if ValidatePath(path) == nil {
			if e, ok := err.(*Error); ok && e.path == "" {
				t.Fatalf("ValidatePath(%q) passed but Path failed: %v", path, err)
			}
		}
		_, _ = PutResult(path, false, doc, "r")
	})
}

// FuzzIntrinsic checks the intrinsic parser and evaluator on any text.
func FuzzIntrinsic(f *testing.F) {
	for _, e := range []string{
		`States.Format('{} and \{\}', $.s)`, `States.Array(1, 'a', true, null, $.a)`,
		`States.ArrayRange(1, 9, 2)`, `States.MathRandom(1, 10, 3)`, `States.Hash($.s, 'MD5')`,
		`States.JsonMerge($.a, $.a, false)`, `States.StringSplit('a,b', ',')`, `States.Format('{}', States.UUID())`,
		`States.ArrayGetItem($.list, -1)`, `States.Base64Decode('!!')`,
	} {
		f.Add(e)
	}
	doc := decode(f, fuzzDoc)
	f.Fuzz(func(t *testing.T, expr string) {
		got, err := Intrinsic(expr, doc, doc, nil)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Intrinsic(%q): %T %v", expr, err, err)
			}
			return
		}
		if _, err := json.Marshal(got); err != nil {
			t.Fatalf("Intrinsic(%q) = %#v, not JSON: %v", expr, got, err)
		}
	})
}

// FuzzEval checks JSONata evaluation on any expression: an *Error or a
// JSON value, never a panic.
func FuzzEval(f *testing.F) {
	for _, e := range []string{
		"$states.input.a.b[0]", "$sum([1,2])", "$partition([1,2,3], 2)", "$range(1, 5, 2)",
		"$hash('x', 'MD5')", "$random(1)", "$parse('[1]')", "{'a': $v}", "$states.input.list[n > 1]", "1 +",
		"($f := function($n){ $n < 1 ? 0 : $f($n - 1) }; $f(3))", "$map([1,2], λ($v){ $v & 'x' })", "$sort([2,1], function($a, $b){ $a > $b })",
	} {
		f.Add(e)
	}
	states := map[string]any{"input": decode(f, fuzzDoc)}
	vars := map[string]any{"v": json.Number("1")}
	f.Fuzz(func(t *testing.T, expr string) {
		if len(expr) > 200 {
			return // long expressions only slow the search down
		}
		if _, err := guard(func() (*jsonata.Expr, error) { return jsonata.Compile(expr) }); err == nil {
			if _, err := guard(func() (*jsonata.Expr, error) { return jsonata.Compile(guardRecursion(expr)) }); err != nil {
				t.Fatalf("%q compiles, but not once its functions are guarded (%q): %v", expr, guardRecursion(expr), err)
			}
		}
		got, err := Eval("{% "+expr+" %}", states, vars)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Eval(%q): %T %v", expr, err, err)
			}
			return
		}
		if _, err := json.Marshal(got); err != nil {
			t.Fatalf("Eval(%q) = %#v, not JSON: %v", expr, got, err)
		}
	})
}
