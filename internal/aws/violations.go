package aws

import (
	"fmt"
	"regexp"
	"strings"
)

// Violations collects the members of a request that break their model's
// constraints, and words them as AWS's services do:
// "2 validation errors detected: Value 'x' at 'name' failed to satisfy
// constraint: …; Value null at 'rule' failed to satisfy constraint: Member
// must not be null".
type Violations []string

// Add records that value, at the member path field, breaks constraint.
func (v *Violations) Add(value any, field, constraint string) {
	*v = append(*v, fmt.Sprintf("Value '%v' at '%s' failed to satisfy constraint: %s", value, field, constraint))
}

// Null records a required member that is missing.
func (v *Violations) Null(field string) {
	*v = append(*v, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", field))
}

// Length records a string or list member outside [min, max] (max < 0: no
// upper bound), and reports whether it was within.
func (v *Violations) Length(value any, n int, field string, min, max int) bool {
	switch {
	case n < min:
		v.Add(value, field, fmt.Sprintf("Member must have length greater than or equal to %d", min))
	case max >= 0 && n > max:
		v.Add(value, field, fmt.Sprintf("Member must have length less than or equal to %d", max))
	default:
		return true
	}
	return false
}

// Text records a string member that is missing (when required), whose
// length is outside [min, max] (max < 0: no upper bound), or that does not
// match re, which the message quotes as pattern (re nil: no pattern).
func (v *Violations) Text(value, field string, required bool, min, max int, re *regexp.Regexp, pattern string) {
	if value == "" {
		if required {
			v.Null(field)
		}
		return
	}
	if v.Length(value, len(value), field, min, max) && re != nil && !re.MatchString(value) {
		v.Add(value, field, "Member must satisfy regular expression pattern: "+pattern)
	}
}

// Range records a number outside [min, max].
func (v *Violations) Range(n int, field string, min, max int) {
	switch {
	case n < min:
		v.Add(n, field, fmt.Sprintf("Member must have value greater than or equal to %d", min))
	case n > max:
		v.Add(n, field, fmt.Sprintf("Member must have value less than or equal to %d", max))
	}
}

// Err is the ValidationException for what was recorded, or nil.
func (v Violations) Err() error {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return Errorf(ErrValidation, "1 validation error detected: %s", v[0])
	}
	return Errorf(ErrValidation, "%d validation errors detected: %s", len(v), strings.Join(v, "; "))
}
