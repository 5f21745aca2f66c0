package statemachine

import (
	"errors"
	"testing"
)

func TestParseDiagnostics(t *testing.T) {
	for _, tc := range []struct{ name, def, want string }{
		{"NoStates", `{"StartAt":"A"}`, "SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /"},
		{"MissingTarget", `{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"C":{"Type":"Succeed"}}}`,
			`MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next, MISSING_TRANSITION_TARGET: State "C" is not reachable. at /States/C`},
		{"NextAndEnd", `{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A","End":true}}}`,
			"SCHEMA_VALIDATION_FAILED: Only one of the fields [Next, End] may be set at /States/A"},
		{"UnknownField", `{"StartAt":"A","States":{"A":{"Type":"Succeed","Next":"A"}}}`,
			"SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/A"},
		{"BadType", `{"StartAt":"A","States":{"A":{"Type":"Nope","End":true}}}`,
			"SCHEMA_VALIDATION_FAILED: Value is not a valid state type at /States/A/Type"},
		{"AllNotLast", `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","End":true,
			"Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["X"]}]}}}`,
			"SCHEMA_VALIDATION_FAILED: States.ALL must be the last retrier or catcher at /States/A/Retry[0]/ErrorEquals"},
		{"WaitTwice", `{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":1,"SecondsPath":"$.s","End":true}}}`,
			"SCHEMA_VALIDATION_FAILED: Exactly one of the fields [Seconds, Timestamp, SecondsPath, TimestampPath] must be set at /States/A"},
		{"BranchTarget", `{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"X","States":{"Y":{"Type":"Succeed"}}}]}}}`,
			`MISSING_TRANSITION_TARGET: Missing 'Next' target: X at /States/P/Branches[0]/StartAt, MISSING_TRANSITION_TARGET: State "Y" is not reachable. at /States/P/Branches[0]/States/Y`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.def)
			var invalid *InvalidError
			if !errors.As(err, &invalid) || err.Error() != tc.want {
				t.Fatalf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	d, err := Parse(`{"StartAt":"T","TimeoutSeconds":30,"States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
		"ResultPath":null,"Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"T"}]}}}`)
	if err != nil {
		t.Fatal(err)
	}
	s := d.State("T")
	r := s.Retry[0]
	if r.IntervalSeconds != 1 || r.MaxAttempts != 3 || r.BackoffRate != 2 || !s.ResultPath.Null || d.TimeoutSeconds != 30 {
		t.Fatalf("%+v %+v", r, s.ResultPath)
	}
	if !s.Catch[0].ResultPath.Or("$").Set || s.Catch[0].ResultPath.Or("$").Value != "$" {
		t.Fatalf("catch result path %+v", s.Catch[0].ResultPath)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(`{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}`)
	f.Add(`{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Succeed"}}},"End":true}}}`)
	f.Add(`{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","IsPresent":true,"Next":"C"}]}}}`)
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Parse(text)
		if err == nil && d.State(d.StartAt) == nil {
			t.Fatalf("valid definition without its StartAt state: %s", text)
		}
	})
}
