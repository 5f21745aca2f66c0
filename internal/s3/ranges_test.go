package s3

import "testing"

func TestParseRange(t *testing.T) {
	for _, c := range []struct {
		header            string
		want              byteRange
		ok, unsatisfiable bool
	}{
		{"", byteRange{}, false, false},
		{"bytes=0-4", byteRange{0, 4}, true, false},
		{"bytes=5-", byteRange{5, 9}, true, false},
		{"bytes=-3", byteRange{7, 9}, true, false},
		{"bytes=-30", byteRange{0, 9}, true, false},
		{"bytes=8-100", byteRange{8, 9}, true, false},
		{"bytes=10-", byteRange{}, false, true},
		{"bytes=-0", byteRange{}, false, true},
		{"bytes=4-2", byteRange{}, false, false},
		{"bytes=0-1,3-4", byteRange{}, false, false},
		{"items=0-1", byteRange{}, false, false},
		{"bytes=x-1", byteRange{}, false, false},
	} {
		got, ok, unsatisfiable := parseRange(c.header, 10)
		if got != c.want || ok != c.ok || unsatisfiable != c.unsatisfiable {
			t.Errorf("parseRange(%q) = %v %v %v, want %v %v %v", c.header, got, ok, unsatisfiable, c.want, c.ok, c.unsatisfiable)
		}
	}
}

func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"bytes=0-4", "bytes=-3", "bytes=5-", "bytes=9999999999999999999-"} {
		f.Add(s, int64(10))
	}
	f.Fuzz(func(t *testing.T, header string, size int64) {
		if size < 0 {
			return
		}
		r, ok, _ := parseRange(header, size)
		if ok && (r.start < 0 || r.end >= size || r.start > r.end) {
			t.Fatalf("parseRange(%q, %d) = %v, outside the object", header, size, r)
		}
	})
}
