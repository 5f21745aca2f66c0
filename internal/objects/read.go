package objects

import (
	"context"
	"io"
)

// Read opens n bytes of o from offset off. Its blobs are opened at once, so
// the reader sees o even if it is replaced while it is read.
func (s *Store) Read(ctx context.Context, o Object, off, n int64) (io.ReadCloser, error) {
	r := &partsReader{}
	for _, p := range o.Parts {
		if off >= p.Size {
			off -= p.Size
			continue
		}
		if n <= 0 {
			break
		}
		take := min(n, p.Size-off)
		part, err := s.blobs.open(ctx, p.Blob, off, take)
		if err != nil {
			r.Close()
			return nil, err
		}
		r.parts = append(r.parts, part)
		r.readers = append(r.readers, part)
		n -= take
		off = 0
	}
	r.Reader = io.MultiReader(r.readers...)
	return r, nil
}

type partsReader struct {
	io.Reader
	parts   []io.Closer
	readers []io.Reader
}

func (r *partsReader) Close() error {
	for _, p := range r.parts {
		p.Close()
	}
	return nil
}

// Open opens a whole object for Lambda's code from S3; Virga keeps no
// versions, so only "" and "null" name one.
func (s *Store) Open(ctx context.Context, bucket, key, version string) (io.ReadCloser, int64, error) {
	o, err := s.Get(ctx, bucket, key)
	if err != nil {
		return nil, 0, err
	}
	if version != "" && version != "null" {
		return nil, 0, noSuchVersion()
	}
	r, err := s.Read(ctx, o, 0, o.Size)
	return r, o.Size, err
}

var _ Reader = (*Store)(nil)
