package objects

import (
	"context"
	"fmt"
	"os"
)

// Copy stores a copy of src at dst's bucket and key with dst's headers,
// metadata and tags, sharing src's bytes through hard links where it can.
func (s *Store) Copy(ctx context.Context, src Object, dst Object, by Requester) (Object, error) {
	if _, err := s.Bucket(ctx, dst.Bucket); err != nil {
		return Object{}, err
	}
	if err := checkKey(dst.Key); err != nil {
		return Object{}, err
	}
	parts, err := s.linkParts(src)
	if err != nil {
		return Object{}, err
	}
	o := src
	o.Bucket, o.Key, o.Modified, o.Parts = dst.Bucket, dst.Key, now(), parts
	o.Headers, o.Meta, o.Tags = dst.Headers, dst.Meta, dst.Tags
	if err := s.swap(ctx, o); err != nil {
		s.removeBlobs(parts)
		return Object{}, err
	}
	return o, s.notify(ctx, "ObjectCreated:Copy", o, by)
}

// linkParts gives each of o's blobs a second name.
func (s *Store) linkParts(o Object) ([]Part, error) {
	parts := make([]Part, 0, len(o.Parts))
	for _, p := range o.Parts {
		id := newID()
		if err := s.link(p.Blob, id); err != nil {
			s.removeBlobs(parts)
			return nil, err
		}
		p.Blob = id
		parts = append(parts, p)
	}
	return parts, nil
}

// link names blob from as id too, copying it when links fail.
func (s *Store) link(from, id string) error {
	if err := os.MkdirAll(s.blobDir(id), 0o700); err != nil {
		return fmt.Errorf("object directory: %w", err)
	}
	if os.Link(s.blobPath(from), s.blobPath(id)) == nil {
		return nil
	}
	in, err := os.Open(s.blobPath(from))
	if err != nil {
		return fmt.Errorf("open object file: %w", err)
	}
	defer in.Close()
	b, err := s.writeBlob(in, nil, MaxPut)
	if err != nil {
		return err
	}
	return os.Rename(s.blobPath(b.ID), s.blobPath(id))
}
