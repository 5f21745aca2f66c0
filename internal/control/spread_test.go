package control

import "testing"

// TestShare: the members' shares add up to the count, and a member
// leaving moves only its own slots to the others.
func TestShare(t *testing.T) {
	three := []string{"node1", "node2", "node3"}
	for _, key := range []string{"steady.1", "warm.prod", "f.7"} {
		before := map[string]int{}
		sum := 0
		for _, nd := range three {
			before[nd] = share(key, 6, nd, three)
			sum += before[nd]
		}
		if sum != 6 {
			t.Errorf("%s: shares %v add up to %d, want 6", key, before, sum)
		}
		two := []string{"node1", "node3"}
		if a, b := share(key, 6, "node1", two), share(key, 6, "node3", two); a+b != 6 || a < before["node1"] || b < before["node3"] {
			t.Errorf("%s: without node2 the shares are %d and %d, were %v", key, a, b, before)
		}
		t.Logf("%s: %v", key, before)
	}
	if n := share("steady.1", 4, "", []string{""}); n != 4 {
		t.Errorf("a server alone keeps %d of 4", n)
	}
}
