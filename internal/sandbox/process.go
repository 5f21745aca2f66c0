//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// maxOpenFiles is Lambda's limit on a function's file descriptors.
const maxOpenFiles = 1024

// limitProcess prepares what the program inherits: Lambda's limit on open
// files, and no descriptor but 0, 1 and 2, whatever the server itself
// inherited and left open across exec.
func limitProcess() error {
	lim := unix.Rlimit{Cur: maxOpenFiles, Max: maxOpenFiles}
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("limit open files: %w", err)
	}
	return closeOnExecFrom(3)
}

// closeOnExecFrom marks every descriptor from first on close-on-exec: with
// close_range (Linux 5.11), else one by one from /proc/self/fd.
func closeOnExecFrom(first int) error {
	err := unix.CloseRange(uint(first), ^uint(0), unix.CLOSE_RANGE_CLOEXEC)
	if !errors.Is(err, unix.ENOSYS) && !errors.Is(err, unix.EINVAL) {
		return err
	}
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return fmt.Errorf("list descriptors: %w", err)
	}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd >= first {
			unix.CloseOnExec(fd)
		}
	}
	return nil
}
