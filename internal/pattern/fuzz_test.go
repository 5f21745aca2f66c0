package pattern

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzCompileMatch compiles random patterns and matches them against random
// events. Nothing may panic or hang, and reading the event in one pass must
// agree with encoding/json: on whether it is valid JSON, and, when it is, on
// whether the pattern matches the event decoded in full.
func FuzzCompileMatch(f *testing.F) {
	for _, cases := range [][]matchCase{eventBridgeCases, lambdaCases, snsBodyCases} {
		for _, c := range cases {
			f.Add([]byte(c.pattern), []byte(c.event), false)
		}
	}
	for _, c := range snsAttributeCases {
		ev, _ := json.Marshal(c.event)
		f.Add([]byte(c.policy), ev, true)
	}
	f.Fuzz(func(t *testing.T, pattern, event []byte, sns bool) {
		var opts []Option
		if sns {
			opts = []Option{SNS(), MessageBody()}
		}
		p, err := Compile(pattern, opts...)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Compile returned %T, not *Error", err)
			}
			return
		}
		got := p.Match(event)
		if p.matchAll {
			return
		}
		_, _, read := new(eventReader).readEvent(event, p.need)
		if startsObject(event) && read != json.Valid(event) {
			t.Fatalf("event read as valid=%v, encoding/json says %v", read, json.Valid(event))
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(event))
		dec.UseNumber()
		if dec.Decode(&v) != nil || !json.Valid(event) {
			if got {
				t.Fatalf("an invalid event matched")
			}
			return
		}
		if want := p.MatchValue(v); got != want {
			t.Fatalf("Match = %v, MatchValue = %v", got, want)
		}
	})
}

func startsObject(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}
