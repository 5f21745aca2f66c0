package logctx

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"testing/slogtest"

	"github.com/google/go-cmp/cmp"
)

func TestHandler(t *testing.T) {
	request := With(context.Background(), "request_id", "r1", "service", "lambda", "operation", "Invoke")
	for _, tc := range []struct {
		name string
		log  func(l *slog.Logger)
		want map[string]any
	}{
		{"Stamped", func(l *slog.Logger) { l.InfoContext(request, "hi", "n", 1) },
			map[string]any{"msg": "hi", "n": 1.0, "request_id": "r1", "service": "lambda", "operation": "Invoke"}},
		{"WithAttrs", func(l *slog.Logger) { l.With("component", "logs").InfoContext(request, "hi") },
			map[string]any{"msg": "hi", "component": "logs", "request_id": "r1", "service": "lambda", "operation": "Invoke"}},
		{"WithGroup", func(l *slog.Logger) {
			l.With("component", "pool").WithGroup("env").With("id", "e1").InfoContext(request, "hi", "n", 1)
		},
			map[string]any{"msg": "hi", "component": "pool", "env": map[string]any{"id": "e1", "n": 1.0},
				"request_id": "r1", "service": "lambda", "operation": "Invoke"}},
		{"Replaced", func(l *slog.Logger) { l.InfoContext(With(request, "service", "logs", "request_id", "r2"), "hi") },
			map[string]any{"msg": "hi", "request_id": "r2", "service": "logs", "operation": "Invoke"}},
		{"Attr", func(l *slog.Logger) { l.InfoContext(With(context.Background(), slog.Int("attempt", 2)), "hi") },
			map[string]any{"msg": "hi", "attempt": 2.0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			tc.log(slog.New(NewHandler(jsonHandler(&out, slog.LevelInfo))))
			if diff := cmp.Diff(tc.want, decode(t, out.String())); diff != "" {
				t.Errorf("record (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHandlerUnstamped(t *testing.T) {
	logAll := func(l *slog.Logger) {
		l.Info("no context", "n", 1)
		l.InfoContext(context.Background(), "plain context")
		l.With("component", "logs").WithGroup("g").InfoContext(context.Background(), "grouped", "n", 2)
		l.DebugContext(With(context.Background(), "request_id", "r1"), "below the level")
	}
	var plain, wrapped bytes.Buffer
	logAll(slog.New(jsonHandler(&plain, slog.LevelInfo)))
	logAll(slog.New(NewHandler(jsonHandler(&wrapped, slog.LevelInfo))))
	if diff := cmp.Diff(plain.String(), wrapped.String()); diff != "" {
		t.Errorf("records without a stamped context changed (-plain +wrapped):\n%s", diff)
	}
}

// TestHandlerRules runs the standard library's checks of a slog.Handler.
func TestHandlerRules(t *testing.T) {
	var out bytes.Buffer
	h := NewHandler(slog.NewJSONHandler(&out, nil))
	err := slogtest.TestHandler(h, func() []map[string]any {
		var records []map[string]any
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			records = append(records, decodeLine(t, line))
		}
		return records
	})
	if err != nil {
		t.Fatal(err)
	}
}

// jsonHandler writes JSON records without their time and level.
func jsonHandler(out *bytes.Buffer, level slog.Level) slog.Handler {
	return slog.NewJSONHandler(out, &slog.HandlerOptions{Level: level, ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && (a.Key == slog.TimeKey || a.Key == slog.LevelKey) {
			return slog.Attr{}
		}
		return a
	}})
}

func decode(t *testing.T, out string) map[string]any {
	t.Helper()
	if strings.Count(out, "\n") != 1 {
		t.Fatalf("want one record, got %q", out)
	}
	return decodeLine(t, out)
}

func decodeLine(t *testing.T, line string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		t.Fatalf("record %q: %v", line, err)
	}
	return m
}
