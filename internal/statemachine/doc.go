// Package statemachine is the Amazon States Language as a parsed
// definition: the top level, every state type with its fields, the
// Retry and Catch rules, Parallel branches and Map item processors. Parse
// decodes a definition and Validate checks it as CreateStateMachine does,
// returning AWS's diagnostics (SCHEMA_VALIDATION_FAILED,
// MISSING_TRANSITION_TARGET, ...), each with the JSON pointer of the field
// it is about. The paths, templates and Choice rules inside a state stay
// as the definition spells them; package asl evaluates and validates them.
package statemachine
