package iamapi

import (
	"net/url"
	"strconv"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/iam"
)

// form is a query-protocol request's parameters.
type form url.Values

func (f form) get(name string) string { return url.Values(f).Get(name) }

// has reports whether the request carries name, even empty.
func (f form) has(name string) bool { return url.Values(f).Has(name) }

// list reads a list member: name.member.1, name.member.2, …
func (f form) list(name string) []string {
	var out []string
	for i := 1; f.has(name + ".member." + strconv.Itoa(i)); i++ {
		out = append(out, f.get(name+".member."+strconv.Itoa(i)))
	}
	return out
}

// tags reads a list of tags: name.member.N.Key and name.member.N.Value.
func (f form) tags(name string) []iam.Tag {
	var out []iam.Tag
	for i := 1; ; i++ {
		p := name + ".member." + strconv.Itoa(i)
		if !f.has(p+".Key") && !f.has(p+".Value") {
			return out
		}
		out = append(out, iam.Tag{Key: f.get(p + ".Key"), Value: f.get(p + ".Value")})
	}
}

// optionalInt reads an integer member that may be absent.
func (f form) optionalInt(name, member string) (*int, error) {
	if !f.has(name) {
		return nil, nil
	}
	n, err := strconv.Atoi(f.get(name))
	if err != nil {
		return nil, aws.Errorf(aws.ErrValidation, "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must be a number", f.get(name), member)
	}
	return &n, nil
}

// maxItems reads MaxItems, between 1 and 1000 (0 when absent).
func (f form) maxItems() (int, error) {
	n, err := f.optionalInt("MaxItems", "maxItems")
	switch {
	case err != nil:
		return 0, err
	case n == nil:
		return 0, nil
	case *n < 1 || *n > 1000:
		return 0, aws.Errorf(aws.ErrValidation, "1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000", *n)
	}
	return *n, nil
}
