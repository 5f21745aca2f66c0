package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// clusterProvisioned: provisioned concurrency of 6 spreads over the
// nodes, each keeping its share, and when one of them is killed the
// others make the 6 whole again.
func clusterProvisioned(t *testing.T, c *cluster) {
	createFn(t, c.nodes[0].server, "steady", "python3.12", "app.handler", clusterFn, nil)
	lc := c.lambda(0)
	if _, err := lc.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("steady")}); err != nil {
		t.Fatal(err)
	}
	put := time.Now()
	if _, err := lc.PutProvisionedConcurrencyConfig(ctx(t), &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("steady"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(6),
	}); err != nil {
		t.Fatal(err)
	}
	waitAvailable(t, c, 6)
	var held map[string]int
	waitFor(t, 30*time.Second, func() bool { held = provisionedHeld(t, c); return sum(held) >= 6 })
	t.Logf("READY with 6 after %v, held %v", time.Since(put).Round(time.Millisecond), held)
	victim := c.nodes[1]
	for _, nd := range c.nodes[1:] {
		if held[nd.name] > held[victim.name] {
			victim = nd
		}
	}
	if n := len(held) - countZero(held); n < 2 {
		t.Errorf("provisioned environments held by %d node(s), want the 6 spread: %v", n, held)
	}
	victim.kill()
	killed := time.Now()
	waitFor(t, 60*time.Second, func() bool { held = provisionedHeld(t, c); _, in := held[victim.name]; return !in && sum(held) >= 6 })
	waitAvailable(t, c, 6)
	t.Logf("%s (SIGKILL) held its share; the others hold %v, READY with 6 again %v after the kill",
		victim.name, held, time.Since(killed).Round(time.Millisecond))
	victim.restart()
	if _, err := c.lambda(0).DeleteProvisionedConcurrencyConfig(ctx(t), &lambda.DeleteProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("steady"), Qualifier: aws.String("1")}); err != nil {
		t.Errorf("delete provisioned concurrency: %v", err)
	}
}

// waitAvailable waits until node1 reports steady:1 READY with n available.
func waitAvailable(t *testing.T, c *cluster, n int32) {
	t.Helper()
	var got *lambda.GetProvisionedConcurrencyConfigOutput
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		out, err := c.lambda(0).GetProvisionedConcurrencyConfig(ctx(t), &lambda.GetProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("steady"), Qualifier: aws.String("1")})
		if err != nil {
			continue
		}
		got = out
		if out.Status == types.ProvisionedConcurrencyStatusEnumReady && aws.ToInt32(out.AvailableProvisionedConcurrentExecutions) == n {
			return
		}
	}
	t.Fatalf("steady:1 never READY with %d available: %+v", n, got)
}

// provisionedHeld is how many provisioned environments each running node
// says, in its own health check, it keeps.
func provisionedHeld(t *testing.T, c *cluster) map[string]int {
	t.Helper()
	held := map[string]int{}
	for i, nd := range c.nodes {
		if nd.cmd == nil {
			continue
		}
		_, members := clusterMembers(t, c, i)
		for _, m := range members {
			if m["node"] == nd.name {
				n, _ := m["provisioned"].(float64)
				held[nd.name] = int(n)
			}
		}
	}
	return held
}

func sum(m map[string]int) (n int) {
	for _, v := range m {
		n += v
	}
	return n
}

func countZero(m map[string]int) (n int) {
	for _, v := range m {
		if v == 0 {
			n++
		}
	}
	return n
}
