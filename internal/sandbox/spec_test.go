package sandbox

import (
	"strings"
	"syscall"
	"testing"
)

func TestSpecValidate(t *testing.T) {
	good := Spec{ID: "abc-1", CodeDir: "/code", MemoryMB: 128, Argv: []string{"/var/task/bootstrap"}, Env: []string{"A=b"}}.withDefaults()
	if err := good.validate(); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func(*Spec){
		"EmptyID":           func(s *Spec) { s.ID = "" },
		"IDWithSlash":       func(s *Spec) { s.ID = "../x" },
		"RelativeCode":      func(s *Spec) { s.CodeDir = "code" },
		"UncleanOpt":        func(s *Spec) { s.OptDir = "/a/../b" },
		"NoMemory":          func(s *Spec) { s.MemoryMB = 0 },
		"NoArgv":            func(s *Spec) { s.Argv = nil },
		"RelativeDir":       func(s *Spec) { s.Dir = "task" },
		"EnvWithoutEquals":  func(s *Spec) { s.Env = []string{"A"} },
		"ReadOnlyRoot":      func(s *Spec) { s.ReadOnlyPaths = []string{"/"} },
		"ReadOnlyOverTask":  func(s *Spec) { s.ReadOnlyPaths = []string{"/var"} },
		"ReadOnlyUnderProc": func(s *Spec) { s.ReadOnlyPaths = []string{"/proc/1"} },
		"ReadOnlyOverEtc":   func(s *Spec) { s.ReadOnlyPaths = []string{"/etc/shadow"} },
	} {
		t.Run(name, func(t *testing.T) {
			s := good
			mutate(&s)
			if err := s.validate(); err == nil {
				t.Fatalf("%+v accepted", s)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	for root, ok := range map[string]bool{"virga": true, "/virga": true, "a/b": true, "/": false, "../x": false, "a/../b": false} {
		err := Config{StateDir: "/state", CgroupRoot: root}.withDefaults().validate()
		if (err == nil) != ok {
			t.Errorf("CgroupRoot %q: %v", root, err)
		}
	}
	if err := (Config{StateDir: "state"}).withDefaults().validate(); err == nil || !strings.Contains(err.Error(), "StateDir") {
		t.Errorf("relative StateDir: %v", err)
	}
}

func TestExitStatusString(t *testing.T) {
	for want, st := range map[string]ExitStatus{
		"exit status 0":      {},
		"exit status 1":      {Code: 1},
		"signal: killed":     {Code: -1, Signal: syscall.SIGKILL, OOMKilled: true},
		"signal: terminated": {Code: -1, Signal: syscall.SIGTERM},
	} {
		if st.String() != want {
			t.Errorf("%+v: %q, want %q", st, st, want)
		}
	}
}
