package esm

import "github.com/virga-dev/virga/internal/aws"

// compileFilters compiles a mapping's filters; none means every message
// goes to the function.
func compileFilters(compile Compiler, fc *FilterCriteria) ([]Matcher, error) {
	if fc == nil {
		return nil, nil
	}
	out := make([]Matcher, 0, len(fc.Filters))
	for _, f := range fc.Filters {
		m, err := compile([]byte(f.Pattern))
		if err != nil {
			return nil, aws.Errorf(aws.ErrInvalid, "Invalid filter pattern definition.")
		}
		out = append(out, m)
	}
	return out, nil
}

// matchesAny tells whether event matches one of the filters, or there are
// none.
func matchesAny(filters []Matcher, event []byte) bool {
	if len(filters) == 0 {
		return true
	}
	for _, f := range filters {
		if f.Match(event) {
			return true
		}
	}
	return false
}
