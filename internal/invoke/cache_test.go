package invoke

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/control"
)

type countingFunctions struct{ calls atomic.Int64 }

func (c *countingFunctions) GetFunction(ctx context.Context, ref arn.Function) (control.Function, error) {
	c.calls.Add(1)
	fn := control.Function{}
	fn.Configuration.FunctionName = ref.Name
	fn.Configuration.Version = ref.Qualifier
	return fn, nil
}

func TestCacheForgetsChangedFunctions(t *testing.T) {
	inner := &countingFunctions{}
	c := NewCache(inner)
	ctx := context.Background()
	ref := arn.Function{Name: "f", Qualifier: "live"}
	for range 3 {
		if _, err := c.GetFunction(ctx, ref); err != nil {
			t.Fatal(err)
		}
	}
	if inner.calls.Load() != 1 {
		t.Fatalf("%d store reads for three resolutions", inner.calls.Load())
	}
	c.Forget("f.live")
	c.Forget("g")
	c.GetFunction(ctx, ref)
	if inner.calls.Load() != 2 {
		t.Fatalf("a changed function was served from the cache")
	}
}

// TestCacheRace runs resolutions and changes together under -race.
func TestCacheRace(t *testing.T) {
	c := NewCache(&countingFunctions{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 1000 {
			c.Forget("f")
		}
	}()
	for range 1000 {
		c.GetFunction(context.Background(), arn.Function{Name: "f"})
	}
	<-done
}
