// Package workflow runs a state machine's definition: the interpreter of
// the Amazon States Language over an append-only history.
//
// A run is a pure function of its definition, its input and the events
// already recorded. Every event the interpreter would write has a key
// that names where in the run it belongs (the n-th state of a thread,
// the attempt of a task, a Parallel branch, a Map iteration); when the
// history already holds an event at that key, the interpreter takes it
// instead of writing it again, and takes a task's recorded outcome
// instead of running the task again. Running again after a crash is then
// replay up to where the history ends, and continuing from there: each
// transition is written once. Deadlines (Wait states, retry back-offs,
// task timeouts) are recorded with the events that start them, so a
// replay waits for the same instant.
//
// Effects are behind small interfaces: the Sink that stores events, the
// Tasks that run resources, the Callbacks that wait for task tokens. The
// history events, their ids and previousEventId and their details are as
// AWS records them; package asl evaluates paths, templates, Choice rules
// and JSONata.
package workflow
