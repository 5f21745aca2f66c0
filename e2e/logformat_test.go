package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

const jsonLogger = `import logging
logger = logging.getLogger()
def handler(event, context):
    logger.info("quiet info")
    logger.warning("loud warning")
    print("plain text")
    if event.get("fail"):
        raise ValueError("boom")
    return "ok"
`

const nodeJSONLogger = `exports.handler = async () => {
  console.debug('quiet debug');
  console.info('some info');
  console.error('an error');
  return 'ok';
};
`

// logLines returns a function's log events, each decoded when it is JSON.
func logLines(t *testing.T, s *server, fn string) (raw []string, records []map[string]any) {
	t.Helper()
	out, err := s.logsClient().FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/" + fn)})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range out.Events {
		msg := strings.TrimSpace(aws.ToString(e.Message))
		raw = append(raw, msg)
		var m map[string]any
		if json.Unmarshal([]byte(msg), &m) == nil {
			records = append(records, m)
		}
	}
	return raw, records
}

// kinds names each record: its platform type, or its application level.
func kinds(records []map[string]any) []string {
	var out []string
	for _, r := range records {
		if t, ok := r["type"].(string); ok {
			out = append(out, t)
		} else {
			out = append(out, "app:"+strings.ToUpper(r["level"].(string)[:4]))
		}
	}
	return out
}

func jsonLogging(system, app string) func(*lambda.CreateFunctionInput) {
	return func(in *lambda.CreateFunctionInput) {
		in.LoggingConfig = &types.LoggingConfig{LogFormat: types.LogFormatJson,
			SystemLogLevel: types.SystemLogLevel(system), ApplicationLogLevel: types.ApplicationLogLevel(app)}
	}
}

func TestLogsJSONFormat(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	t.Run("Python", func(t *testing.T) {
		createFn(t, s, "pyjson", "python3.12", "app.handler", map[string]string{"app.py": jsonLogger}, jsonLogging("INFO", "WARN"))
		invoke(t, s, "pyjson", map[string]any{})
		raw, records := logLines(t, s, "pyjson")
		if got := strings.Join(kinds(records), ","); got != "platform.initStart,platform.start,app:WARN,platform.report" {
			t.Errorf("records %s:\n%s", got, strings.Join(raw, "\n"))
		}
		if !strings.Contains(strings.Join(raw, "\n"), "plain text") || strings.Contains(strings.Join(raw, "\n"), "quiet info") {
			t.Errorf("log:\n%s", strings.Join(raw, "\n"))
		}
		report := records[len(records)-1]["record"].(map[string]any)
		metrics := report["metrics"].(map[string]any)
		if report["status"] != "success" || metrics["billedDurationMs"].(float64) < 1 || metrics["memorySizeMB"] != 128.0 || metrics["initDurationMs"] == nil {
			t.Errorf("platform.report %v", report)
		}
		start := records[0]["record"].(map[string]any)
		if start["initializationType"] != "on-demand" || start["functionName"] != "pyjson" || start["functionVersion"] != "$LATEST" {
			t.Errorf("platform.initStart %v", start)
		}
	})
	t.Run("FilterRecords", func(t *testing.T) {
		out, err := s.logsClient().FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/pyjson"),
			FilterPattern: aws.String(`{ $.type = "platform.report" && $.record.metrics.billedDurationMs >= 1 }`)})
		if err != nil || len(out.Events) != 1 {
			t.Errorf("JSON filter on platform.report: %+v, %v", out, err)
		}
	})
	t.Run("WarnShowsOnlyFailures", func(t *testing.T) {
		createFn(t, s, "pywarn", "python3.12", "app.handler", map[string]string{"app.py": jsonLogger}, jsonLogging("WARN", "ERROR"))
		invoke(t, s, "pywarn", map[string]any{})
		invoke(t, s, "pywarn", map[string]any{"fail": true})
		raw, records := logLines(t, s, "pywarn")
		got := strings.Join(kinds(records), ",")
		if got != "app:ERRO,platform.runtimeDone,platform.report" || records[2]["record"].(map[string]any)["status"] != "failure" {
			t.Errorf("records %s:\n%s", got, strings.Join(raw, "\n"))
		}
	})
	t.Run("NodeDebug", func(t *testing.T) {
		createFn(t, s, "nodejson", "nodejs20.x", "index.handler", map[string]string{"index.js": nodeJSONLogger}, jsonLogging("DEBUG", "INFO"))
		invoke(t, s, "nodejson", map[string]any{})
		raw, records := logLines(t, s, "nodejson")
		got := strings.Join(kinds(records), ",")
		if got != "platform.initStart,platform.start,app:INFO,app:ERRO,platform.runtimeDone,platform.report" {
			t.Errorf("records %s:\n%s", got, strings.Join(raw, "\n"))
		}
	})
}
