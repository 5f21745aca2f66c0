// Package asl is the data layer of the Amazon States Language: how a state
// machine's states select, shape and place JSON.
//
// It knows nothing of executions or history. Given JSON values (as decoded
// by encoding/json with UseNumber: nil, bool, json.Number, string, []any and
// map[string]any), the context object and the workflow variables, it
// evaluates JSONPath and reference paths (InputPath, OutputPath, ItemsPath,
// …Path fields), payload templates (Parameters, ResultSelector,
// ItemSelector, Arguments), ResultPath, Choice rules, the intrinsic
// functions and JSONata expressions, failing with the error names and cause
// texts Step Functions reports. The executor adds the state's name and event
// id in front of a cause.
package asl
