package sigv4

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// awsExample is AWS's published example of a signed aws-chunked upload:
// 65,536 + 1,024 bytes of 'a' with the seed signature of its request.
var awsExample = struct {
	secret, date, scope, seed string
	chunkSigs                 []string
}{
	secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	date:   "20130524T000000Z",
	scope:  "20130524/us-east-1/s3/aws4_request",
	seed:   "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
	chunkSigs: []string{
		"ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
		"0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
		"b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
	},
}

func exampleChain() *chain {
	return &chain{key: deriveKey(awsExample.secret, "20130524", "us-east-1", "s3"), amzDate: awsExample.date,
		scope: awsExample.scope, prev: awsExample.seed}
}

func exampleBody(sigs []string) string {
	var b strings.Builder
	for i, size := range []string{"10000", "400", "0"} {
		n := []int{65536, 1024, 0}[i]
		b.WriteString(size + ";chunk-signature=" + sigs[i] + "\r\n" + strings.Repeat("a", n))
		if n > 0 {
			b.WriteString("\r\n")
		}
	}
	b.WriteString("\r\n")
	return b.String()
}

func TestChunkedSigned(t *testing.T) {
	t.Run("AWSExample", func(t *testing.T) {
		got, err := io.ReadAll(newChunked(strings.NewReader(exampleBody(awsExample.chunkSigs)), exampleChain(), http.Header{}))
		if err != nil || len(got) != 66560 || strings.Trim(string(got), "a") != "" {
			t.Fatalf("read %d bytes, %v", len(got), err)
		}
	})
	t.Run("TamperedChunk", func(t *testing.T) {
		body := strings.Replace(exampleBody(awsExample.chunkSigs), "aaaa", "aaab", 1)
		_, err := io.ReadAll(newChunked(strings.NewReader(body), exampleChain(), http.Header{}))
		if !errors.Is(err, ErrInvalidSignature) {
			t.Fatalf("err = %v, want a signature mismatch", err)
		}
	})
	t.Run("Truncated", func(t *testing.T) {
		body := exampleBody(awsExample.chunkSigs)[:60000]
		_, err := io.ReadAll(newChunked(strings.NewReader(body), exampleChain(), http.Header{}))
		if !errors.Is(err, ErrIncompleteBody) {
			t.Fatalf("err = %v, want IncompleteBody", err)
		}
	})
}

func TestChunkedUnsignedTrailer(t *testing.T) {
	body := "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
	trailer := http.Header{}
	got, err := io.ReadAll(newChunked(strings.NewReader(body), nil, trailer))
	if err != nil || string(got) != "hello world" || trailer.Get("x-amz-checksum-crc32") != "DUoRhQ==" {
		t.Fatalf("read %q, %v, trailer %v", got, err, trailer)
	}
}

func FuzzChunked(f *testing.F) {
	f.Add([]byte("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"), false)
	f.Add([]byte(exampleBody(awsExample.chunkSigs)), true)
	f.Add([]byte("ffffffff\r\n"), false)
	f.Fuzz(func(t *testing.T, body []byte, signed bool) {
		var c *chain
		if signed {
			c = exampleChain()
		}
		got, err := io.ReadAll(newChunked(bytes.NewReader(body), c, http.Header{}))
		if err == nil && len(got) > len(body) {
			t.Fatalf("decoded %d bytes from %d", len(got), len(body))
		}
	})
}
