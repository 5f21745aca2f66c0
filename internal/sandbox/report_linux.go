//go:build linux

package sandbox

import "golang.org/x/sys/unix"

// Protections reports which protections hold on this host.
func (m *Manager) Protections() Protections {
	p := Protections{Seccomp: seccompSupported(), UserNamespace: m.userns, LandlockABI: landlockABI(), Unenforced: m.Limits()}
	if p.Unenforced == nil {
		p.Unenforced = []string{}
	}
	if cs := m.cgroups; cs != nil {
		p.Cgroup = "v1"
		if cs.v2 {
			p.Cgroup = "v2"
		}
		for _, c := range controllers {
			if _, ok := cs.ctl[c]; ok {
				p.Controllers = append(p.Controllers, c)
			}
		}
	}
	if p.Controllers == nil {
		p.Controllers = []string{}
	}
	return p
}

// logProtections says once, at start, which protections hold.
func (m *Manager) logProtections() {
	p := m.Protections()
	m.log.Info("sandbox protections", "seccomp", p.Seccomp, "userNamespace", p.UserNamespace, "cgroup", p.Cgroup,
		"controllers", p.Controllers, "landlockABI", p.LandlockABI)
	if len(p.Unenforced) > 0 {
		m.log.Warn("sandbox limits this host cannot enforce", "limits", p.Unenforced)
	}
}

// landlockABI asks the kernel for its Landlock ABI version; 0 when it has
// none or has it disabled.
func landlockABI() int {
	v, _, e := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, 0, 0, unix.LANDLOCK_CREATE_RULESET_VERSION)
	if e != 0 {
		return 0
	}
	return int(v)
}
