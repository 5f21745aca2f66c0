package awsproto

import (
	"errors"
	"net/url"
)

// DecodeForm is replaced by the real decoder.
func DecodeForm(values url.Values, v any) error { return errors.New("not implemented") }
