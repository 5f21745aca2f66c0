package objects

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"

	"github.com/virga-dev/virga/internal/aws"
)

// MaxPut is the largest object a single PUT may store: 5 GiB.
const MaxPut = 5 << 30

// blob is bytes written to a file of their own, with their digests.
type blob struct {
	ID        string
	Size      int64
	MD5       []byte
	Checksums map[string]string
}

// writeBlob writes r (at most limit bytes) to a new blob durably, computing
// its MD5 and the checksums named by algs.
func (s *Store) writeBlob(ctx context.Context, r io.Reader, algs []string, limit int64) (blob, error) {
	f, err := os.CreateTemp(s.tmpDir(), "put-")
	if err != nil {
		return blob{}, fmt.Errorf("create object file: %w", err)
	}
	defer os.Remove(f.Name())
	b, err := s.fill(f, r, algs, limit)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close object file: %w", cerr)
	}
	if err != nil {
		return blob{}, err
	}
	if err := s.blobs.put(ctx, f.Name(), b.ID); err != nil {
		return blob{}, err
	}
	return b, nil
}

// fill copies r into f through the digests and syncs f.
func (s *Store) fill(f *os.File, r io.Reader, algs []string, limit int64) (blob, error) {
	sum := md5.New()
	hashes := map[string]hash.Hash{}
	writers := []io.Writer{f, sum}
	for _, a := range algs {
		hashes[a] = checksums[a]()
		writers = append(writers, hashes[a])
	}
	n, err := io.Copy(io.MultiWriter(writers...), io.LimitReader(r, limit+1))
	if err != nil {
		return blob{}, readError(err)
	}
	if n > limit {
		return blob{}, &aws.Error{Kind: ErrEntityTooLarge, Message: "Your proposed upload exceeds the maximum allowed size"}
	}
	if err := f.Sync(); err != nil {
		return blob{}, fmt.Errorf("sync object file: %w", err)
	}
	b := blob{ID: newID(), Size: n, MD5: sum.Sum(nil), Checksums: map[string]string{}}
	for a, h := range hashes {
		b.Checksums[a] = base64.StdEncoding.EncodeToString(h.Sum(nil))
	}
	return b, nil
}

// readError wraps a failure of the disk and leaves one of the body (a
// signature that does not match, a client gone) as it is, for the service
// to answer.
func readError(err error) error {
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		return fmt.Errorf("write object file: %w", err)
	}
	return err
}

// removeBlobs deletes the blobs of parts no record names any more.
func (s *Store) removeBlobs(ctx context.Context, parts []Part) {
	for _, p := range parts {
		s.blobs.remove(ctx, p.Blob)
	}
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
