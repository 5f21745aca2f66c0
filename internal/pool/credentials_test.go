package pool

import (
	"slices"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
)

func TestEnvironPlatform(t *testing.T) {
	cfg := lambda.FunctionConfiguration{FunctionName: "fn", Version: "$LATEST", Runtime: "python3.12", MemorySize: 128,
		Environment: &lambda.Environment{Variables: map[string]string{"AWS_ACCESS_KEY_ID": "mine", "AWS_ENDPOINT_URL": "http://elsewhere"}}}
	platform := map[string]string{"AWS_ACCESS_KEY_ID": "ASIA1", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t", "AWS_ENDPOINT_URL": "http://" + APIAddr}
	env := environ(cfg, "us-east-1", "stream", "on-demand", nil, platform)
	for _, want := range []string{"AWS_ACCESS_KEY_ID=ASIA1", "AWS_SECRET_ACCESS_KEY=s", "AWS_SESSION_TOKEN=t", "AWS_ENDPOINT_URL=http://elsewhere"} {
		if !slices.Contains(env, want) {
			t.Errorf("environment lacks %s: %q", want, env)
		}
	}
	cfg.Environment = nil
	if env := environ(cfg, "us-east-1", "stream", "on-demand", nil, platform); !slices.Contains(env, "AWS_ENDPOINT_URL=http://127.0.0.1:9000") {
		t.Errorf("no endpoint: %q", env)
	}
}

func TestExpiring(t *testing.T) {
	now := time.Now()
	e := &Env{cfg: lambda.FunctionConfiguration{Timeout: 30}}
	if e.expiring(now) {
		t.Error("an environment without credentials expires")
	}
	e.credsExpire = now.Add(30*time.Second + retireMargin + time.Second)
	if e.expiring(now) {
		t.Error("retired although an invocation would end in time")
	}
	if !e.expiring(now.Add(2 * time.Second)) {
		t.Error("kept although an invocation could outlive its credentials")
	}
}
