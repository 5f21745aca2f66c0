//go:build linux

package sandbox

import "golang.org/x/sys/unix"

const (
	auditArch = unix.AUDIT_ARCH_AARCH64
	x32Bit    = 0
)

// archAllowedSyscalls: arm64 has only the generic calls.
var archAllowedSyscalls []uintptr
