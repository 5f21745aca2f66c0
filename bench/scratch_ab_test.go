package bench

import (
	"os"
	"slices"
	"testing"
	"time"
)

// TestScratchAB alternates warm invokes between a server of binary A
// (BENCH_A) and one of the current build, call by call.
func TestScratchAB(t *testing.T) {
	a := os.Getenv("BENCH_A")
	if a == "" {
		t.Skip()
	}
	cur := binary
	binary = a
	sa := echoFunction(t)
	binary = cur
	sb := echoFunction(t)
	floor := floorServer(t, 1)
	ways := []way{
		{"A", func() error { return ok(sa.invoke("echo", "RequestResponse", event())) }},
		{"B", func() error { return ok(sb.invoke("echo", "RequestResponse", event())) }},
		{"floor", func() error { return ok(floor.invoke("echo", "RequestResponse", event())) }},
	}
	d := make([][]time.Duration, len(ways))
	for i := range 3000 {
		for j := range ways {
			w := ways[(i+j)%len(ways)]
			t0 := time.Now()
			if err := w.call(); err != nil {
				t.Fatal(err)
			}
			if i >= 100 {
				d[(i+j)%len(ways)] = append(d[(i+j)%len(ways)], time.Since(t0))
			}
		}
	}
	for i, w := range ways {
		slices.Sort(d[i])
		t.Logf("%s p50 %v p90 %v", w.name, median(d[i]), d[i][len(d[i])*9/10])
	}
	var spent [3]time.Duration
	for range 10 {
		for i, w := range ways {
			if i == 2 {
				continue
			}
			t0 := time.Now()
			parallelN(t, 200, 8, w.call)
			spent[i] += time.Since(t0)
		}
	}
	t.Logf("8 clients: A %.0f/s B %.0f/s", 2000/spent[0].Seconds(), 2000/spent[1].Seconds())
}
