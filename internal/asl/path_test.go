package asl

import "testing"

// The input of the AWS developer guide's InputPath/OutputPath examples.
const guideInput = `{
  "comment": "Example for InputPath.",
  "dataset1": {"val1": 1, "val2": 2, "val3": 3},
  "dataset2": {"val1": "a", "val2": "b", "val3": "c"},
  "detail-type": "Object Created",
  "a b": true,
  "list": [{"keep": true, "n": 1}, {"keep": false, "n": 2}, {"keep": true, "n": 3}]
}`

func TestPath(t *testing.T) {
	ctx := `{"Execution": {"Id": "arn:aws:states:us-east-1:123456789012:execution:sm:run"}, "Map": {"Item": {"Index": 2}}}`
	for _, tc := range []struct{ name, path, want string }{
		{"Root", "$", guideInput},
		{"Object", "$.dataset2", `{"val1": "a", "val2": "b", "val3": "c"}`},
		{"Nested", "$.dataset1.val2", `2`},
		{"Index", "$.list[1].n", `2`},
		{"LastIndex", "$.list[-1].n", `3`},
		{"Bracket", "$['a b']", `true`},
		{"DashedName", "$.detail-type", `"Object Created"`},
		{"Wildcard", "$.list[*].n", `[1, 2, 3]`},
		{"Slice", "$.list[0:2].n", `[1, 2]`},
		{"Descendants", "$..val1", `[1, "a"]`},
		{"Filter", "$.list[?(@.keep == true)].n", `[1, 3]`},
		{"FilterExists", "$.list[?(@.keep)].n", `[1, 2, 3]`},
		{"FilterAnd", "$.list[?(@.n>1 && @.keep==true)].n", `[3]`},
		{"FilterNot", "$.list[?(!(@.n == 1))].n", `[2, 3]`},
		{"FilterRoot", "$.list[?(@.n == $.dataset1.val2)].n", `[2]`},
		{"Union", "$.list[0,2].n", `[1, 3]`},
		{"NegativeSlice", "$.list[-1:].n", `[3]`},
		{"FilterCompare", "$.list[?(@.n > 1)].n", `[2, 3]`},
		{"IndefiniteEmpty", "$.list[?(@.n > 5)]", `[]`},
		{"Context", "$$.Execution.Id", `"arn:aws:states:us-east-1:123456789012:execution:sm:run"`},
		{"ContextMapIndex", "$$.Map.Item.Index", `2`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Path(tc.path, decode(t, guideInput), decode(t, ctx))
			if err != nil {
				t.Fatal(err)
			}
			same(t, got, tc.want)
		})
	}
}

func TestPathNotFound(t *testing.T) {
	_, err := Path("$.x", obj(t, `{"a":1}`), nil)
	failsWith(t, err, ErrRuntime, `The JSONPath '$.x' could not be found in the input '{"a":1}'`)
	failsWith(t, err.(*Error).InField("InputPath"), ErrRuntime, `The JSONPath '$.x' specified for the field 'InputPath' could not be found in the input '{"a":1}'`)
}

func TestValidatePath(t *testing.T) {
	for _, p := range []string{"$", "$.a", "$$.Execution.Id", "$.a[?(@.b == 'c')]", "$.detail-type"} {
		if err := ValidatePath(p); err != nil {
			t.Errorf("ValidatePath(%q): %v", p, err)
		}
	}
	for _, p := range []string{"", "a.b", "$.a[", "$$$", "$.list.length()", "$.a[?(@.n in [1])]"} {
		if err := ValidatePath(p); err == nil {
			t.Errorf("ValidatePath(%q) passed", p)
		}
	}
}
