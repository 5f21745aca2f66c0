package s3

import (
	"slices"
	"testing"
)

func TestPaginate(t *testing.T) {
	keys := []string{"a", "b/1", "b/2", "c", "d/x/1", "d/y"}
	t.Run("Flat", func(t *testing.T) {
		p := paginate(keys, "", "", "", 4)
		if !slices.Equal(p.keys, keys[:4]) || !p.truncated || p.last != "c" {
			t.Fatalf("page = %+v", p)
		}
	})
	t.Run("Delimiter", func(t *testing.T) {
		p := paginate(keys, "", "/", "", 1000)
		if !slices.Equal(p.keys, []string{"a", "c"}) || !slices.Equal(p.prefixes, []string{"b/", "d/"}) || p.truncated {
			t.Fatalf("page = %+v", p)
		}
	})
	t.Run("AfterCommonPrefix", func(t *testing.T) {
		p := paginate(keys, "", "/", "b/", 1000)
		if !slices.Equal(p.keys, []string{"c"}) || !slices.Equal(p.prefixes, []string{"d/"}) {
			t.Fatalf("page = %+v", p)
		}
	})
	t.Run("PrefixAndDelimiter", func(t *testing.T) {
		p := paginate(keys, "d/", "/", "", 1)
		if !slices.Equal(p.prefixes, []string{"d/x/"}) || !p.truncated || p.last != "d/x/" {
			t.Fatalf("page = %+v", p)
		}
	})
}
