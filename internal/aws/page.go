package aws

import (
	"encoding/base64"
	"slices"
)

// Page cuts from items a page of at most limit items that begins at the
// item whose key is marker, or at the first item when marker is empty. A
// marker that names no item gives an empty page. next is the key of the
// item after the page, the marker of the next page; it is "" on the last.
// A limit below 1 counts as 1.
func Page[T any](items []T, key func(T) string, marker string, limit int) (page []T, next string) {
	start := 0
	if marker != "" {
		start = slices.IndexFunc(items, func(it T) bool { return key(it) == marker })
		if start < 0 {
			start = len(items)
		}
	}
	return cut(items, key, start, limit)
}

// PageFrom is Page for items in key order: the page begins at the first
// item whose key is not less than marker, so that it goes on where the
// previous page stopped even when the item the marker named is gone.
func PageFrom[T any](items []T, key func(T) string, marker string, limit int) (page []T, next string) {
	start := 0
	for start < len(items) && key(items[start]) < marker {
		start++
	}
	return cut(items, key, start, limit)
}

func cut[T any](items []T, key func(T) string, start, limit int) ([]T, string) {
	end := start + min(max(limit, 1), len(items)-start)
	if end == len(items) {
		return items[start:], ""
	}
	return items[start:end], key(items[end])
}

// Token makes a marker opaque, as AWS's are; Token("") is "".
func Token(marker string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(marker))
}

// ParseToken reads back a marker made by Token; ok is false when tok is not
// one.
func ParseToken(tok string) (marker string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// TokenPage cuts a page of at most limit items from the one an opaque
// token (made by Token) names: by PageFrom when items are in key order,
// by Page otherwise. The page is never nil, so that it encodes as a list;
// next is the next page's token, "" on the last. A token Token did not
// make is a ValidationException.
func TokenPage[T any](items []T, key func(T) string, token string, limit int, ordered bool) (page []T, next string, err error) {
	marker, ok := ParseToken(token)
	if !ok {
		return nil, "", Errorf(ErrValidation, "The nextToken provided is invalid.")
	}
	var m string
	if ordered {
		page, m = PageFrom(items, key, marker, limit)
	} else {
		page, m = Page(items, key, marker, limit)
	}
	if page == nil {
		page = []T{}
	}
	return page, Token(m), nil
}
