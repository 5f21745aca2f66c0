package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// query sends one signed query-protocol request to a service.
func (s *server) query(service string, form url.Values) (int, []byte, error) {
	body := []byte(form.Encode())
	req, err := http.NewRequest("POST", s.endpoint+"/", bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(context.Background(), s.creds, req, hex.EncodeToString(sum[:]), service, "us-east-1", time.Now()); err != nil {
		return 0, nil, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, nil
}

// snsTopic makes a topic with the function subscribed (and allowed) and
// returns its ARN.
func snsTopic(b *testing.B, s *server, fn string) string {
	status, body, err := s.query("sns", url.Values{"Action": {"CreateTopic"}, "Version": {"2010-03-31"}, "Name": {"bench"}})
	if err != nil || status != 200 {
		b.Fatalf("create topic: %d %s %v", status, body, err)
	}
	topic := string(regexp.MustCompile(`<TopicArn>([^<]+)<`).FindSubmatch(body)[1])
	_, err = s.lambda().AddPermission(context.Background(), &lambda.AddPermissionInput{FunctionName: aws.String(fn),
		StatementId: aws.String("sns"), Action: aws.String("lambda:InvokeFunction"), Principal: aws.String("sns.amazonaws.com"), SourceArn: aws.String(topic)})
	if err != nil {
		b.Fatal(err)
	}
	fnARN := "arn:aws:lambda:us-east-1:" + accountOf(topic) + ":function:" + fn
	status, body, err = s.query("sns", url.Values{"Action": {"Subscribe"}, "Version": {"2010-03-31"}, "TopicArn": {topic},
		"Protocol": {"lambda"}, "Endpoint": {fnARN}})
	if err != nil || status != 200 {
		b.Fatalf("subscribe: %d %s %v", status, body, err)
	}
	return topic
}

func accountOf(arn string) string { return regexp.MustCompile(`:(\d{12}):`).FindStringSubmatch(arn)[1] }

func (s *server) publish(topic, message string) error {
	status, body, err := s.query("sns", url.Values{"Action": {"Publish"}, "Version": {"2010-03-31"}, "TopicArn": {topic}, "Message": {message}})
	if err == nil && status != 200 {
		err = fmt.Errorf("publish: %d %s", status, body)
	}
	return err
}

// BenchmarkSNSPublish measures durable publishing: at least 2,000
// publishes from 16 clients to a topic with a function subscribed, next to
// as many Event invokes of the same function in the same run (each is one
// store write before the answer). Reports publishes/s and events/s.
func BenchmarkSNSPublish(b *testing.B) {
	s := startServer(b)
	s.create(b, "sink", "provided.al2023", "bootstrap", map[string][]byte{"bootstrap": goEcho(b)})
	topic := snsTopic(b, s, "sink")
	n := max(b.N, 2000)
	b.ResetTimer()
	events := rate(n, func(int) error {
		status, err := s.invoke("sink", "Event", []byte(`{"echo":"x"}`))
		if err == nil && status != 202 {
			err = fmt.Errorf("event invoke: %d", status)
		}
		return err
	})
	publishes := rate(n, func(int) error { return s.publish(topic, `{"echo":"x"}`) })
	b.ReportMetric(publishes, "publishes/s")
	b.ReportMetric(events, "events/s")
}

// latencyFn prints how long after the time in its message (ns since the
// epoch) it ran, for a message from a topic or a plain event.
const latencyFn = `import time
def handler(event, context):
    if "warm" in event:
        return
    if "Records" in event:
        print("LAT topic %d" % (time.time_ns() - int(event["Records"][0]["Sns"]["Message"])))
    else:
        print("LAT event %d" % (time.time_ns() - int(event["sent"])))
`

// BenchmarkSNSFanOutLatency measures, one message at a time, from the
// publish request to the subscribed warm function running, next to the
// same for an Event invoke of it: p50 and p99 of 100 each.
func BenchmarkSNSFanOutLatency(b *testing.B) {
	s := startServer(b)
	s.create(b, "lat", "python3.12", "app.handler", map[string][]byte{"app.py": []byte(latencyFn)})
	topic := snsTopic(b, s, "lat")
	b.ResetTimer()
	const n = 100
	send := func(viaTopic bool) {
		for range n {
			now := strconv.FormatInt(time.Now().UnixNano(), 10)
			var err error
			if viaTopic {
				err = s.publish(topic, now)
			} else {
				_, err = s.invoke("lat", "Event", []byte(`{"sent":"`+now+`"}`))
			}
			if err != nil {
				b.Fatal(err)
			}
			time.Sleep(30 * time.Millisecond)
		}
	}
	if _, err := s.invoke("lat", "RequestResponse", []byte(`{"warm":1}`)); err != nil {
		b.Fatal(err)
	}
	send(false)
	send(true)
	topic50, topic99 := percentiles(lagsOf(b, s, "lat", "topic", n))
	event50, event99 := percentiles(lagsOf(b, s, "lat", "event", n))
	b.ReportMetric(topic50, "topic-p50-ms")
	b.ReportMetric(topic99, "topic-p99-ms")
	b.ReportMetric(event50, "event-p50-ms")
	b.ReportMetric(event99, "event-p99-ms")
}

// lagsOf waits for n LAT lines of a kind in a function's log.
func lagsOf(b *testing.B, s *server, fn, kind string, n int) []float64 {
	re := regexp.MustCompile(`LAT ` + kind + ` (\d+)`)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		out, err := exec.Command(binary, "logs", fn, "--data-dir", s.dataDir).CombinedOutput()
		if err != nil {
			b.Fatalf("virga logs: %v %s", err, out)
		}
		var got []float64
		for _, m := range re.FindAllSubmatch(out, -1) {
			ns, _ := strconv.ParseFloat(string(m[1]), 64)
			got = append(got, ns/1e6)
		}
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) < n {
				b.Fatalf("%d latencies, want %d", len(got), n)
			}
			return got[:n]
		}
	}
}

func percentiles(ms []float64) (p50, p99 float64) {
	s := append([]float64(nil), ms...)
	sort.Float64s(s)
	return s[len(s)/2], s[len(s)*99/100]
}
