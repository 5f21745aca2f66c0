package logs

import (
	"errors"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
)

func TestPatternMatch(t *testing.T) {
	cases := []struct {
		pattern, msg string
		want         bool
	}{
		{"", "anything", true},
		{"ERROR", "[ERROR] disk full", true},
		{"ERROR", "error: disk full", false},
		{"ERROR disk", "[ERROR] disk full", true},
		{"ERROR memory", "[ERROR] disk full", false},
		{`"disk full"`, "[ERROR] disk full\n", true},
		{`"full disk"`, "[ERROR] disk full", false},
		{"?ERROR ?WARN", "WARN low memory", true},
		{"?ERROR ?WARN", "INFO started", false},
		{"ERROR -disk", "ERROR disk full", false},
		{"ERROR -disk", "ERROR cpu hot", true},
		{`-"cpu hot"`, "ERROR cpu hot", false},
		{`{ $.level = "ERROR" }`, `{"level":"ERROR","latency":120}`, true},
		{`{ $.level = ERROR }`, `{"level":"ERROR"}`, true},
		{`{ $.level = "ERR*" }`, `{"level":"ERROR"}`, true},
		{`{ $.level = "ERROR" }`, `{"level":"INFO"}`, false},
		{`{ $.level != "ERROR" }`, `{"level":"INFO"}`, true},
		{`{ $.level != "ERROR" }`, `{"other":1}`, false},
		{`{ $.latency > 100 }`, `{"latency":120}`, true},
		{`{ $.latency < 100 }`, `{"latency":120}`, false},
		{`{ $.latency >= 120 && $.latency <= 120 }`, `{"latency":120}`, true},
		{`{ $.latency = 120 }`, `{"latency":120}`, true},
		{`{ $.code = 200 }`, `{"code":"200"}`, true},
		{`{ ($.a = 1 || $.b = 2) && $.c.d[1] = "x" }`, `{"b":2,"c":{"d":["w","x"]}}`, true},
		{`{ ($.a = 1 || $.b = 2) && $.c.d[1] = "x" }`, `{"b":3,"c":{"d":["w","x"]}}`, false},
		{`{ $.x IS NULL }`, `{"x":null}`, true},
		{`{ $.x IS TRUE }`, `{"x":true}`, true},
		{`{ $.x IS FALSE }`, `{"x":true}`, false},
		{`{ $.x NOT EXISTS }`, `{"y":1}`, true},
		{`{ $.level = "ERROR" }`, `not json`, false},
	}
	for _, c := range cases {
		p, err := ParsePattern(c.pattern)
		if err != nil {
			t.Errorf("ParsePattern(%q): %v", c.pattern, err)
			continue
		}
		if got := p.Match(c.msg); got != c.want {
			t.Errorf("%q matching %q = %v, want %v", c.pattern, c.msg, got, c.want)
		}
	}
}

func TestPatternInvalid(t *testing.T) {
	for _, pattern := range []string{`"open`, `{ $.a = 1`, `{ $.a > "x" }`, `{ a = 1 }`, `{ $.a ! 1 }`, `{ $.a == 1 }`,
		`{ ($.a = 1 }`, `{ $.a = }`, `[ip, user]`, `{ $.a[x] = 1 }`, `{ $. = 1 }`, `{ $.a IS MAYBE }`} {
		_, err := ParsePattern(pattern)
		if !errors.Is(err, aws.ErrInvalid) {
			t.Errorf("ParsePattern(%q) = %v, want InvalidParameter", pattern, err)
		}
	}
}

func FuzzPattern(f *testing.F) {
	for _, s := range []string{"ERROR", `"a b" ?c -d`, `{ $.a = "x*" && ($.b > 1 || $.c IS NULL) }`, `{ $.a[0].b NOT EXISTS }`} {
		f.Add(s, `{"a":"xy","b":2,"c":null}`)
	}
	f.Fuzz(func(t *testing.T, pattern, msg string) {
		p, err := ParsePattern(pattern)
		if err != nil {
			return
		}
		p.Match(msg)
	})
}
