package codezip

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBombWithLyingHeader: the headers claim ten bytes, the deflated stream
// inflates to 64 MiB. Inspect believes the headers; Extract must not.
func TestBombWithLyingHeader(t *testing.T) {
	data := build(t, item{name: "bomb", body: strings.Repeat("\x00", 64<<20), declared: 10})
	if len(data) > 128<<10 {
		t.Fatalf("bomb is %d bytes, not small", len(data))
	}
	if _, err := Inspect(data, testLimits); err != nil {
		t.Fatalf("Inspect trusts the declared size: %v", err)
	}
	dst := t.TempDir()
	err := Extract(data, dst, testLimits)
	if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrInvalid or ErrTooLarge", err)
	}
	if info, err := os.Stat(filepath.Join(dst, "bomb")); err == nil && info.Size() > testLimits.MaxUnzipped {
		t.Fatalf("wrote %d bytes, limit %d", info.Size(), testLimits.MaxUnzipped)
	}
}

// TestBombHonestHeader: a legitimately compressible entry over the limit is
// refused from its declared size before anything is written.
func TestBombHonestHeader(t *testing.T) {
	data := build(t, item{name: "zeros", body: strings.Repeat("\x00", 8<<20)})
	dst := t.TempDir()
	if err := Extract(data, dst, testLimits); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	if names := listDir(t, dst); len(names) != 0 {
		t.Fatalf("wrote %v", names)
	}
}

// endless yields zeros forever, like a stream whose header lies.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type failing struct{ err error }

func (f failing) Read([]byte) (int, error)  { return 0, f.err }
func (f failing) Write([]byte) (int, error) { return 0, f.err }

func TestCopyLimited(t *testing.T) {
	var sink countingWriter
	n, err := copyLimited(&sink, endless{}, 1000)
	if !errors.Is(err, ErrTooLarge) || n != 1000 || sink > 1001 {
		t.Errorf("endless stream: n=%d wrote=%d err=%v", n, sink, err)
	}
	if n, err := copyLimited(&sink, strings.NewReader("12345"), 5); err != nil || n != 5 {
		t.Errorf("exactly the budget: n=%d err=%v", n, err)
	}
	if _, err := copyLimited(&sink, failing{io.ErrUnexpectedEOF}, 5); !errors.Is(err, ErrInvalid) {
		t.Errorf("read error: got %v, want ErrInvalid", err)
	}
	diskFull := errors.New("no space left on device")
	if _, err := copyLimited(failing{diskFull}, strings.NewReader("x"), 5); !errors.Is(err, diskFull) || errors.Is(err, ErrInvalid) {
		t.Errorf("write error: got %v, want it unchanged", err)
	}
}

type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
