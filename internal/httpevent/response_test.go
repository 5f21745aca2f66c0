package httpevent

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseResponse(t *testing.T) {
	jsonType := http.Header{"Content-Type": {"application/json"}}
	tests := []struct {
		name    string
		payload string
		want    Response
	}{
		{"Object", `{"hello":"world"}`, Response{200, jsonType, []byte(`{"hello":"world"}`)}},
		{"ObjectWithBodyButNoStatus", `{"body":"x","headers":{"a":"b"}}`, Response{200, jsonType, []byte(`{"body":"x","headers":{"a":"b"}}`)}},
		{"String", `"hello"`, Response{200, jsonType, []byte("hello")}},
		{"EscapedString", ` "a\"b\u00e9" `, Response{200, jsonType, []byte(`a"bé`)}},
		{"Integer", `3`, Response{200, jsonType, []byte("3")}},
		{"Float", `3.1`, Response{200, jsonType, []byte("3.1")}},
		{"Bool", `true`, Response{200, jsonType, []byte("true")}},
		{"Array", `["hello",3,true]`, Response{200, jsonType, []byte(`["hello",3,true]`)}},
		{"Null", `null`, Response{200, jsonType, []byte("null")}},
		{"StatusOnly", `{"statusCode":204}`, Response{204, jsonType, nil}},
		{
			"Described",
			`{"statusCode":201,"headers":{"content-type":"text/plain","x-n":3,"x-b":false,"x-null":null},"body":"made"}`,
			Response{201, http.Header{"Content-Type": {"text/plain"}, "X-N": {"3"}, "X-B": {"false"}}, []byte("made")},
		},
		{
			"Cookies",
			`{"statusCode":200,"cookies":["a=1; Path=/","b=2"],"body":""}`,
			Response{200, http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"a=1; Path=/", "b=2"}}, []byte{}},
		},
		{
			"MultiValueHeaders",
			`{"statusCode":200,"headers":{"x-a":"1"},"multiValueHeaders":{"x-a":["2","3"],"x-c":["4"]}}`,
			Response{200, http.Header{"Content-Type": {"application/json"}, "X-A": {"1", "2", "3"}, "X-C": {"4"}}, nil},
		},
		{
			"Base64Body",
			`{"statusCode":200,"headers":{"Content-Type":"image/png"},"body":"iVBORw==","isBase64Encoded":true}`,
			Response{200, http.Header{"Content-Type": {"image/png"}}, []byte("\x89PNG")},
		},
		{
			"FramingHeadersDropped",
			`{"statusCode":200,"headers":{"Content-Length":"99","Transfer-Encoding":"chunked","Connection":"close"},"body":"x"}`,
			Response{200, jsonType, []byte("x")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseResponse([]byte(tt.payload))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseResponseMalformed(t *testing.T) {
	for name, payload := range map[string]string{
		"Empty":           ``,
		"NotJSON":         `hello`,
		"StatusString":    `{"statusCode":"200"}`,
		"StatusNull":      `{"statusCode":null}`,
		"StatusTooLarge":  `{"statusCode":600}`,
		"StatusFraction":  `{"statusCode":200.5}`,
		"BodyNumber":      `{"statusCode":200,"body":3}`,
		"BadBase64":       `{"statusCode":200,"body":"!!","isBase64Encoded":true}`,
		"Base64NotBool":   `{"statusCode":200,"body":"","isBase64Encoded":"yes"}`,
		"HeadersArray":    `{"statusCode":200,"headers":["a"]}`,
		"HeaderObject":    `{"statusCode":200,"headers":{"a":{"b":1}}}`,
		"CookiesNotText":  `{"statusCode":200,"cookies":[1]}`,
		"MultiNotAList":   `{"statusCode":200,"multiValueHeaders":{"a":"b"}}`,
		"TruncatedObject": `{"statusCode":200`,
	} {
		t.Run(name, func(t *testing.T) {
			if got, err := ParseResponse([]byte(payload)); !errors.Is(err, ErrMalformed) {
				t.Errorf("got %+v, %v; want ErrMalformed", got, err)
			}
		})
	}
}

func FuzzParseResponse(f *testing.F) {
	for _, seed := range []string{
		`{"statusCode":200,"headers":{"a":"b"},"multiValueHeaders":{"c":["d"]},"cookies":["e=f"],"body":"aGk=","isBase64Encoded":true}`,
		`"text"`, `[1,2]`, `{"x":1}`, `{"statusCode":404}`, `null`, ``, `{"statusCode":200,"headers":{"a":1.5e3}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		r, err := ParseResponse(payload)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v is not ErrMalformed", err)
			}
			return
		}
		if r.Status < 100 || r.Status > 599 || r.Header.Get("Content-Type") == "" {
			t.Fatalf("response %+v", r)
		}
		for name := range r.Header {
			if reserved[strings.ToLower(name)] {
				t.Fatalf("reserved header %s kept", name)
			}
		}
	})
}

func TestPrelude(t *testing.T) {
	stream := append([]byte(`{"statusCode":201,"headers":{"content-type":"text/plain"},"cookies":["a=1"]}`), PreludeDelimiter...)
	stream = append(stream, "body\x00bytes"...)
	if _, _, ok := SplitPrelude(stream[:20]); ok {
		t.Error("a partial prelude was split")
	}
	prelude, body, ok := SplitPrelude(stream)
	if !ok || string(body) != "body\x00bytes" {
		t.Fatalf("split: %q %q %v", prelude, body, ok)
	}
	got, err := ParsePrelude(prelude)
	want := Response{201, http.Header{"Content-Type": {"text/plain"}, "Set-Cookie": {"a=1"}}, nil}
	if err != nil || !cmp.Equal(want, got) {
		t.Errorf("prelude: %+v %v", got, err)
	}
	if got, err := ParsePrelude([]byte(`{"headers":{"x-a":"b"}}`)); err != nil || got.Status != 200 || got.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("bare prelude: %+v %v", got, err)
	}
	for _, bad := range []string{``, `null`, `[1]`, `{"statusCode":"x"}`} {
		if _, err := ParsePrelude([]byte(bad)); !errors.Is(err, ErrMalformed) {
			t.Errorf("prelude %q: %v", bad, err)
		}
	}
}
