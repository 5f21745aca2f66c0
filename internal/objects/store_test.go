package objects

import (
	"bytes"
	"context"
	"errors"
	"hash/crc64"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/virga-dev/virga/internal/store"
)

// notes records the events a store tells of.
type notes struct {
	mu     sync.Mutex
	events []Event
}

func (n *notes) Notify(_ context.Context, ev Event) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.events = append(n.events, ev)
	return nil
}

func openStore(t *testing.T) (*Store, *notes) {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	n := &notes{}
	s, err := Open(context.Background(), st, Config{Dir: t.TempDir(), Region: "us-east-1", Notifier: n})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateBucket(context.Background(), "bkt", "111122223333", "us-east-1"); err != nil {
		t.Fatal(err)
	}
	return s, n
}

func readAll(t *testing.T, s *Store, o Object, off, n int64) string {
	t.Helper()
	r, err := s.Read(context.Background(), o, off, n)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data, _ := io.ReadAll(r)
	return string(data)
}

func TestPutGetCopyDelete(t *testing.T) {
	s, n := openStore(t)
	ctx := context.Background()
	o, err := s.Put(ctx, Write{Bucket: "bkt", Key: "../k", Body: strings.NewReader("hello world"), Algorithms: []string{"CRC32"}})
	if err != nil || o.ETag != "5eb63bbbe01eeed093cb22bb8f5acdc3" || o.Checksums["CRC32"] != "DUoRhQ==" {
		t.Fatalf("Put = %+v, %v", o, err)
	}
	if got := readAll(t, s, o, 6, 5); got != "world" {
		t.Errorf("range read = %q", got)
	}
	c, err := s.Copy(ctx, o, Object{Bucket: "bkt", Key: "copy"}, Requester{})
	if err != nil || c.ETag != o.ETag {
		t.Fatalf("Copy = %+v, %v", c, err)
	}
	if err := s.Delete(ctx, "bkt", "../k", Requester{}); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, s, c, 0, c.Size); got != "hello world" {
		t.Errorf("copy after the source's delete = %q", got)
	}
	if _, err := s.Get(ctx, "bkt", "../k"); !errors.Is(err, ErrNoSuchKey) {
		t.Errorf("Get of a deleted key: %v", err)
	}
	if err := s.DeleteBucket(ctx, "bkt"); !errors.Is(err, ErrBucketNotEmpty) {
		t.Errorf("DeleteBucket of a full bucket: %v", err)
	}
	var names []string
	for i, ev := range n.events {
		names = append(names, ev.Name)
		if i > 0 && ev.Sequencer <= n.events[i-1].Sequencer {
			t.Errorf("sequencer %s after %s", ev.Sequencer, n.events[i-1].Sequencer)
		}
	}
	if strings.Join(names, ",") != "ObjectCreated:Put,ObjectCreated:Copy,ObjectRemoved:Delete" {
		t.Errorf("events = %v", names)
	}
}

func TestMultipart(t *testing.T) {
	s, n := openStore(t)
	ctx := context.Background()
	u, err := s.CreateUpload(ctx, Upload{Bucket: "bkt", Key: "big"})
	if err != nil {
		t.Fatal(err)
	}
	first := bytes.Repeat([]byte("a"), MinPartSize)
	p1, err := s.PutPart(ctx, "bkt", "big", u.ID, 1, bytes.NewReader(first), nil)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := s.PutPart(ctx, "bkt", "big", u.ID, 2, strings.NewReader("tail"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Complete(ctx, "bkt", "big", u.ID, []Chosen{{2, p2.ETag}, {1, p1.ETag}}, Requester{}); !errors.Is(err, ErrInvalidPartOrder) {
		t.Errorf("Complete out of order: %v", err)
	}
	if _, err := s.Complete(ctx, "bkt", "big", u.ID, []Chosen{{1, `"bad"`}}, Requester{}); !errors.Is(err, ErrInvalidPart) {
		t.Errorf("Complete with a wrong ETag: %v", err)
	}
	o, err := s.Complete(ctx, "bkt", "big", u.ID, []Chosen{{1, `"` + p1.ETag + `"`}, {2, p2.ETag}}, Requester{})
	if err != nil || !strings.HasSuffix(o.ETag, "-2") || o.Size != MinPartSize+4 {
		t.Fatalf("Complete = %+v, %v", o, err)
	}
	if got := readAll(t, s, o, MinPartSize-2, 6); got != "aatail" {
		t.Errorf("read across parts = %q", got)
	}
	if _, err := s.Upload(ctx, "bkt", "big", u.ID); !errors.Is(err, ErrNoSuchUpload) {
		t.Errorf("upload after Complete: %v", err)
	}
	if last := n.events[len(n.events)-1]; last.Name != "ObjectCreated:CompleteMultipartUpload" || last.Size != o.Size {
		t.Errorf("event = %+v", last)
	}
}

func TestCRC64NVME(t *testing.T) {
	if got := crc64.Checksum([]byte("123456789"), nvme); got != 0xae8b14860a799888 {
		t.Fatalf("CRC-64/NVME check value = %x", got)
	}
}
