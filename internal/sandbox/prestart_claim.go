//go:build linux

package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// claim is the line a pre-started program reads on its standard input.
type claim struct {
	Env []string `json:"env"`
	Dir string   `json:"dir"`
}

// claimPrestarted turns a pre-started spare into the sandbox of spec: its
// cgroup and the function's code and layers. The program learns of it at
// Start.
func (s *Sandbox) claimPrestarted(spec Spec) error {
	if err := s.claimCgroup(spec); err != nil {
		return err
	}
	if err := attachCode(s.pre.attach, spec.CodeDir, spec.OptDir, s.m.emptyDir()); err != nil {
		return err
	}
	line, err := json.Marshal(claim{Env: spec.Env, Dir: spec.Dir})
	if err != nil {
		return err
	}
	s.pre.claim = append(line, '\n')
	return nil
}

// startPrestarted hands the waiting program its environment; closing the
// pipe leaves it at end of file.
func (s *Sandbox) startPrestarted() error {
	s.started = true
	in := s.pre.input
	s.pre.input = nil
	defer in.Close()
	if _, err := in.Write(s.pre.claim); err != nil {
		return fmt.Errorf("claim pre-started runtime: %w", s.initFailed(io.EOF))
	}
	return nil
}

// Output returns the read end of the program's stdout and stderr when it
// was pre-started (the caller closes it), and nil otherwise, when the
// program writes to Spec.Stdout and Spec.Stderr.
func (s *Sandbox) Output() *os.File {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pre == nil {
		return nil
	}
	out := s.pre.output
	s.pre.output = nil
	return out
}

// releasePrestarted closes what a pre-started sandbox still holds.
func (s *Sandbox) releasePrestarted() {
	if s.pre == nil {
		return
	}
	for _, f := range []*os.File{s.pre.input, s.pre.output} {
		if f != nil {
			f.Close()
		}
	}
	s.pre.input, s.pre.output = nil, nil
	removeAttach(s.pre.attach)
}

func isEOF(err error) bool { return errors.Is(err, io.EOF) }
