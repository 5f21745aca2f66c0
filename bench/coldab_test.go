package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestColdAB takes turns at cold-starting the echo on a server of
// another build (BENCH_A), on one of the current build and on the floor,
// 100 ms apart so that each server's spares have refilled:
//
//	BENCH_A=/path/to/older/virga go test -count=1 -run ColdAB -v ./bench
func TestColdAB(t *testing.T) {
	a := os.Getenv("BENCH_A")
	if a == "" {
		t.Skip("BENCH_A names the build to compare with")
	}
	cur := binary
	binary = a
	servers := map[string]*server{"A": startServer(t)}
	binary = cur
	servers["B"] = startServer(t)
	files := map[string][]byte{"bootstrap": goEcho(t)}
	bin := filepath.Join(t.TempDir(), "bootstrap")
	if err := os.WriteFile(bin, files["bootstrap"], 0o755); err != nil {
		t.Fatal(err)
	}
	const rounds = 40
	for _, s := range servers {
		for i := range rounds {
			s.create(t, fmt.Sprintf("c%d", i), "provided.al2023", "bootstrap", files)
		}
	}
	d := map[string][]time.Duration{}
	ways := []string{"A", "B", "floor"}
	for i := range rounds {
		for j := range ways {
			w := ways[(i+j)%len(ways)] // none always follows another's refill
			time.Sleep(100 * time.Millisecond)
			if w == "floor" {
				d[w] = append(d[w], coldFloor(t, bin))
				continue
			}
			t0 := time.Now()
			if err := ok(servers[w].invoke(fmt.Sprintf("c%d", i), "RequestResponse", []byte(`{}`))); err != nil {
				t.Fatal(err)
			}
			d[w] = append(d[w], time.Since(t0))
		}
	}
	for _, w := range ways {
		t.Logf("%s p50 %v", w, median(d[w]))
	}
}
