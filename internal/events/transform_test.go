package events

import (
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/targets"
)

// sample is the event of AWS's recorded input-transformer cases.
func sample() (event, []byte) {
	s := &Server{cfg: Config{Region: "us-east-1", Account: "111111111111"}}
	received := time.Date(2024, 6, 11, 8, 33, 10, 0, time.UTC)
	ev := s.newEvent("b4c0e1a2-0000-4000-8000-000000000001", "core.update-account-command", "core.update-account-command",
		[]byte(`{"command":"update-account","payload":{"acc_id":"0a787ecb-4015","sf_id":"baz"},"list":[{"n":1},{"n":2}]}`),
		nil, received, received)
	return ev, ev.marshal()
}

var by = delivered{ruleName: "my-rule", ruleARN: "arn:aws:events:us-east-1:111111111111:rule/bus/my-rule"}

func transformer(template string, paths map[string]string) Target {
	return Target{Id: "t", InputTransformer: &InputTransformer{InputPathsMap: paths, InputTemplate: &template}}
}

var recordedPaths = map[string]string{"detail-type": "$.detail-type", "timestamp": "$.time", "command": "$.detail.command"}
var missingPaths = map[string]string{"detail-type": "$.detail-type", "timestamp": "$.time", "command": "$.detail.notinmessage"}

func TestInput(t *testing.T) {
	ev, raw := sample()
	str := func(s string) *string { return &s }
	for _, tc := range []struct {
		name   string
		target Target
		want   string
	}{
		{"Event", Target{}, string(raw)},
		{"ConstantInput", Target{Input: str(`{"custom-value": "somecustominput"}`)}, `{"custom-value": "somecustominput"}`},
		{"InputPath", Target{InputPath: str("$.detail.payload")}, `{"acc_id":"0a787ecb-4015","sf_id":"baz"}`},
		{"InputPathLeaf", Target{InputPath: str("$.detail.payload.sf_id")}, `"baz"`},
		{"InputPathIndex", Target{InputPath: str("$.detail.list[1].n")}, `2`},
		{"InputPathWildcard", Target{InputPath: str("$.detail.list[*].n")}, `[1,2]`},
		{"InputPathMissing", Target{InputPath: str("$.detail.nothing")}, `null`},
		// The cases below are AWS's, as recorded against AWS.
		{"StringTemplate", transformer(`"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"`, recordedPaths),
			`"Event of core.update-account-command type, at time 2024-06-11T08:33:10Z, info extracted from detail update-account"`},
		{"StringTemplateMissing", transformer(`"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"`, missingPaths),
			`"Event of core.update-account-command type, at time 2024-06-11T08:33:10Z, info extracted from detail "`},
		{"StringTemplateSpecial", transformer(`"{[/Check with special starting characters for event of <detail-type> type"`, recordedPaths),
			`"{[/Check with special starting characters for event of core.update-account-command type"`},
		{"JSONTemplate", transformer(`{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}`, recordedPaths),
			`{"detailType": "core.update-account-command",  "time": "2024-06-11T08:33:10Z", "command": "update-account"}`},
		{"JSONTemplateMissing", transformer(`{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}`, missingPaths),
			`{"detailType": "core.update-account-command",  "time": "2024-06-11T08:33:10Z", "command": ""}`},
		{"Predefined", transformer(`"Message containing all pre defined variables <aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"`, nil),
			`"Message containing all pre defined variables arn:aws:events:us-east-1:111111111111:rule/bus/my-rule my-rule 2024-06-11T08:33:10Z"`},
		{"PredefinedEvent", transformer(`{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}`, nil),
			`{"originalEvent": {"id":"b4c0e1a2-0000-4000-8000-000000000001","account":"111111111111","detailType":"core.update-account-command","time":"2024-06-11T08:33:10Z","source":"core.update-account-command","region":"us-east-1","resources":[],"version":"0"}, "originalEventJson": ` + string(raw) + `}`},
		// AWS's documentation: quotes inside a string, values in and out of quotes, plain text.
		{"QuotedInString", transformer(`"<command> is in state \"<command>\""`, recordedPaths),
			`"update-account is in state \"update-account\""`},
		{"InAndOutOfQuotes", transformer(`{"myCommand": <command>,"myStatus": "<command> is in state \"<detail-type>\""}`, recordedPaths),
			`{"myCommand": "update-account","myStatus": "update-account is in state \"core.update-account-command\""}`},
		{"PlainText", transformer(`<command> is in state <detail-type>`, recordedPaths),
			`update-account is in state core.update-account-command`},
		{"ObjectValues", transformer(`{"payload": <p>, "text": "<p>", "n": <n>}`, map[string]string{"p": "$.detail.payload", "n": "$.detail.list[0].n"}),
			`{"payload": {"acc_id":"0a787ecb-4015","sf_id":"baz"}, "text": "{\"acc_id\":\"0a787ecb-4015\",\"sf_id\":\"baz\"}", "n": 1}`},
		{"NotAPlaceholder", transformer(`"a <b c> and <unknown>"`, nil), `"a <b c> and <unknown>"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(input(tc.target, by, ev, raw)); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestEnvelope(t *testing.T) {
	_, raw := sample()
	want := `{"version":"0","id":"b4c0e1a2-0000-4000-8000-000000000001","detail-type":"core.update-account-command","source":"core.update-account-command",` +
		`"account":"111111111111","time":"2024-06-11T08:33:10Z","region":"us-east-1","resources":[],` +
		`"detail":{"command":"update-account","payload":{"acc_id":"0a787ecb-4015","sf_id":"baz"},"list":[{"n":1},{"n":2}]}}`
	if string(raw) != want {
		t.Errorf("got  %s\nwant %s", raw, want)
	}
}

func TestCheckTransformer(t *testing.T) {
	tmpl := `"Event of <detail-type> type, with not defined key <notdefinedkey>"`
	err := checkTransformer("target-1", &InputTransformer{InputPathsMap: recordedPaths, InputTemplate: &tmpl})
	if want := "InputTemplate for target target-1 contains invalid placeholder notdefinedkey."; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	ok := `{"rule": <aws.events.rule-name>, "c": <command>}`
	if err := checkTransformer("t", &InputTransformer{InputPathsMap: recordedPaths, InputTemplate: &ok}); err != nil {
		t.Error(err)
	}
	bad := map[string]string{"x": "detail.x"}
	if err := checkTransformer("t", &InputTransformer{InputPathsMap: bad, InputTemplate: &ok}); err == nil {
		t.Error("a path without $ was accepted")
	}
}

func TestOnlyOneInput(t *testing.T) {
	s := "x"
	err := checkTarget(Target{Id: "t1", Arn: "arn:aws:sqs:us-east-1:111111111111:q", Input: &s, InputPath: &s}, targets.Kinds{"sqs": true})
	if want := "Only one of Input, InputPath, or InputTransformer must be provided for target t1."; err == nil || err.Error() != want {
		t.Errorf("got %v", err)
	}
}

func TestRuleOfARN(t *testing.T) {
	for arn, want := range map[string][2]string{
		"arn:aws:events:us-east-1:1:rule/r":         {"default", "r"},
		"arn:aws:events:us-east-1:1:rule/bus/r":     {"bus", "r"},
		"arn:aws:events:us-east-1:1:rule/a/b/c/r.1": {"a/b/c", "r.1"},
	} {
		if bus, name := ruleOfARN(arn); bus != want[0] || name != want[1] {
			t.Errorf("%s: %s %s", arn, bus, name)
		}
	}
}
