package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
)

// buildExtension builds the Go test extension.
func buildExtension(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "goext")
	build := exec.Command("go", "build", "-o", bin, "./functions/goext")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build extension: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// waitLog waits until the function's log contains every wanted text.
func waitLog(t *testing.T, s *server, fn string, want ...string) string {
	t.Helper()
	var text string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		text = logText(t, s, fn)
		missing := false
		for _, w := range want {
			missing = missing || !strings.Contains(text, w)
		}
		if !missing {
			return text
		}
	}
	t.Fatalf("log of %s lacks some of %q:\n%s", fn, want, text)
	return ""
}

func TestExtensions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	layer := aws.ToString(publishLayer(t, s.lambda(), "telemetry-ext", map[string]string{"extensions/goext": buildExtension(t)}, nil).LayerVersionArn)
	createFn(t, s, "watched", "python3.12", "app.handler", map[string]string{
		"app.py": "def handler(event, context):\n    print('hello from the handler')\n    return {'ok': True}\n",
	}, func(in *lambda.CreateFunctionInput) { in.Layers = []string{layer} })

	out := invoke(t, s, "watched", map[string]any{})
	if m := decode(t, out); m["ok"] != true {
		t.Fatalf("payload %s", out.Payload)
	}
	text := waitLog(t, s, "watched",
		"EXTENSION registered for watched",
		"EXTENSION INVOKE ",
		"TELEMETRY platform.initStart",
		"TELEMETRY platform.start ",
		"TELEMETRY platform.report ",
		"TELEMETRY function-seen")
	if strings.Count(text, "EXTENSION INVOKE ") != 1 {
		t.Errorf("INVOKE events:\n%s", text)
	}

	// A configuration change retires the environment: its extension gets SHUTDOWN.
	if _, err := s.lambda().UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("watched"), Description: aws.String("v2"),
	}); err != nil {
		t.Fatal(err)
	}
	waitLog(t, s, "watched", "EXTENSION SHUTDOWN spindown")

	t.Run("CrashingExtension", func(t *testing.T) {
		crash := aws.ToString(publishLayer(t, s.lambda(), "crash-ext", map[string]string{"extensions/crasher": "#!/bin/sh\necho crashing extension\nexit 3\n"}, nil).LayerVersionArn)
		createFn(t, s, "doomed", "python3.12", "app.handler", map[string]string{
			"app.py": "def handler(event, context):\n    return 1\n",
		}, func(in *lambda.CreateFunctionInput) { in.Layers = []string{crash} })
		wantFunctionError(t, invoke(t, s, "doomed", map[string]any{}), "Extension.Crash", "crasher")
	})
}
