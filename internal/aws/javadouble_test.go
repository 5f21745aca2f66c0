package aws

import "testing"

func TestJavaDouble(t *testing.T) {
	for in, want := range map[float64]string{
		2: "2.0", 0.5: "0.5", -1: "-1.0", 0: "0.0", 1.5e-5: "1.5E-5", 1e-5: "1.0E-5", 1e7: "1.0E7", 123456.25: "123456.25", 0.001: "0.001",
	} {
		if got := JavaDouble(in); got != want {
			t.Errorf("JavaDouble(%v) = %q, want %q", in, got, want)
		}
	}
}
