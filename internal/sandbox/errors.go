package sandbox

import "errors"

var (
	// ErrClosed is returned by Create after Manager.Close.
	ErrClosed = errors.New("sandbox manager closed")
	// ErrStarted is returned by Listen and Start once the program runs.
	ErrStarted = errors.New("sandbox program already started")
	// ErrDestroyed is returned by Listen and Start after Destroy.
	ErrDestroyed = errors.New("sandbox destroyed")
	// ErrUnsupported is returned where Linux sandboxes are unavailable.
	ErrUnsupported = errors.New("sandboxes need Linux")
)
