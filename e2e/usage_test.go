package e2e

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

type usageReport struct {
	Functions []struct {
		Function    string
		Invocations int64
		BilledMs    int64
		GBSeconds   float64
		CostUSD     float64
	}
	Total struct {
		Invocations int64
		CostUSD     float64
	}
}

// virgaUsage runs `virga usage --json` with extra flags.
func virgaUsage(t *testing.T, s *server, args ...string) usageReport {
	t.Helper()
	out, err := exec.Command(binary, append([]string{"usage", "--json", "--data-dir", s.dataDir}, args...)...).Output()
	if err != nil {
		t.Fatalf("virga usage %v: %v\n%s", args, err, out)
	}
	var r usageReport
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("virga usage printed %q", out)
	}
	return r
}

var billedRE = regexp.MustCompile(`Billed Duration: (\d+) ms\tMemory Size: (\d+) MB`)

// reportedUsage sums what a function's REPORT lines say.
func reportedUsage(t *testing.T, s *server, fn string) (n, billedMs int64, gbSeconds float64) {
	t.Helper()
	pages := cloudwatchlogs.NewFilterLogEventsPaginator(s.logsClient(), &cloudwatchlogs.FilterLogEventsInput{
		LogGroupName: aws.String("/aws/lambda/" + fn), FilterPattern: aws.String("REPORT")})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			m := billedRE.FindStringSubmatch(aws.ToString(e.Message))
			if m == nil {
				t.Fatalf("REPORT line without billing: %q", aws.ToString(e.Message))
			}
			ms, _ := strconv.ParseInt(m[1], 10, 64)
			mb, _ := strconv.ParseInt(m[2], 10, 64)
			n, billedMs, gbSeconds = n+1, billedMs+ms, gbSeconds+float64(mb)/1024*float64(ms)/1000
		}
	}
	return n, billedMs, gbSeconds
}

func TestUsage(t *testing.T) {
	s := startServer(t)
	createFn(t, s, "billed", "python3.12", "app.handler", map[string]string{"app.py": pythonApp}, func(in *lambda.CreateFunctionInput) {
		in.MemorySize = aws.Int32(512)
	})
	createFn(t, s, "other", "python3.12", "app.handler", map[string]string{"app.py": pythonApp}, nil)
	for range 3 {
		invoke(t, s, "billed", map[string]any{})
	}
	invoke(t, s, "billed", map[string]any{"action": "sleep", "seconds": 0.3})
	invoke(t, s, "billed", map[string]any{"action": "fail"})
	invoke(t, s, "other", map[string]any{})

	check := func(t *testing.T) {
		n, billedMs, gbs := reportedUsage(t, s, "billed")
		r := virgaUsage(t, s, "--function", "billed")
		if len(r.Functions) != 1 {
			t.Fatalf("usage of one function: %+v", r)
		}
		u := r.Functions[0]
		if u.Function != "billed" || u.Invocations != n || n != 5 || u.BilledMs != billedMs || billedMs < 300 || math.Abs(u.GBSeconds-gbs) > 1e-9 {
			t.Errorf("usage %+v; REPORT lines: %d invocations, %d ms, %v GB-s", u, n, billedMs, gbs)
		}
		if want := float64(n)*0.20/1e6 + gbs*0.0000166667; math.Abs(u.CostUSD-want) > 1e-12 {
			t.Errorf("cost %v, want %v", u.CostUSD, want)
		}
	}
	t.Run("EqualsReportLines", check)
	t.Run("AllFunctions", func(t *testing.T) {
		if r := virgaUsage(t, s); len(r.Functions) != 2 || r.Total.Invocations != 6 {
			t.Errorf("usage of all functions: %+v", r)
		}
		if r := virgaUsage(t, s, "--since", "1ms"); r.Total.Invocations != 0 {
			t.Errorf("usage of the last millisecond: %+v", r)
		}
	})
	t.Run("PriceFile", func(t *testing.T) {
		prices := filepath.Join(t.TempDir(), "prices.json")
		os.WriteFile(prices, []byte(`{"requestsPerMillion": 1000000, "gbSecond": 0}`), 0o644)
		if r := virgaUsage(t, s, "--function", "other", "--price-file", prices); r.Total.CostUSD != 1 {
			t.Errorf("one request at $1 each cost %v", r.Total.CostUSD)
		}
	})
	t.Run("Table", func(t *testing.T) {
		out, err := exec.Command(binary, "usage", "--data-dir", s.dataDir).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "GB-SECONDS") || !strings.Contains(string(out), "billed") {
			t.Errorf("virga usage: %v\n%s", err, out)
		}
	})
	t.Run("SurvivesRestart", func(t *testing.T) {
		s.stop()
		s.start()
		check(t)
	})
}
