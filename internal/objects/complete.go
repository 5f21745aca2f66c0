package objects

import (
	"context"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// Chosen is a part a CompleteMultipartUpload names.
type Chosen struct {
	Number int
	ETag   string
}

// Complete makes an object of the chosen parts of an upload and ends it.
func (s *Store) Complete(ctx context.Context, bucket, key, id string, chosen []Chosen, by Requester) (Object, error) {
	u, err := s.Upload(ctx, bucket, key, id)
	if err != nil {
		return Object{}, err
	}
	parts, err := pick(u, chosen)
	if err != nil {
		return Object{}, err
	}
	o := Object{Bucket: bucket, Key: key, ETag: multipartETag(parts), Modified: now(), Headers: u.Headers,
		Meta: u.Meta, Tags: u.Tags, Parts: parts, PartsCount: len(parts)}
	for _, p := range parts {
		o.Size += p.Size
	}
	if u.Algorithm != "" {
		if sum := composite(u.Algorithm, parts); sum != "" {
			o.Checksums = map[string]string{u.Algorithm: sum}
		}
	}
	if err := s.swap(ctx, o); err != nil {
		return Object{}, err
	}
	if err := s.uploads.Delete(ctx, uploadKey(bucket, id), 0); err != nil {
		return Object{}, err
	}
	s.removeBlobs(ctx, unchosen(u, parts))
	return o, s.notify(ctx, "ObjectCreated:CompleteMultipartUpload", o, by)
}

// pick checks the chosen parts against the upload's, in S3's order of
// checks, and returns them.
func pick(u Upload, chosen []Chosen) ([]Part, error) {
	parts := make([]Part, 0, len(chosen))
	for i, c := range chosen {
		if i > 0 && c.Number <= chosen[i-1].Number {
			return nil, &aws.Error{Kind: ErrInvalidPartOrder, Message: "The list of parts was not in ascending order. Parts must be ordered by part number."}
		}
		p, ok := u.Parts[c.Number]
		if !ok || strings.Trim(c.ETag, `"`) != p.ETag {
			return nil, &aws.Error{Kind: ErrInvalidPart, Message: "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."}
		}
		parts = append(parts, p)
	}
	for _, p := range parts[:max(len(parts)-1, 0)] {
		if p.Size < MinPartSize {
			return nil, &aws.Error{Kind: ErrEntityTooSmall, Message: "Your proposed upload is smaller than the minimum allowed object size."}
		}
	}
	return parts, nil
}

// unchosen are the upload's parts the object does not use.
func unchosen(u Upload, used []Part) []Part {
	for _, p := range used {
		delete(u.Parts, p.Number)
	}
	return partList(u.Parts)
}
