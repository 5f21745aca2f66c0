package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

var Ready, Late atomic.Int64

func TestScratchDecompose(t *testing.T) {
	s := echoFunction(t)
	floor := floorServer(t, 1)
	re := regexp.MustCompile(`Duration: ([0-9.]+) ms`)
	var client, report, fl []time.Duration
	for i := range 1500 {
		p := event()
		req, _ := http.NewRequest("POST", s.endpoint+"/2015-03-31/functions/echo/invocations", bytes.NewReader(p))
		req.Header.Set("X-Amz-Log-Type", "Tail")
		sum := sha256.Sum256(p)
		v4.NewSigner().SignHTTP(context.Background(), s.creds, req, hex.EncodeToString(sum[:]), "lambda", "us-east-1", time.Now())
		t0 := time.Now()
		resp, err := s.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		tail, _ := base64.StdEncoding.DecodeString(resp.Header.Get("X-Amz-Log-Result"))
		m := re.FindSubmatch(tail)
		t1 := time.Now()
		floor.invoke("echo", "RequestResponse", event())
		fd := time.Since(t1)
		if i < 100 || m == nil {
			continue
		}
		ms, _ := strconv.ParseFloat(string(m[1]), 64)
		client = append(client, d)
		report = append(report, time.Duration(ms*1e6))
		fl = append(fl, fd)
	}
	for _, x := range [][]time.Duration{client, report, fl} {
		slices.Sort(x)
	}
	t.Logf("floor runtime ready %d late %d", Ready.Load(), Late.Load())
	t.Logf("client p50 %v, REPORT Duration p50 %v, floor p50 %v (signing excluded from virga, included in floor)", median(client), median(report), median(fl))
}
