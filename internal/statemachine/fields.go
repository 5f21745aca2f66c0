package statemachine

// common are the fields every state may have.
var common = []string{"Type", "Comment", "QueryLanguage"}

// flow are the fields of states that move on to another.
var flow = []string{"Next", "End"}

// jsonPathIO and jsonataIO are the input and output fields of each
// query language.
var (
	jsonPathIO = []string{"InputPath", "OutputPath"}
	jsonataIO  = []string{"Output"}
)

// fieldsOf are the fields of each state type beyond common, flow and I/O.
var fieldsOf = map[string][]string{
	TypePass: {"Result", "ResultPath", "Parameters", "Assign"},
	TypeTask: {"Resource", "Parameters", "ResultSelector", "ResultPath", "TimeoutSeconds", "TimeoutSecondsPath",
		"HeartbeatSeconds", "HeartbeatSecondsPath", "Retry", "Catch", "Credentials", "Arguments", "Assign"},
	TypeChoice:   {"Choices", "Default", "Assign"},
	TypeWait:     {"Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign"},
	TypeSucceed:  {},
	TypeFail:     {"Error", "ErrorPath", "Cause", "CausePath"},
	TypeParallel: {"Branches", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "Arguments", "Assign"},
	TypeMap: {"ItemProcessor", "Iterator", "ItemsPath", "Items", "ItemSelector", "Parameters", "ResultSelector", "ResultPath",
		"MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
		"ToleratedFailureCount", "ToleratedFailureCountPath", "Retry", "Catch", "Label", "ItemReader", "ItemBatcher",
		"ResultWriter", "Arguments", "Assign"},
}

// allowed reports whether field belongs in a state of type typ.
func allowed(typ, field string) bool {
	for _, group := range [][]string{common, fieldsOf[typ], jsonPathIO, jsonataIO} {
		for _, f := range group {
			if f == field {
				return true
			}
		}
	}
	if typ == TypeChoice || typ == TypeSucceed || typ == TypeFail {
		return false
	}
	return field == "Next" || field == "End"
}
