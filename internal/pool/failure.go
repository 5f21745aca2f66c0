package pool

import (
	"encoding/json"
	"fmt"
	"time"
)

// failure is an error payload the platform returns for the function, with
// X-Amz-Function-Error: Unhandled.
type failure struct {
	ErrorType    string `json:"errorType"`
	ErrorMessage string `json:"errorMessage"`
}

func (f failure) payload() []byte {
	data, _ := json.Marshal(f) // two strings always encode
	return data
}

func timedOut(requestID string, timeout time.Duration) failure {
	return failure{"Sandbox.Timedout", fmt.Sprintf("RequestId: %s Error: Task timed out after %.2f seconds", requestID, timeout.Seconds())}
}

func exited(requestID, status string, oom bool) failure {
	if oom {
		return failure{"Runtime.OutOfMemory", fmt.Sprintf("RequestId: %s Error: Runtime exited with error: signal: killed", requestID)}
	}
	if status == "" || status == "exit status 0" {
		return failure{"Runtime.ExitError", fmt.Sprintf("RequestId: %s Error: Runtime exited without providing a reason", requestID)}
	}
	return failure{"Runtime.ExitError", fmt.Sprintf("RequestId: %s Error: Runtime exited with error: %s", requestID, status)}
}

func invalidEntrypoint(requestID, detail string) failure {
	return failure{"Runtime.InvalidEntrypoint", fmt.Sprintf("RequestId: %s Error: %s", requestID, detail)}
}
