package codezip

import (
	"errors"
	"fmt"
	"io"
)

// copyLimited copies src to dst until EOF but never more than budget bytes:
// past the budget it stops with ErrTooLarge. Errors reading src (a corrupt
// stream, a checksum or size that does not match the header) are ErrInvalid;
// errors writing dst are returned as they are.
func copyLimited(dst io.Writer, src io.Reader, budget int64) (int64, error) {
	n, err := io.CopyN(dst, readErrors{src}, budget+1)
	var re readError
	switch {
	case n > budget:
		return budget, fmt.Errorf("unzipped size over the limit: %w", ErrTooLarge)
	case err == io.EOF:
		return n, nil
	case errors.As(err, &re):
		return n, fmt.Errorf("read contents: %v: %w", re.err, ErrInvalid)
	}
	return n, err
}

// readErrors marks the errors of a reader so they can be told apart from
// the writer's.
type readErrors struct{ r io.Reader }

type readError struct{ err error }

func (e readError) Error() string { return e.err.Error() }

func (r readErrors) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		err = readError{err}
	}
	return n, err
}
