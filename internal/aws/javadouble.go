package aws

import (
	"math"
	"strconv"
	"strings"
)

// JavaDouble formats f as Java's Double.toString does, which is how AWS's
// validation messages print numbers of type double: "2.0", "0.5", "-1.0",
// "1.0E-5", "1.0E7".
func JavaDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0 || math.Abs(f) >= 1e-3 && math.Abs(f) < 1e7:
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	mantissa, exp, _ := strings.Cut(strconv.FormatFloat(f, 'e', -1, 64), "e")
	if !strings.Contains(mantissa, ".") {
		mantissa += ".0"
	}
	n, _ := strconv.Atoi(exp) // FormatFloat writes a valid exponent
	return mantissa + "E" + strconv.Itoa(n)
}
