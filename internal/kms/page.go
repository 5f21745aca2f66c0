package kms

import "github.com/virga-dev/virga/internal/aws"

// listPage is a page of a List operation's answer.
type listPage[T any] struct {
	Items []T
	Next  string
}

// pageOf cuts the page in asks for from items in key order: Limit 1 to
// 1000 (100 when absent), Marker a token of an earlier page.
func pageOf[T any](items []T, key func(T) string, in listInput) (listPage[T], error) {
	limit := 100
	if in.Limit != nil {
		limit = *in.Limit
	}
	if limit < 1 || limit > 1000 {
		return listPage[T]{}, aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000", limit)
	}
	page, next, err := aws.TokenPage(items, key, in.Marker, limit, true)
	if err != nil {
		return listPage[T]{}, aws.Errorf(ErrInvalidMarker, "Invalid marker")
	}
	return listPage[T]{Items: page, Next: next}, nil
}
