package logs

import (
	"encoding/json"
	"math"
	"time"

	"github.com/virga-dev/virga/internal/lambda"
)

// System writes an environment's platform events in its function's log
// format: the text lines (INIT_START, START, END, REPORT …), or, with
// LoggingConfig.LogFormat JSON, AWS's JSON records (platform.initStart,
// platform.start, platform.runtimeDone, platform.report) at or above the
// function's SystemLogLevel.
type System struct {
	stream *Stream
	json   bool
	level  int // the least level of JSON record written
}

// System log levels; a failed invocation's records are warnings.
const (
	levelDebug = iota
	levelInfo
	levelWarn
)

var systemLevels = map[string]int{"DEBUG": levelDebug, "INFO": levelInfo, "WARN": levelWarn}

// NewSystem writes platform events to s as cfg asks.
func NewSystem(s *Stream, cfg lambda.LoggingConfig) System {
	level, ok := systemLevels[cfg.SystemLogLevel]
	if !ok {
		level = levelInfo
	}
	return System{stream: s, json: cfg.LogFormat == "JSON", level: level}
}

// record is one JSON platform record, shaped as the Telemetry API's events.
type record struct {
	Time   string `json:"time"`
	Type   string `json:"type"`
	Record any    `json:"record"`
}

func (s System) write(level int, typ string, rec any, text string) {
	if !s.json {
		if text != "" {
			s.stream.Platform(text)
		}
		return
	}
	if level < s.level {
		return
	}
	data, _ := json.Marshal(record{Time: time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), Type: typ, Record: rec})
	s.stream.Platform(string(data))
}

// InitStart opens an environment's init.
func (s System) InitStart(cfg lambda.FunctionConfiguration, initType, runtimeVersion, runtimeVersionARN string) {
	s.write(levelInfo, "platform.initStart", map[string]any{
		"initializationType": initType, "phase": "init", "runtimeVersion": runtimeVersion, "runtimeVersionArn": runtimeVersionARN,
		"functionName": cfg.FunctionName, "functionVersion": cfg.Version,
	}, InitStart(runtimeVersion, runtimeVersionARN))
}

// Start opens an invocation.
func (s System) Start(requestID, version string) {
	s.write(levelInfo, "platform.start", map[string]any{"requestId": requestID, "version": version}, Start(requestID, version))
}

// Failed reports how an invocation failed: a timeout line or the lines of
// a crash in text format; JSON records carry it in their status.
func (s System) Failed(lines ...string) {
	if s.json {
		return
	}
	for _, l := range lines {
		s.stream.Platform(l)
	}
}

// End closes an invocation: END, or platform.runtimeDone.
func (s System) End(r Report, producedBytes int) {
	rec := map[string]any{"requestId": r.RequestID, "status": r.status(),
		"metrics": map[string]any{"durationMs": roundMs(r.Duration), "producedBytes": producedBytes}}
	if r.ErrorType != "" {
		rec["errorType"] = r.ErrorType
	}
	s.write(r.level(levelDebug), "platform.runtimeDone", rec, End(r.RequestID))
}

// Report writes REPORT, or platform.report.
func (s System) Report(r Report) {
	metrics := map[string]any{"durationMs": roundMs(r.Duration), "billedDurationMs": r.BilledMs,
		"memorySizeMB": r.MemoryMB, "maxMemoryUsedMB": r.MaxMemoryMB}
	if r.InitDuration > 0 {
		metrics["initDurationMs"] = roundMs(r.InitDuration)
	}
	rec := map[string]any{"requestId": r.RequestID, "metrics": metrics, "status": r.status()}
	if r.ErrorType != "" {
		rec["errorType"] = r.ErrorType
	}
	s.write(r.level(levelInfo), "platform.report", rec, r.String())
}

// status is the JSON status of an invocation: success, failure (the
// function's error), error or timeout.
func (r Report) status() string {
	switch {
	case r.Status != "":
		return r.Status
	case r.FunctionError:
		return "failure"
	}
	return "success"
}

// level is the level of an invocation's record: a warning when it failed.
func (r Report) level(ok int) int {
	if r.status() != "success" {
		return levelWarn
	}
	return ok
}

func roundMs(d time.Duration) float64 { return math.Round(ms(d)*100) / 100 }
