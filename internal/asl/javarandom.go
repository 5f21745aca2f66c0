package asl

// javaRandom is java.util.Random's linear congruential generator, which
// Step Functions uses for seeded random numbers (States.MathRandom with a
// seed, JSONata's $random(seed)): the same seed gives the same numbers.
type javaRandom struct{ seed int64 }

const (
	javaMultiplier = 0x5DEECE66D
	javaMask       = 1<<48 - 1
)

func newJavaRandom(seed int64) *javaRandom {
	return &javaRandom{seed: (seed ^ javaMultiplier) & javaMask}
}

func (r *javaRandom) next(bits uint) int32 {
	r.seed = (r.seed*javaMultiplier + 0xB) & javaMask
	return int32(r.seed >> (48 - bits))
}

// float is nextDouble: a value in [0, 1).
func (r *javaRandom) float() float64 {
	return float64(int64(r.next(26))<<27+int64(r.next(27))) / (1 << 53)
}

// intn is nextInt(bound): a value in [0, bound), bound > 0.
func (r *javaRandom) intn(bound int32) int {
	if bound&-bound == bound {
		return int(int64(bound) * int64(r.next(31)) >> 31)
	}
	for {
		bits := r.next(31)
		val := bits % bound
		if bits-val+(bound-1) >= 0 {
			return int(val)
		}
	}
}
