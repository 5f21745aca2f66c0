package kms

import (
	"encoding/json"
	"sort"
	"time"
)

// contextAAD is an encryption context in a canonical form: its pairs
// sorted, as JSON.
func contextAAD(ctx map[string]string) []byte {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pairs := make([][2]string, len(keys))
	for i, k := range keys {
		pairs[i] = [2]string{k, ctx[k]}
	}
	b, _ := json.Marshal(pairs) // strings always encode
	return b
}

func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
