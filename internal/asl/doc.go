// Package asl is the data layer of the Amazon States Language: how a state
// machine's states select, shape and place JSON.
//
// It knows nothing of executions or history. Given JSON values (as decoded
// by encoding/json with UseNumber: nil, bool, json.Number, string, []any and
// map[string]any), the context object and the workflow variables, it
// evaluates JSONPath and reference paths (Path; Expr where a variable or an
// intrinsic may stand in), payload templates (Payload for Parameters,
// ResultSelector, ItemSelector, Arguments), ResultPath (PutResult), Choice
// rules (Choose), the intrinsic functions (Intrinsic) and JSONata (Eval),
// and checks them at creation (ValidatePath, ValidatePayload, ValidateRule,
// ValidateIntrinsic, ValidateJSONata).
//
// Failures are *Error values with Step Functions' error names and cause
// texts. A path that selects nothing names its definition field once the
// caller says which (Error.InField: "InputPath", "OutputPath", …); Payload
// does that itself for ".$" keys. The executor adds "An error occurred
// while executing the state 'X' (entered at the event id #N). " in front.
package asl
