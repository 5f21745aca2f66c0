package logs

import (
	"context"
	"testing"
	"time"
)

func TestSettling(t *testing.T) {
	s := NewSettling()
	end := s.Begin()
	go func() {
		time.Sleep(50 * time.Millisecond)
		end()
	}()
	begin := time.Now()
	s.Wait(context.Background())
	if d := time.Since(begin); d < 40*time.Millisecond || d > settleWait/2 {
		t.Fatalf("waited %v for an invocation that settled after 50 ms", d)
	}
	s.Begin() // never settles
	begin = time.Now()
	s.Wait(context.Background())
	if d := time.Since(begin); d < settleWait {
		t.Fatalf("waited %v, want the bound %v", d, settleWait)
	}
	var none *Settling
	none.Begin()()
	none.Wait(context.Background())
}
