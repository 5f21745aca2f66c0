package asl

import "testing"

func TestNumber(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0", 42: "42", -3: "-3", 0.25: "0.25", 0.30000000000000004: "0.30000000000000004",
		1e21: "1e+21", 1.5e22: "1.5e+22", 1e-7: "0.0000001", 1.5e-8: "1.5e-8", 123456789012: "123456789012",
	} {
		if got := number(f); string(got) != want {
			t.Errorf("number(%v) = %s, want %s", f, got, want)
		}
	}
}
