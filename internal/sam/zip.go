package sam

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Zip packs a code directory the same way every time: files in path order,
// one fixed timestamp, the executable bit kept. Equal directories give
// equal bytes, so a redeploy can tell unchanged code by its digest.
func Zip(dir string) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		return addFile(w, dir, path)
	})
	if err != nil {
		return nil, fmt.Errorf("zip %s: %w", dir, err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("zip %s: %w", dir, err)
	}
	return buf.Bytes(), nil
}

var epoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func addFile(w *zip.Writer, dir, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	rel, _ := filepath.Rel(dir, path)
	h := &zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate, Modified: epoch}
	h.SetMode(info.Mode().Perm())
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := w.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}
