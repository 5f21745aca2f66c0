package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// functionURL gives a function a URL open to everyone and waits until it
// answers; it returns the URL and its path form.
func (s *server) functionURL(b testing.TB, name string) (string, string) {
	b.Helper()
	c, ctx := s.lambda(), context.Background()
	out, err := c.CreateFunctionUrlConfig(ctx, &lambda.CreateFunctionUrlConfigInput{FunctionName: aws.String(name), AuthType: types.FunctionUrlAuthTypeNone})
	if err != nil {
		b.Fatal(err)
	}
	_, err = c.AddPermission(ctx, &lambda.AddPermissionInput{FunctionName: aws.String(name), StatementId: aws.String("url"),
		Action: aws.String("lambda:InvokeFunctionUrl"), Principal: aws.String("*"), FunctionUrlAuthType: types.FunctionUrlAuthTypeNone})
	if err != nil {
		b.Fatal(err)
	}
	u, _ := url.Parse(*out.FunctionUrl)
	id, _, _ := strings.Cut(u.Hostname(), ".")
	path := s.endpoint + "/_virga/url/" + id + "/"
	for deadline := time.Now().Add(10 * time.Second); status(s.client, path) != 200; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatal("the function URL does not answer")
		}
	}
	return *out.FunctionUrl, path
}

func status(c *http.Client, target string) int {
	resp, err := c.Post(target, "application/json", bytes.NewReader(event()))
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// hostClient sends every request to the server, as *.localhost names
// resolve to it for curl and browsers.
func (s *server) hostClient() *http.Client {
	addr := strings.TrimPrefix(s.endpoint, "http://")
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
}

// BenchmarkFunctionURL compares, on one server, the same warm aws-lambda-go
// echo called through its function URL (both forms, unsigned, payload
// format 2.0 event and response mapping) and through a signed Invoke. The
// URL's event is the request mapped (about 900 bytes) where Invoke's is the
// 100-byte payload itself. The three ways take turns call by call (latency)
// or in short rounds (throughput), so that the machine's noise falls on all
// of them alike.
func BenchmarkFunctionURL(b *testing.B) {
	s := startServer(b)
	s.create(b, "echo", "provided.al2023", "bootstrap", map[string][]byte{"bootstrap": goEcho(b)})
	hostURL, pathURL := s.functionURL(b, "echo")
	hosts := s.hostClient()
	ways := []way{
		{name: "invoke", call: func() error { return ok(s.invoke("echo", "RequestResponse", event())) }},
		{name: "url-path", call: func() error { return ok(status(s.client, pathURL), nil) }},
		{name: "url-host", call: func() error { return ok(status(hosts, hostURL), nil) }},
	}
	b.Run("latency", func(b *testing.B) { latencyByTurns(b, ways) })
	b.Run("throughput/clients=8", func(b *testing.B) { throughputByTurns(b, ways) })
}

// way is one way to call the function.
type way struct {
	name string
	call func() error
}

// latencyByTurns calls each way in turn, b.N times, so that the machine's
// noise falls on all alike, and reports each one's median; it returns the
// medians in the order of ways.
func latencyByTurns(b *testing.B, ways []way) []time.Duration {
	d := make([][]time.Duration, len(ways))
	for range b.N {
		for i, w := range ways {
			t0 := time.Now()
			if err := w.call(); err != nil {
				b.Fatal(err)
			}
			d[i] = append(d[i], time.Since(t0))
		}
	}
	medians := make([]time.Duration, len(ways))
	for i, w := range ways {
		slices.Sort(d[i])
		medians[i] = median(d[i])
		b.ReportMetric(float64(medians[i].Microseconds()), w.name+"-p50-µs")
	}
	return medians
}

// throughputByTurns runs ten rounds in which each way in turn serves a
// tenth of b.N calls (at least 8) from 8 clients, and reports each one's
// requests per second; it returns the time each way spent, in order.
func throughputByTurns(b *testing.B, ways []way) []time.Duration {
	const rounds = 10
	spent := make([]time.Duration, len(ways))
	per := max(b.N/rounds, 8)
	for range rounds {
		for i, w := range ways {
			t0 := time.Now()
			parallelN(b, per, 8, w.call)
			spent[i] += time.Since(t0)
		}
	}
	for i, w := range ways {
		b.ReportMetric(float64(per*rounds)/spent[i].Seconds(), w.name+"-req/s")
	}
	return spent
}

// ok turns a status that is not 200 into an error.
func ok(code int, err error) error {
	if err == nil && code != http.StatusOK {
		err = fmt.Errorf("status %d", code)
	}
	return err
}
