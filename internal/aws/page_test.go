package aws

import (
	"math"
	"slices"
	"testing"
)

func self(s string) string { return s }

func TestPage(t *testing.T) {
	versions := []string{"$LATEST", "1", "2", "10", "11"} // not in key order
	tests := []struct {
		name   string
		items  []string
		marker string
		limit  int
		page   []string
		next   string
	}{
		{"FirstPage", versions, "", 2, []string{"$LATEST", "1"}, "2"},
		{"MiddlePage", versions, "2", 2, []string{"2", "10"}, "11"},
		{"LastPage", versions, "11", 2, []string{"11"}, ""},
		{"ExactlyFull", versions, "10", 2, []string{"10", "11"}, ""},
		{"All", versions, "", 50, versions, ""},
		{"UnknownMarker", versions, "3", 2, []string{}, ""},
		{"LimitBelowOne", versions, "1", 0, []string{"1"}, "2"},
		{"NegativeLimit", versions, "", -5, []string{"$LATEST"}, "1"},
		{"HugeLimit", versions, "10", math.MaxInt, []string{"10", "11"}, ""},
		{"Empty", nil, "", 50, nil, ""},
		{"EmptyWithMarker", nil, "1", 50, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, next := Page(tt.items, self, tt.marker, tt.limit)
			if !slices.Equal(page, tt.page) || next != tt.next {
				t.Errorf("got %q next %q, want %q next %q", page, next, tt.page, tt.next)
			}
			if (page == nil) != (tt.page == nil) {
				t.Errorf("page nil %v, want nil %v", page == nil, tt.page == nil)
			}
		})
	}
}

func TestPageFrom(t *testing.T) {
	names := []string{"alpha", "bravo", "charlie", "delta"}
	tests := []struct {
		name   string
		marker string
		limit  int
		page   []string
		next   string
	}{
		{"FirstPage", "", 2, []string{"alpha", "bravo"}, "charlie"},
		{"AtMarker", "charlie", 2, []string{"charlie", "delta"}, ""},
		{"MarkedItemGone", "bob", 2, []string{"bravo", "charlie"}, "delta"},
		{"PastTheEnd", "zulu", 2, []string{}, ""},
		{"LimitBelowOne", "", 0, []string{"alpha"}, "bravo"},
		{"HugeLimit", "", math.MaxInt, names, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, next := PageFrom(names, self, tt.marker, tt.limit)
			if !slices.Equal(page, tt.page) || next != tt.next {
				t.Errorf("got %q next %q, want %q next %q", page, next, tt.page, tt.next)
			}
		})
	}
}

func TestPageWalksEveryItemOnce(t *testing.T) {
	items := []string{"a", "b", "c", "d", "e", "f", "g"}
	for limit := 1; limit <= len(items)+1; limit++ {
		for _, cut := range []func([]string, func(string) string, string, int) ([]string, string){Page[string], PageFrom[string]} {
			var seen []string
			marker := ""
			for {
				page, next := cut(items, self, marker, limit)
				seen = append(seen, page...)
				if next == "" {
					break
				}
				marker = next
			}
			if !slices.Equal(seen, items) {
				t.Errorf("limit %d: walked %q", limit, seen)
			}
		}
	}
}

func TestToken(t *testing.T) {
	tests := []struct {
		name, marker string
	}{
		{"Empty", ""},
		{"Name", "my-function"},
		{"Qualified", "my-function:$LATEST"},
		{"ARN", "arn:aws:lambda:us-east-1:123456789012:function:f:live"},
		{"Bytes", "\x00\xff/+="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := Token(tt.marker)
			if (tok == "") != (tt.marker == "") {
				t.Errorf("Token(%q) = %q", tt.marker, tok)
			}
			if got, ok := ParseToken(tok); !ok || got != tt.marker {
				t.Errorf("ParseToken(%q) = %q, %v", tok, got, ok)
			}
		})
	}
	for _, bad := range []string{"!", "a", "ab=c", "abc==", "a+b/"} {
		if m, ok := ParseToken(bad); ok {
			t.Errorf("ParseToken(%q) = %q, want not ok", bad, m)
		}
	}
}

func FuzzParseToken(f *testing.F) {
	for _, seed := range []string{"", "bXktZnVuY3Rpb24", "!", "a", "YQ", "YR", "Y Q", "YQ\n", "%%%"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		marker, ok := ParseToken(tok)
		if !ok {
			if marker != "" {
				t.Fatalf("ParseToken(%q) = %q with ok false", tok, marker)
			}
			return
		}
		if again, ok := ParseToken(Token(marker)); !ok || again != marker {
			t.Fatalf("ParseToken(Token(%q)) = %q, %v", marker, again, ok)
		}
	})
}
