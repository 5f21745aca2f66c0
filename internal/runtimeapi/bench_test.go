package runtimeapi

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// The benchmarks time a warm invocation on loopback: Invoke hands the event
// to a runtime waiting in next, in another goroutine, which posts it back as
// the response. One op is two HTTP round trips (next's answer, the response
// POST) plus the hand-off, so the floor to compare with is twice
// BenchmarkEcho, a bare net/http echo server measured with the same clients.
// Allocations count client and server together; the raw client allocates
// nothing per request, so with it they are the server's own.

var benchPayload = []byte(`{"key":"value","list":[1,2,3],"nested":{"a":"b"}}`)

func BenchmarkInvoke(b *testing.B) {
	for _, client := range []struct {
		name string
		run  func(addr string)
	}{{"nethttp", netHTTPRuntime}, {"raw", rawRuntime}} {
		b.Run("client="+client.name, func(b *testing.B) {
			s, addr := startServer(b, 0)
			go client.run(addr) // ends when the server closes
			inv := Invocation{
				RequestID:          "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
				Payload:            benchPayload,
				Deadline:           time.Now().Add(time.Hour),
				InvokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:fn",
				TraceID:            "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				res, err := s.Invoke(ctx, inv)
				if err != nil || len(res.Payload) != len(benchPayload) {
					b.Fatalf("Invoke = %+v, %v", res, err)
				}
			}
		})
	}
}

// BenchmarkInvokeProcess is BenchmarkInvoke with a real function in its
// own process, outside any sandbox: testdata/lambdafn on aws-lambda-go's
// runtime client. It is the floor of a warm invoke of such a function on
// this machine, whatever the platform around it.
func BenchmarkInvokeProcess(b *testing.B) {
	s, _ := startFunction(b, buildFunction(b), 0)
	inv := Invocation{RequestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", Payload: []byte(`{"size":90}`), Deadline: time.Now().Add(time.Hour)}
	ctx := context.Background()
	for b.Loop() {
		if res, err := s.Invoke(ctx, inv); err != nil || res.Error {
			b.Fatalf("Invoke = %+v, %v", res, err)
		}
	}
}

// BenchmarkEcho is the floor: one POST round trip to a net/http handler that
// reads the body and writes it back.
func BenchmarkEcho(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Write(body)
	})}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	url := "http://" + ln.Addr().String() + "/echo"

	b.Run("client=nethttp", func(b *testing.B) {
		client := &http.Client{Transport: &http.Transport{}}
		b.ReportAllocs()
		for b.Loop() {
			resp, err := client.Post(url, "application/json", bytes.NewReader(benchPayload))
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	b.Run("client=raw", func(b *testing.B) {
		c := dialRaw(b, ln.Addr().String())
		b.ReportAllocs()
		for b.Loop() {
			c.req = append(c.req[:0], "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"...)
			if status, err := c.roundTrip(benchPayload); err != nil || status != 200 || len(c.body) != len(benchPayload) {
				b.Fatalf("echo: %d %v", status, err)
			}
		}
	})
}

// netHTTPRuntime is a runtime on net/http with keep-alive, like aws-lambda-go.
func netHTTPRuntime(addr string) {
	base := "http://" + addr + "/2018-06-01/runtime/invocation/"
	client := &http.Client{Transport: &http.Transport{}}
	for {
		resp, err := client.Get(base + "next")
		if err != nil {
			return
		}
		event, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp, err = client.Post(base+resp.Header.Get(hdrRequestID)+"/response", "application/json", bytes.NewReader(event))
		if err != nil {
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// rawRuntime is a runtime on rawConn.
func rawRuntime(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	rc := &rawConn{c: c, r: bufio.NewReader(c)}
	defer c.Close()
	var event []byte
	for {
		rc.req = append(rc.req[:0], "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1\r\n"...)
		if status, err := rc.roundTrip(nil); err != nil || status != 200 {
			return
		}
		event = append(event[:0], rc.body...)
		rc.req = append(rc.req[:0], "POST /2018-06-01/runtime/invocation/"...)
		rc.req = append(rc.req, rc.id...)
		rc.req = append(rc.req, "/response HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"...)
		if status, err := rc.roundTrip(event); err != nil || status != 202 {
			return
		}
	}
}

// rawConn is a lean HTTP/1.1 client on one keep-alive connection that
// allocates nothing per request.
type rawConn struct {
	c    net.Conn
	r    *bufio.Reader
	req  []byte // the request line and headers, filled in by the caller
	id   []byte // Lambda-Runtime-Aws-Request-Id of the last response
	body []byte // body of the last response
}

func dialRaw(b *testing.B, addr string) *rawConn {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return &rawConn{c: c, r: bufio.NewReader(c)}
}

var (
	keyContentLength = []byte(hdrContentLength)
	keyRequestID     = []byte(hdrRequestID)
)

// roundTrip sends c.req, ended with a Content-Length for body, and reads the
// response, which must have a Content-Length.
func (c *rawConn) roundTrip(body []byte) (status int, err error) {
	if body != nil {
		c.req = append(c.req, "Content-Length: "...)
		c.req = strconv.AppendInt(c.req, int64(len(body)), 10)
		c.req = append(c.req, "\r\n"...)
	}
	c.req = append(c.req, "\r\n"...)
	c.req = append(c.req, body...)
	if _, err := c.c.Write(c.req); err != nil {
		return 0, err
	}
	line, err := c.r.ReadSlice('\n')
	if err != nil || len(line) < 12 {
		return 0, errors.Join(err, errors.New("bad status line"))
	}
	status = int(line[9]-'0')*100 + int(line[10]-'0')*10 + int(line[11]-'0')
	n := 0
	for {
		line, err = c.r.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		k, v, ok := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(": "))
		if !ok {
			break
		}
		switch {
		case bytes.EqualFold(k, keyContentLength):
			for _, d := range v {
				n = n*10 + int(d-'0')
			}
		case bytes.EqualFold(k, keyRequestID):
			c.id = append(c.id[:0], v...)
		}
	}
	if cap(c.body) < n {
		c.body = make([]byte, n)
	}
	c.body = c.body[:n]
	_, err = io.ReadFull(c.r, c.body)
	return status, err
}
