package asl

import (
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
)

// mathLimit bounds the operands of States.MathAdd.
const mathLimit = 1000000

func mathAdd(args []any) (any, error) {
	n, err := ints("States.MathAdd", args)
	if err != nil {
		return nil, err
	}
	a, b := n[0], n[1]
	if abs(a) > mathLimit || abs(b) > mathLimit {
		return nil, intrinsicError("The arguments of States.MathAdd must be between -%d and %d", mathLimit, mathLimit)
	}
	return number(float64(a + b)), nil
}

// mathRandom returns an integer from start (inclusive) to end (exclusive);
// with a seed, the sequence of java.util.Random, as Step Functions.
func mathRandom(args []any) (any, error) {
	n, err := ints("States.MathRandom", args)
	if err != nil {
		return nil, err
	}
	start, end := n[0], n[1]
	if end <= start {
		return nil, intrinsicError("The end of States.MathRandom (%d) must be greater than its start (%d)", end, start)
	}
	if end-start > 1<<31-1 {
		return nil, intrinsicError("The range of States.MathRandom is too large")
	}
	if len(args) == 3 {
		return number(float64(start + newJavaRandom(int64(n[2])).intn(int32(end-start)))), nil
	}
	return number(float64(start + mrand.IntN(end-start))), nil
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// uuid returns a random (version 4) UUID.
func uuid(_ []any) (any, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, intrinsicError("States.UUID: %v", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
