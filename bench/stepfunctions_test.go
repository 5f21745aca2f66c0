package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// sfnClient is a Step Functions client whose HTTP client dials the
// endpoint whatever host prefix (sync-) the SDK puts before it.
func (s *server) sfnClient() *sfn.Client {
	var d net.Dialer
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return d.DialContext(ctx, network, strings.TrimPrefix(addr, "sync-"))
		}}}
	return sfn.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(s.endpoint), HTTPClient: hc,
		Credentials: credentials.StaticCredentialsProvider{Value: s.creds}})
}

// passChain is a machine of n Pass states.
func passChain(n int) string {
	var b strings.Builder
	b.WriteString(`{"StartAt":"S0","States":{`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		next := fmt.Sprintf(`"Next":"S%d"`, i+1)
		if i == n-1 {
			next = `"End":true`
		}
		fmt.Fprintf(&b, `"S%d":{"Type":"Pass","Result":{"step":%d},"ResultPath":"$.last",%s}`, i, i, next)
	}
	b.WriteString("}}")
	return b.String()
}

func sfnMachine(b *testing.B, c *sfn.Client, name, typ, def string) string {
	out, err := c.CreateStateMachine(context.Background(), &sfn.CreateStateMachineInput{Name: aws.String(name),
		Definition: aws.String(def), RoleArn: aws.String("arn:aws:iam::123456789012:role/bench"), Type: types.StateMachineType(typ)})
	if err != nil {
		b.Fatal(err)
	}
	return *out.StateMachineArn
}

// runStandard starts an execution and waits for its end; it returns the
// time from start to stop the service recorded.
func runStandard(b *testing.B, c *sfn.Client, machine, input string) time.Duration {
	ctx := context.Background()
	start, err := c.StartExecution(ctx, &sfn.StartExecutionInput{StateMachineArn: aws.String(machine), Input: aws.String(input)})
	if err != nil {
		b.Fatal(err)
	}
	for {
		out, err := c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: start.ExecutionArn})
		if err != nil {
			b.Fatal(err)
		}
		if out.Status == types.ExecutionStatusSucceeded {
			return out.StopDate.Sub(*out.StartDate)
		}
		if out.Status != types.ExecutionStatusRunning {
			b.Fatalf("%s: %s %s", out.Status, aws.ToString(out.Error), aws.ToString(out.Cause))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func runSync(b *testing.B, c *sfn.Client, machine, input string) time.Duration {
	begin := time.Now()
	out, err := c.StartSyncExecution(context.Background(), &sfn.StartSyncExecutionInput{StateMachineArn: aws.String(machine), Input: aws.String(input)})
	if err != nil || out.Status != types.SyncExecutionStatusSucceeded {
		b.Fatalf("%v %v", err, out)
	}
	return time.Since(begin)
}

// BenchmarkStepFunctionsPassChain measures state transitions per second
// for a chain of 100 Pass states: Standard (each transition two history
// events appended to JetStream), one execution at a time and eight at
// once, and Express (in memory, StartSyncExecution).
func BenchmarkStepFunctionsPassChain(b *testing.B) {
	const states = 100
	s := startServer(b)
	c := s.sfnClient()
	standard := sfnMachine(b, c, "chain", "STANDARD", passChain(states))
	express := sfnMachine(b, c, "chain-express", "EXPRESS", passChain(states))
	b.ResetTimer()
	for range b.N {
		var one, inMemory []time.Duration
		for range 5 {
			one = append(one, runStandard(b, c, standard, `{}`))
			inMemory = append(inMemory, runSync(b, c, express, `{}`))
		}
		begin := time.Now()
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() { defer wg.Done(); runStandard(b, c, standard, `{}`) }()
		}
		wg.Wait()
		eight := time.Since(begin)
		b.ReportMetric(states/median(one).Seconds(), "standard-transitions/s")
		b.ReportMetric(8*states/eight.Seconds(), "standard-8-transitions/s")
		b.ReportMetric(states/median(inMemory).Seconds(), "express-transitions/s")
	}
}

// BenchmarkStepFunctionsLambdaInvoke measures what a lambda:invoke state
// adds to a direct Invoke of the same warm Go echo function: an Express
// machine of that one state through StartSyncExecution, and the same
// machine as a Standard execution (start to stop as recorded).
func BenchmarkStepFunctionsLambdaInvoke(b *testing.B) {
	s := startServer(b)
	s.create(b, "echo", "provided.al2023", "bootstrap", map[string][]byte{"bootstrap": goEcho(b)})
	c := s.sfnClient()
	def := `{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
	  "Parameters":{"FunctionName":"echo","Payload.$":"$"},"OutputPath":"$.Payload","End":true}}}`
	express := sfnMachine(b, c, "call-express", "EXPRESS", def)
	standard := sfnMachine(b, c, "call", "STANDARD", def)
	payload := []byte(`{"hello":"world"}`)
	if _, err := s.invoke("echo", "RequestResponse", payload); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		var direct, viaSync, viaStandard []time.Duration
		for range 30 {
			begin := time.Now()
			if status, err := s.invoke("echo", "RequestResponse", payload); err != nil || status != 200 {
				b.Fatal(status, err)
			}
			direct = append(direct, time.Since(begin))
			viaSync = append(viaSync, runSync(b, c, express, string(payload)))
			viaStandard = append(viaStandard, runStandard(b, c, standard, string(payload)))
		}
		b.ReportMetric(float64(median(direct).Microseconds())/1000, "invoke-p50-ms")
		b.ReportMetric(float64(median(viaSync).Microseconds())/1000, "sync-express-p50-ms")
		b.ReportMetric(float64(median(viaStandard).Microseconds())/1000, "standard-p50-ms")
	}
}
