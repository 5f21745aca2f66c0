package e2e

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

const sleeper = `import os, time
count = 0
def handler(event, context):
    global count
    count += 1
    time.sleep(event.get("sleep", 0))
    return {"count": count, "init": os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"]}
`

// burst sends n simultaneous invocations through raw signed requests and
// returns their responses.
func burst(t *testing.T, s *server, name string, n int, payload string) []rawResponse {
	t.Helper()
	out := make([]rawResponse, n)
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = s.signed(t, "POST", "/2015-03-31/functions/"+name+"/invocations", []byte(payload))
		}()
	}
	wg.Wait()
	return out
}

// tally counts successes and checks that every other response is AWS's
// throttling error with the given reason.
func tally(t *testing.T, responses []rawResponse, reason string) (ok int) {
	t.Helper()
	for _, r := range responses {
		if r.status == 200 {
			ok++
			continue
		}
		var body map[string]string
		json.Unmarshal(r.body, &body)
		if r.status != 429 || r.header.Get("x-amzn-ErrorType") != "TooManyRequestsException" ||
			body["Reason"] != reason || body["Type"] != "User" || body["message"] != "Rate Exceeded." {
			t.Errorf("status %d %s %s, want 429 %s", r.status, r.header.Get("x-amzn-ErrorType"), r.body, reason)
		}
	}
	return ok
}

func TestReservedConcurrency(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createFn(t, s, "capped", "python3.12", "app.handler", map[string]string{"app.py": sleeper}, nil)
	if _, err := c.PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{
		FunctionName: aws.String("capped"), ReservedConcurrentExecutions: aws.Int32(2),
	}); err != nil {
		t.Fatal(err)
	}

	t.Run("ExcessIsThrottledAtOnce", func(t *testing.T) {
		begin := time.Now()
		responses := burst(t, s, "capped", 6, `{"sleep": 1.5}`)
		if ok := tally(t, responses, "ReservedFunctionConcurrentInvocationLimitExceeded"); ok != 2 {
			t.Errorf("%d invocations succeeded, want 2", ok)
		}
		if d := time.Since(begin); d > 10*time.Second {
			t.Errorf("burst took %v", d)
		}
	})
	t.Run("Settings", func(t *testing.T) {
		got, err := c.GetFunctionConcurrency(ctx(t), &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("capped")})
		if err != nil || aws.ToInt32(got.ReservedConcurrentExecutions) != 2 {
			t.Errorf("get: %v %v", got, err)
		}
		fn, err := c.GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("capped")})
		if err != nil || fn.Concurrency == nil || aws.ToInt32(fn.Concurrency.ReservedConcurrentExecutions) != 2 {
			t.Errorf("GetFunction concurrency: %v", err)
		}
		acct, err := c.GetAccountSettings(ctx(t), &lambda.GetAccountSettingsInput{})
		if err != nil || acct.AccountLimit.ConcurrentExecutions != 1000 || aws.ToInt32(acct.AccountLimit.UnreservedConcurrentExecutions) != 998 {
			t.Errorf("account settings: %+v %v", acct.AccountLimit, err)
		}
		_, err = c.PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("capped"), ReservedConcurrentExecutions: aws.Int32(901)})
		if ae := apiError(t, err, "InvalidParameterValueException"); !strings.Contains(ae.ErrorMessage(), "below its minimum value of [100]") {
			t.Error(ae.ErrorMessage())
		}
	})
	t.Run("ReservedZeroThrottlesEverything", func(t *testing.T) {
		c.PutFunctionConcurrency(ctx(t), &lambda.PutFunctionConcurrencyInput{FunctionName: aws.String("capped"), ReservedConcurrentExecutions: aws.Int32(0)})
		if ok := tally(t, burst(t, s, "capped", 1, `{}`), "ReservedFunctionConcurrentInvocationLimitExceeded"); ok != 0 {
			t.Error("an invocation ran with reserved concurrency 0")
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if _, err := c.DeleteFunctionConcurrency(ctx(t), &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String("capped")}); err != nil {
			t.Fatal(err)
		}
		got, err := c.GetFunctionConcurrency(ctx(t), &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String("capped")})
		if err != nil || got.ReservedConcurrentExecutions != nil {
			t.Errorf("after delete: %v %v", got, err)
		}
		if ok := tally(t, burst(t, s, "capped", 4, `{"sleep": 0.5}`), ""); ok != 4 {
			t.Errorf("%d of 4 ran without a reservation", ok)
		}
	})
}

func TestAccountConcurrencyAndScaleOut(t *testing.T) {
	s := startServer(t, "--account-concurrency", "8")
	createFn(t, s, "wide", "python3.12", "app.handler", map[string]string{"app.py": sleeper}, nil)

	// Eight simultaneous invocations of a cold function get eight environments
	// started in parallel: each sees a fresh global counter.
	begin := time.Now()
	responses := burst(t, s, "wide", 8, `{"sleep": 1}`)
	elapsed := time.Since(begin)
	for _, r := range responses {
		var m map[string]any
		if r.status != 200 || json.Unmarshal(r.body, &m) != nil || m["count"] != 1.0 {
			t.Fatalf("status %d body %s", r.status, r.body)
		}
	}
	if elapsed > 6*time.Second {
		t.Errorf("8 cold invocations took %v: environments were not started in parallel", elapsed)
	}
	t.Logf("8 simultaneous cold invocations of a 1 s function: %v", elapsed)

	// Over the account limit, the excess is throttled.
	if ok := tally(t, burst(t, s, "wide", 12, `{"sleep": 1.5}`), "ConcurrentInvocationLimitExceeded"); ok != 8 {
		t.Errorf("%d of 12 succeeded under an account limit of 8", ok)
	}
}

