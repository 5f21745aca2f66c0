package objects

import (
	"context"
)

// Copy stores a copy of src at dst's bucket and key with dst's headers,
// metadata and tags, sharing src's bytes through hard links where it can.
func (s *Store) Copy(ctx context.Context, src Object, dst Object, by Requester) (Object, error) {
	if err := s.checkTarget(ctx, dst.Bucket, dst.Key); err != nil {
		return Object{}, err
	}
	parts, err := s.linkParts(ctx, src)
	if err != nil {
		return Object{}, err
	}
	o := src
	o.Bucket, o.Key, o.Modified, o.Parts = dst.Bucket, dst.Key, now(), parts
	o.Headers, o.Meta, o.Tags = dst.Headers, dst.Meta, dst.Tags
	if err := s.swap(ctx, o); err != nil {
		s.removeBlobs(ctx, parts)
		return Object{}, err
	}
	return o, s.notify(ctx, "ObjectCreated:Copy", o, by)
}

// linkParts gives each of o's blobs a second name.
func (s *Store) linkParts(ctx context.Context, o Object) ([]Part, error) {
	parts := make([]Part, 0, len(o.Parts))
	for _, p := range o.Parts {
		id := newID()
		if err := s.blobs.link(ctx, p.Blob, id); err != nil {
			s.removeBlobs(ctx, parts)
			return nil, err
		}
		p.Blob = id
		parts = append(parts, p)
	}
	return parts, nil
}
