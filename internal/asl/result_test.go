package asl

import "testing"

func TestPutResult(t *testing.T) {
	// The ResultPath examples of the AWS developer guide.
	input := `{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}`
	result := decode(t, `"Hello, AWS Step Functions!"`)
	for _, tc := range []struct {
		name, path string
		discard    bool
		want       string
	}{
		{"Replace", "$", false, `"Hello, AWS Step Functions!"`},
		{"Discard", "", true, input},
		{"Add", "$.taskresult", false, `{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions", "taskresult": "Hello, AWS Step Functions!"}`},
		{"Overwrite", "$.details", false, `{"comment": "This is a test of the input and output of a Task state.", "details": "Hello, AWS Step Functions!", "who": "AWS Step Functions"}`},
		{"Create", "$.a.b", false, `{"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions", "a": {"b": "Hello, AWS Step Functions!"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := decode(t, input)
			got, err := PutResult(tc.path, tc.discard, in, result)
			if err != nil {
				t.Fatal(err)
			}
			same(t, got, tc.want)
			same(t, in, input) // the input is left alone
		})
	}
}

func TestPutResultMismatch(t *testing.T) {
	_, err := PutResult("$.a.b", false, obj(t, `{"a": 1}`), "x")
	failsWith(t, err, ErrResultPathMatch, `Unable to apply ResultPath '$.a.b' to input '{"a":1}'`)
}

func TestValidateReferencePath(t *testing.T) {
	for _, p := range []string{"$", "$.a.b", "$['a b'][0]", "$.detail-type"} {
		if err := ValidateReferencePath(p); err != nil {
			t.Errorf("ValidateReferencePath(%q): %v", p, err)
		}
	}
	for _, p := range []string{"$.a[*]", "$..a", "$.a[?(@.b)]", "$.a[0:1]", "$$.Execution", "a"} {
		if err := ValidateReferencePath(p); err == nil {
			t.Errorf("ValidateReferencePath(%q) passed", p)
		}
	}
}
