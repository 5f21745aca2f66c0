package codezip

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io/fs"
	"testing"
)

// item describes one zip entry to build.
type item struct {
	name, body string
	mode       fs.FileMode // Unix mode; 0 leaves the header without one
	method     uint16      // zip.Deflate when 0, unless store
	store      bool
	declared   int64 // uncompressed size claimed in the headers; the real size when 0
	flags      uint16
}

// build writes a zip with Go's archive/zip, which (unlike zip -r) writes no
// directory entries unless asked.
func build(t testing.TB, items ...item) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range items {
		h := &zip.FileHeader{Name: e.name, Method: e.method, Flags: e.flags}
		if h.Method == 0 && !e.store {
			h.Method = zip.Deflate
		}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		writeRaw(t, zw, h, []byte(e.body), e.declared)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeRaw compresses body itself so that the headers can lie about its size.
func writeRaw(t testing.TB, zw *zip.Writer, h *zip.FileHeader, body []byte, declared int64) {
	t.Helper()
	data := body
	if h.Method == zip.Deflate {
		var c bytes.Buffer
		fw, _ := flate.NewWriter(&c, flate.BestCompression)
		fw.Write(body)
		fw.Close()
		data = c.Bytes()
	}
	h.CRC32 = crc32.ChecksumIEEE(body)
	h.CompressedSize64 = uint64(len(data))
	h.UncompressedSize64 = uint64(len(body))
	if declared != 0 {
		h.UncompressedSize64 = uint64(declared)
	}
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 {
		return // directories take no data
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
}

func link(name, target string) item {
	return item{name: name, body: target, mode: fs.ModeSymlink | 0o777}
}

func dir(name string) item { return item{name: name, mode: fs.ModeDir | 0o755, store: true} }

var testLimits = Limits{MaxUnzipped: 1 << 20, MaxFiles: 100}
