package sandbox

import (
	"strconv"
	"syscall"
)

// ExitStatus says how a sandbox's program ended.
type ExitStatus struct {
	// Code is the exit code, or -1 when a signal ended the program.
	Code int
	// Signal is the signal that ended the program, or 0.
	Signal syscall.Signal
	// OOMKilled reports that the kernel killed a process of the sandbox
	// for exceeding the memory limit.
	OOMKilled bool
}

// String reads like os/exec's errors: "exit status 1", "signal: killed".
func (s ExitStatus) String() string {
	if s.Signal != 0 {
		return "signal: " + s.Signal.String()
	}
	return "exit status " + strconv.Itoa(s.Code)
}

func exitStatusOf(ws syscall.WaitStatus) ExitStatus {
	if ws.Signaled() {
		return ExitStatus{Code: -1, Signal: ws.Signal()}
	}
	return ExitStatus{Code: ws.ExitStatus()}
}
