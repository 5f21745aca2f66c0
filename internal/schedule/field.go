package schedule

import (
	"strconv"
	"strings"
)

// bounds are the values one cron field takes.
type bounds struct {
	min, max int
	names    map[string]int
	// wrap lets a range run past the end back to the start (FRI-MON,
	// 22-2), as in the cron dialect AWS's follows; years do not wrap.
	wrap bool
}

var (
	minuteBounds = bounds{min: 0, max: 59, wrap: true}
	hourBounds   = bounds{min: 0, max: 23, wrap: true}
	domBounds    = bounds{min: 1, max: 31, wrap: true}
	monthBounds  = bounds{min: 1, max: 12, wrap: true, names: map[string]int{
		"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}}
	dowBounds = bounds{min: 1, max: 7, wrap: true, names: map[string]int{
		"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}}
	// yearBounds begin where AWS's do; AWS documents 2199 as the last
	// year but accepts later ones in rules, so Virga does too.
	yearBounds = bounds{min: 1970, max: 9999}
)

// span is one item of a field: lo to hi (wrapping past max when lo > hi)
// in steps of step.
type span struct{ lo, hi, step int }

// field is a list of spans within bounds.
type field struct {
	spans []span
	b     bounds
}

// has tells whether n is one of the field's values.
func (f field) has(n int) bool {
	for _, s := range f.spans {
		if f.b.inSpan(s, n) {
			return true
		}
	}
	return false
}

func (b bounds) inSpan(s span, n int) bool {
	if s.lo <= s.hi {
		return s.lo <= n && n <= s.hi && (n-s.lo)%s.step == 0
	}
	size := b.max - b.min + 1
	pos, length := (n-s.lo+size)%size, (s.hi-s.lo+size)%size
	return n >= b.min && n <= b.max && pos <= length && pos%s.step == 0
}

// values lists the field's values in order.
func (f field) values() []int {
	var out []int
	for n := f.b.min; n <= f.b.max; n++ {
		if f.has(n) {
			out = append(out, n)
		}
	}
	return out
}

// parseField reads a comma-separated list of items: *, a value, a range
// a-b, each optionally stepped (a/s, a-b/s, */s).
func parseField(s string, b bounds) (field, error) {
	f := field{b: b}
	for _, item := range strings.Split(s, ",") {
		sp, err := parseItem(item, b)
		if err != nil {
			return field{}, err
		}
		f.spans = append(f.spans, sp)
	}
	return f, nil
}

func parseItem(s string, b bounds) (span, error) {
	base, stepText, stepped := strings.Cut(s, "/")
	sp := span{step: 1}
	if stepped {
		step, err := strconv.Atoi(stepText)
		if err != nil || !digits(stepText) || step < 1 || step > b.max-b.min+1 {
			return span{}, invalid("step %q", stepText)
		}
		sp.step = step
	}
	var err error
	switch lo, hi, isRange := strings.Cut(base, "-"); {
	case base == "*":
		sp.lo, sp.hi = b.min, b.max
	case isRange:
		sp.lo, sp.hi, err = b.rangeOf(lo, hi)
	default:
		sp.lo, err = b.value(base)
		sp.hi = sp.lo
		if stepped {
			sp.hi = b.max
		}
	}
	return sp, err
}

func (b bounds) rangeOf(lo, hi string) (int, int, error) {
	l, err := b.value(lo)
	if err != nil {
		return 0, 0, err
	}
	h, err := b.value(hi)
	if err != nil {
		return 0, 0, err
	}
	if l > h && !b.wrap {
		return 0, 0, invalid("range %s-%s runs backwards", lo, hi)
	}
	return l, h, nil
}

// value reads a number within bounds or one of the field's names.
func (b bounds) value(s string) (int, error) {
	if n, ok := b.names[strings.ToUpper(s)]; ok {
		return n, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || !digits(s) || n < b.min || n > b.max {
		return 0, invalid("value %q is not within %d-%d", s, b.min, b.max)
	}
	return n, nil
}
