package esm

import (
	"context"
	"maps"
	"strings"

	"github.com/virga-dev/virga/internal/lambda"
)

// IsMappingARN tells whether a resource ARN names an event source mapping,
// whose tags the mappings keep.
func IsMappingARN(resource string) bool { return strings.Contains(resource, ":event-source-mapping:") }

// ListTags returns the tags of the mapping resource names.
func (s *Mappings) ListTags(ctx context.Context, resource string) (map[string]string, error) {
	uuid, err := s.uuidOf(resource)
	if err != nil {
		return nil, err
	}
	m, err := s.load(ctx, uuid)
	if err != nil {
		return nil, err
	}
	if m.Tags == nil {
		return map[string]string{}, nil
	}
	return m.Tags, nil
}

// TagResource adds or replaces tags of a mapping.
func (s *Mappings) TagResource(ctx context.Context, resource string, tags map[string]string) error {
	return s.retag(ctx, resource, func(t map[string]string) { maps.Copy(t, tags) })
}

// UntagResource removes tags of a mapping by key.
func (s *Mappings) UntagResource(ctx context.Context, resource string, keys []string) error {
	return s.retag(ctx, resource, func(t map[string]string) {
		for _, k := range keys {
			delete(t, k)
		}
	})
}

func (s *Mappings) retag(ctx context.Context, resource string, change func(map[string]string)) error {
	uuid, err := s.uuidOf(resource)
	if err != nil {
		return err
	}
	if _, err := s.load(ctx, uuid); err != nil {
		return err
	}
	var invalid error
	_, err = modifyExisting(ctx, s.bucket, uuid, func(m *mapping) {
		tags := maps.Clone(m.Tags)
		if tags == nil {
			tags = map[string]string{}
		}
		change(tags)
		if invalid = lambda.CheckTags(tags); invalid == nil {
			m.Tags = tags
		}
	})
	if err != nil {
		return err
	}
	return invalid
}

// uuidOf reads the UUID of a mapping's ARN in this region and account.
func (s *Mappings) uuidOf(resource string) (string, error) {
	uuid, ok := strings.CutPrefix(resource, "arn:aws:lambda:"+s.cfg.Region+":"+s.cfg.Account+":event-source-mapping:")
	if !ok || !validUUID(uuid) {
		return "", s.notFound(resource[strings.LastIndex(resource, ":")+1:])
	}
	return uuid, nil
}
