package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalizedPath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/", ""},
		{"/2015-03-31/functions/fn", ""},
		{"/.well-known/x", ""},
		{"/a//b", "/a/b"},
		{"/a/./b/", "/a/b/"},
		{"/a/../b", "/b"},
		{"/../a", "/a"},
		{"//", "/"},
		{"/a/..", "/"},
	}
	for _, tt := range tests {
		if got := normalizedPath(tt.in); got != tt.want {
			t.Errorf("normalizedPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAppendQuery(t *testing.T) {
	tests := []struct{ name, raw, want string }{
		{"Empty", "", ""},
		{"SortedAfterEncoding", "v=a-b&v=a%2Fb", "v=a%2Fb&v=a-b"},
		{"NameThenValue", "b=1&a=2&a=1", "a=1&a=2&b=1"},
		{"PrefixNames", "a-=1&a=2", "a=2&a-=1"},
		{"Reencoded", "k=%7e%2a+x&m=%zz", "k=~%2A%20x&m=%25zz"},
		{"NoValue", "flag&x=", "flag=&x="},
		{"EmptyPairs", "&&a=1&", "a=1"},
		{"Unicode", "n=%C3%A9", "n=%C3%A9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(appendQuery(nil, tt.raw, false, &scratch{}))
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAppendPathEncodesAgain(t *testing.T) {
	got := string(appendPath(nil, "/2015-03-31/functions/arn%3Aaws%3Alambda/é ~"))
	want := "/2015-03-31/functions/arn%253Aaws%253Alambda/%C3%A9%20~"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestScratchHMAC(t *testing.T) {
	key := sha256.Sum256([]byte("key"))
	msg := []byte("AWS4-HMAC-SHA256\n20260101T000000Z\nscope\nhash")
	m := hmac.New(sha256.New, key[:])
	m.Write(msg)
	got := (&scratch{h: sha256.New()}).hmac(&key, msg)
	if diff := cmp.Diff(m.Sum(nil), got); diff != "" {
		t.Error(diff)
	}
}

func TestKeyCacheBounded(t *testing.T) {
	var c keyCache
	for i := range maxCachedKeys + 10 {
		c.get("secret", credential{date: "20260101", region: "r", service: "s" + strconv.Itoa(i)})
	}
	if len(c.keys) > maxCachedKeys {
		t.Fatalf("cache holds %d keys", len(c.keys))
	}
	cred := credential{date: "20260101", region: "us-east-1", service: "lambda"}
	if c.get("s", cred) != deriveKey("s", "20260101", "us-east-1", "lambda") || c.get("s", cred) != c.get("s", cred) {
		t.Fatal("cached key differs from derived key")
	}
}
