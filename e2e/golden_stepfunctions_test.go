package e2e

import (
	"testing"
	"time"
)

// sfnCall is a json 1.0 request to a Step Functions operation.
func sfnCall(name, op, body string) exchange {
	return exchange{name: name, service: "states", method: "POST", path: "/", body: []byte(body),
		header: map[string]string{"X-Amz-Target": "AWSStepFunctions." + op, "Content-Type": "application/x-amz-json-1.0"}}
}

// TestGoldenStepFunctions pins the response of Step Functions' operations,
// a simple execution's history, and each kind of error a request can
// provoke.
func TestGoldenStepFunctions(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	acct := s.admin.AccountID
	machine := "arn:aws:states:us-east-1:" + acct + ":stateMachine:golden"
	exec := "arn:aws:states:us-east-1:" + acct + ":execution:golden:first"
	def := `{\"StartAt\":\"Hello\",\"States\":{\"Hello\":{\"Type\":\"Pass\",\"Result\":{\"hello\":\"world\"},\"ResultPath\":\"$.greeting\",\"End\":true}}}`
	create := `{"name":"golden","definition":"` + def + `","roleArn":"` + sfnRole + `"}`
	waitDone := func(t *testing.T) { time.Sleep(500 * time.Millisecond) }

	runGolden(t, s, []exchange{
		sfnCall("create-state-machine", "CreateStateMachine", create),
		sfnCall("create-state-machine-again", "CreateStateMachine", create),
		sfnCall("describe-state-machine", "DescribeStateMachine", `{"stateMachineArn":"`+machine+`"}`),
		sfnCall("list-state-machines", "ListStateMachines", `{}`),
		sfnCall("list-state-machine-versions", "ListStateMachineVersions", `{"stateMachineArn":"`+machine+`"}`),
		sfnCall("tag-resource", "TagResource", `{"resourceArn":"`+machine+`","tags":[{"key":"team","value":"core"}]}`),
		sfnCall("list-tags-for-resource", "ListTagsForResource", `{"resourceArn":"`+machine+`"}`),
		sfnCall("untag-resource", "UntagResource", `{"resourceArn":"`+machine+`","tagKeys":["team"]}`),
		sfnCall("validate-definition-ok", "ValidateStateMachineDefinition", `{"definition":"`+def+`"}`),
		sfnCall("validate-definition-fail", "ValidateStateMachineDefinition", `{"definition":"{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},\"C\":{\"Type\":\"Succeed\"}}}"}`),
		sfnCall("start-execution", "StartExecution", `{"stateMachineArn":"`+machine+`","name":"first","input":"{\"a\":1}"}`).then(waitDone),
		sfnCall("describe-execution", "DescribeExecution", `{"executionArn":"`+exec+`"}`),
		sfnCall("get-execution-history", "GetExecutionHistory", `{"executionArn":"`+exec+`"}`),
		sfnCall("get-execution-history-reverse-page", "GetExecutionHistory", `{"executionArn":"`+exec+`","reverseOrder":true,"maxResults":2}`),
		sfnCall("list-executions", "ListExecutions", `{"stateMachineArn":"`+machine+`"}`),
		sfnCall("describe-state-machine-for-execution", "DescribeStateMachineForExecution", `{"executionArn":"`+exec+`"}`),
		sfnCall("stop-execution-finished", "StopExecution", `{"executionArn":"`+exec+`"}`),

		sfnCall("error-machine-exists", "CreateStateMachine", `{"name":"golden","definition":"{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}","roleArn":"`+sfnRole+`"}`),
		sfnCall("error-definition-required-fields", "CreateStateMachine", `{"name":"bad","definition":"{\"StartAt\":\"A\"}","roleArn":"`+sfnRole+`"}`),
		sfnCall("error-definition-missing-target", "CreateStateMachine", `{"name":"bad","definition":"{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},\"C\":{\"Type\":\"Succeed\"}}}","roleArn":"`+sfnRole+`"}`),
		sfnCall("error-definition-not-json", "CreateStateMachine", `{"name":"bad","definition":"{not json","roleArn":"`+sfnRole+`"}`),
		sfnCall("error-express-callback", "CreateStateMachine", `{"name":"bad","type":"EXPRESS","roleArn":"`+sfnRole+`","definition":"{\"StartAt\":\"Publish\",\"States\":{\"Publish\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"End\":true}}}"}`),
		sfnCall("error-invalid-name", "CreateStateMachine", `{"name":"bad name","definition":"`+def+`","roleArn":"`+sfnRole+`"}`),
		sfnCall("error-invalid-role", "CreateStateMachine", `{"name":"bad","definition":"`+def+`","roleArn":"role"}`),
		sfnCall("error-machine-not-found", "DescribeStateMachine", `{"stateMachineArn":"`+machine+`-nope"}`),
		sfnCall("error-invalid-arn", "DescribeStateMachine", `{"stateMachineArn":"`+exec+`"}`),
		sfnCall("error-versions-invalid-arn", "ListStateMachineVersions", `{"stateMachineArn":"`+exec+`"}`),
		sfnCall("error-execution-not-found", "DescribeExecution", `{"executionArn":"`+exec+`-nope"}`),
		sfnCall("error-execution-exists", "StartExecution", `{"stateMachineArn":"`+machine+`","name":"first","input":"{\"a\":2}"}`),
		sfnCall("error-invalid-input", "StartExecution", `{"stateMachineArn":"`+machine+`","input":"{nope"}`),
		sfnCall("error-sync-standard", "StartSyncExecution", `{"stateMachineArn":"`+machine+`"}`),
		sfnCall("error-history-token", "GetExecutionHistory", `{"executionArn":"`+exec+`","nextToken":"%%%"}`),
		sfnCall("error-invalid-token", "SendTaskSuccess", `{"taskToken":"%%%","output":"{}"}`),
		sfnCall("error-task-not-found", "SendTaskSuccess", `{"taskToken":"YWJjfGRlZg","output":"{}"}`),
		sfnCall("error-invalid-output", "SendTaskSuccess", `{"taskToken":"YWJjfGRlZg","output":"{nope"}`),
		sfnCall("delete-state-machine", "DeleteStateMachine", `{"stateMachineArn":"`+machine+`"}`),
	})
}