func TestProvisionedConcurrency(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	createFn(t, s, "warm", "python3.12", "app.handler", versioned("pc"), nil)
	if _, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("warm")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("warm"), Name: aws.String("prod"), FunctionVersion: aws.String("1")}); err != nil {
		t.Fatal(err)
	}

	put, err := c.PutProvisionedConcurrencyConfig(ctx(t), &lambda.PutProvisionedConcurrencyConfigInput{
		FunctionName: aws.String("warm"), Qualifier: aws.String("prod"), ProvisionedConcurrentExecutions: aws.Int32(2),
	})
	if err != nil {
		t.Fatal(err)
	}
	if put.Status != types.ProvisionedConcurrencyStatusEnumInProgress || aws.ToInt32(put.RequestedProvisionedConcurrentExecutions) != 2 {
		t.Errorf("put: %+v", put)
	}
	waitProvisioned(t, c, "warm", "prod", types.ProvisionedConcurrencyStatusEnumReady)

	out, m := invokeQualified(t, s, "warm", "prod")
	tail := logTail(t, out)
	if m["init"] != "provisioned-concurrency" || strings.Contains(tail, "Init Duration") || strings.Contains(tail, "INIT_START") {
		t.Errorf("first invocation was not served by a provisioned environment: %v\n%s", m, tail)
	}

	t.Run("ReplacesEnvironmentsThatDie", func(t *testing.T) {
		s.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String("warm"), Qualifier: aws.String("prod"), Payload: []byte(`{"exit": true}`)})
		var m map[string]any
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			responses := burst(t, s, "warm:prod", 2, `{}`)
			all := true
			for _, r := range responses {
				json.Unmarshal(r.body, &m)
				all = all && r.status == 200 && m["init"] == "provisioned-concurrency"
			}
			if all {
				return
			}
		}
		t.Error("a dead provisioned environment was not replaced")
	})
	t.Run("Errors", func(t *testing.T) {
		_, err := c.PutProvisionedConcurrencyConfig(ctx(t), &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("warm"), Qualifier: aws.String("$LATEST"), ProvisionedConcurrentExecutions: aws.Int32(1),
		})
		if ae := apiError(t, err, "InvalidParameterValueException"); ae.ErrorMessage() != "Provisioned Concurrency Configs cannot be applied to unpublished function versions." {
			t.Error(ae.ErrorMessage())
		}
		_, err = c.GetProvisionedConcurrencyConfig(ctx(t), &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("warm"), Qualifier: aws.String("1")})
		if ae := apiError(t, err, "ProvisionedConcurrencyConfigNotFoundException"); ae.ErrorMessage() != "No Provisioned Concurrency Config found for this function" {
			t.Error(ae.ErrorMessage())
		}
		list, err := c.ListProvisionedConcurrencyConfigs(ctx(t), &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String("warm")})
		if err != nil || len(list.ProvisionedConcurrencyConfigs) != 1 || !strings.HasSuffix(aws.ToString(list.ProvisionedConcurrencyConfigs[0].FunctionArn), ":warm:prod") {
			t.Errorf("list: %+v %v", list, err)
		}
	})
	t.Run("InitFailure", func(t *testing.T) {
		createFn(t, s, "broken", "python3.12", "app.handler", map[string]string{"app.py": "import nope\n"}, nil)
		c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("broken")})
		if _, err := c.PutProvisionedConcurrencyConfig(ctx(t), &lambda.PutProvisionedConcurrencyConfigInput{
			FunctionName: aws.String("broken"), Qualifier: aws.String("1"), ProvisionedConcurrentExecutions: aws.Int32(1),
		}); err != nil {
			t.Fatal(err)
		}
		got := waitProvisioned(t, c, "broken", "1", types.ProvisionedConcurrencyStatusEnumFailed)
		if !strings.Contains(aws.ToString(got.StatusReason), "Runtime.ImportModuleError") {
			t.Errorf("reason %q", aws.ToString(got.StatusReason))
		}
	})
	t.Run("Delete", func(t *testing.T) {
		if _, err := c.DeleteProvisionedConcurrencyConfig(ctx(t), &lambda.DeleteProvisionedConcurrencyConfigInput{FunctionName: aws.String("warm"), Qualifier: aws.String("prod")}); err != nil {
			t.Fatal(err)
		}
		_, err := c.GetProvisionedConcurrencyConfig(ctx(t), &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String("warm"), Qualifier: aws.String("prod")})
		apiError(t, err, "ProvisionedConcurrencyConfigNotFoundException")
	})
}

func waitProvisioned(t *testing.T, c *lambda.Client, name, qualifier string, want types.ProvisionedConcurrencyStatusEnum) *lambda.GetProvisionedConcurrencyConfigOutput {
	t.Helper()
	var got *lambda.GetProvisionedConcurrencyConfigOutput
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var err error
		got, err = c.GetProvisionedConcurrencyConfig(ctx(t), &lambda.GetProvisionedConcurrencyConfigInput{FunctionName: aws.String(name), Qualifier: aws.String(qualifier)})
		if err == nil && got.Status == want {
			return got
		}
	}
	t.Fatalf("provisioned concurrency of %s:%s never became %s: %+v", name, qualifier, want, got)
	return nil
}
