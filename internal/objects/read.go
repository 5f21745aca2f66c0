package objects

import (
	"context"
	"fmt"
	"io"
	"os"
)

// Read opens n bytes of o from offset off. The files are opened at once, so
// the reader sees o even if it is replaced while it is read.
func (s *Store) Read(o Object, off, n int64) (io.ReadCloser, error) {
	r := &partsReader{}
	for _, p := range o.Parts {
		if off >= p.Size {
			off -= p.Size
			continue
		}
		if n <= 0 {
			break
		}
		f, err := os.Open(s.blobPath(p.Blob))
		if err != nil {
			r.Close()
			return nil, fmt.Errorf("open object file: %w", err)
		}
		take := min(n, p.Size-off)
		r.files = append(r.files, f)
		r.readers = append(r.readers, io.NewSectionReader(f, off, take))
		n -= take
		off = 0
	}
	r.Reader = io.MultiReader(r.readers...)
	return r, nil
}

type partsReader struct {
	io.Reader
	files   []*os.File
	readers []io.Reader
}

func (r *partsReader) Close() error {
	for _, f := range r.files {
		f.Close()
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
	r, err := s.Read(o, 0, o.Size)
	return r, o.Size, err
}

var _ Reader = (*Store)(nil)
