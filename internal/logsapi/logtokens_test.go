package logsapi

import (
	"errors"
	"testing"

	"github.com/virga-dev/virga/internal/aws"
)

func TestEventTokens(t *testing.T) {
	cases := []struct {
		tok      string
		fromHead bool
		forward  bool
		pos      uint64
		bad      bool
	}{
		{"", true, true, 0, false},
		{"", false, false, 0, false},
		{"f/12", false, true, 12, false},
		{"b/7", true, false, 7, false},
		{"b/0", false, false, 0, true},
		{"x/1", false, false, 0, true},
		{"f/", false, false, 0, true},
		{"f/-1", false, false, 0, true},
	}
	for _, c := range cases {
		forward, pos, err := parseEventToken(c.tok, c.fromHead)
		if c.bad {
			if !errors.Is(err, aws.ErrInvalid) {
				t.Errorf("%q: err %v, want InvalidParameter", c.tok, err)
			}
			continue
		}
		if err != nil || forward != c.forward || pos != c.pos {
			t.Errorf("%q: %v %d %v", c.tok, forward, pos, err)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"f/1", "b/2", "", "MTIvYQ", "%%%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		_, _, _ = parseEventToken(tok, false)
		if pos, err := parseToken(tok); err == nil {
			_, _ = parseStreamPos(pos, true)
		}
		_, _ = groupFromARN(tok)
	})
}
