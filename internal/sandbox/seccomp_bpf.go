//go:build linux && (amd64 || arm64)

package sandbox

import "golang.org/x/sys/unix"

// bpfAsm assembles classic BPF with named jump targets. Conditional jumps
// reach 255 instructions ahead; always (BPF_JA) reaches any.
type bpfAsm struct {
	insns  []unix.SockFilter
	jumps  []jump
	labels map[string]int
}

// jump is a jump instruction waiting for its targets (always: onTrue only).
type jump struct {
	at              int
	onTrue, onFalse string
}

func (a *bpfAsm) load(offset uint32) {
	a.insns = append(a.insns, unix.SockFilter{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: offset})
}

func (a *bpfAsm) ret(k uint32) {
	a.insns = append(a.insns, unix.SockFilter{Code: unix.BPF_RET | unix.BPF_K, K: k})
}

// jumpIf compares the accumulator with k; an empty target is the next
// instruction.
func (a *bpfAsm) jumpIf(op uint16, k uint32, onTrue, onFalse string) {
	a.jumpTo(unix.SockFilter{Code: unix.BPF_JMP | op | unix.BPF_K, K: k}, onTrue, onFalse)
}

// always jumps to target.
func (a *bpfAsm) always(target string) {
	a.jumpTo(unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JA}, target, "")
}

func (a *bpfAsm) jumpTo(in unix.SockFilter, onTrue, onFalse string) {
	a.jumps = append(a.jumps, jump{len(a.insns), onTrue, onFalse})
	a.insns = append(a.insns, in)
}

func (a *bpfAsm) label(name string) {
	if a.labels == nil {
		a.labels = map[string]int{}
	}
	if _, ok := a.labels[name]; ok {
		panic("seccomp: label " + name + " defined twice")
	}
	a.labels[name] = len(a.insns)
}

// assemble resolves the jumps; every target lies ahead.
func (a *bpfAsm) assemble() []unix.SockFilter {
	for _, j := range a.jumps {
		in := &a.insns[j.at]
		if in.Code == unix.BPF_JMP|unix.BPF_JA {
			in.K = uint32(a.offset(j.at, j.onTrue, 1<<31))
			continue
		}
		in.Jt, in.Jf = uint8(a.offset(j.at, j.onTrue, 255)), uint8(a.offset(j.at, j.onFalse, 255))
	}
	return a.insns
}

func (a *bpfAsm) offset(from int, label string, limit int) int {
	if label == "" {
		return 0
	}
	to, ok := a.labels[label]
	if !ok {
		panic("seccomp: no label " + label)
	}
	d := to - from - 1
	if d < 0 || d > limit {
		panic("seccomp: jump to " + label + " out of range")
	}
	return d
}
