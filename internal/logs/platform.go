package logs

import (
	"fmt"
	"strings"
	"time"
)

// Platform line formats, exactly as Lambda writes them in text format.

// InitStart is the INIT_START line.
func InitStart(runtimeVersion, runtimeVersionARN string) string {
	return fmt.Sprintf("INIT_START Runtime Version: %s\tRuntime Version ARN: %s", runtimeVersion, runtimeVersionARN)
}

// Start is the START line.
func Start(requestID, version string) string {
	return "START RequestId: " + requestID + " Version: " + version
}

// End is the END line.
func End(requestID string) string { return "END RequestId: " + requestID }

// Report is what the REPORT line says about one invocation.
type Report struct {
	RequestID    string
	Duration     time.Duration
	BilledMs     int64
	MemoryMB     int
	MaxMemoryMB  int
	InitDuration time.Duration // zero when the environment was warm
	Status       string        // "", "timeout" or "error"
	ErrorType    string
	// FunctionError is set when the function answered with an error; the
	// text line does not say so, JSON records give the status "failure".
	FunctionError bool
}

// String renders the REPORT line, TAB after every field.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB\t",
		r.RequestID, ms(r.Duration), r.BilledMs, r.MemoryMB, r.MaxMemoryMB)
	if r.InitDuration > 0 {
		fmt.Fprintf(&b, "Init Duration: %.2f ms\t", ms(r.InitDuration))
	}
	if r.Status != "" {
		fmt.Fprintf(&b, "Status: %s\t", r.Status)
	}
	if r.ErrorType != "" {
		fmt.Fprintf(&b, "Error Type: %s\t", r.ErrorType)
	}
	return b.String()
}

// InitReport is the INIT_REPORT line of a failed or timed-out init.
func InitReport(d time.Duration, phase, status, errorType string) string {
	s := fmt.Sprintf("INIT_REPORT Init Duration: %.2f ms\tPhase: %s\tStatus: %s", ms(d), phase, status)
	if errorType != "" {
		s += "\tError Type: " + errorType
	}
	return s
}

// TimedOut is the line Lambda writes when an invocation times out.
func TimedOut(now time.Time, requestID string, timeout time.Duration) string {
	return fmt.Sprintf("%s %s Task timed out after %.2f seconds", now.UTC().Format("2006-01-02T15:04:05.000Z"), requestID, timeout.Seconds())
}

// BilledMs rounds a duration up to the billing unit.
func BilledMs(d, unit time.Duration) int64 {
	if unit <= 0 {
		unit = time.Millisecond
	}
	n := (d + unit - 1) / unit
	if n < 1 {
		n = 1
	}
	return int64(n * unit / time.Millisecond)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
