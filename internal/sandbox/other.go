//go:build !linux

package sandbox

import (
	"context"
	"net"
	"os"
)

// Manager is unavailable off Linux: NewManager fails with ErrUnsupported.
type Manager struct{}

// Sandbox is unavailable off Linux.
type Sandbox struct{}

func NewManager(Config) (*Manager, error)                       { return nil, ErrUnsupported }
func (*Manager) Limits() []string                               { return nil }
func (*Manager) Protections() Protections                       { return Protections{} }
func (*Manager) Create(context.Context, Spec) (*Sandbox, error) { return nil, ErrUnsupported }
func (*Manager) Close() error                                   { return nil }
func (*Sandbox) Listen(string) (net.Listener, error)            { return nil, ErrUnsupported }
func (*Sandbox) Start() error                                   { return ErrUnsupported }
func (*Sandbox) Done() <-chan struct{}                          { return nil }
func (*Sandbox) ExitStatus() ExitStatus                         { return ExitStatus{} }
func (*Sandbox) MaxMemoryBytes() uint64                         { return 0 }
func (*Sandbox) Destroy() error                                 { return nil }
func IsInit() bool                                              { return false }
func RunInit()                                                  { os.Exit(127) }
