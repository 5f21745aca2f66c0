package e2e

import (
	"net/url"
	"testing"
)

// schedulerCall is a rest-json request to a Scheduler operation.
func schedulerCall(name, method, path, body string) exchange {
	return exchange{name: name, service: "scheduler", method: method, path: path, body: []byte(body)}
}

// TestGoldenScheduler pins the response of every Scheduler operation, and
// of each kind of error a request can provoke.
func TestGoldenScheduler(t *testing.T) {
	s := startServer(t)
	other := s.addAccount(t)
	acct := s.admin.AccountID
	fn := "arn:aws:lambda:us-east-1:" + acct + ":function:sink"
	groupARN := url.PathEscape("arn:aws:scheduler:us-east-1:" + acct + ":schedule-group/golden")
	target := `"Target":{"Arn":"` + fn + `","RoleArn":"` + schedulerRole + `","Input":"{\"n\":1}"}`
	off := `"FlexibleTimeWindow":{"Mode":"OFF"}`

	runGolden(t, s, []exchange{
		// Groups and their tags.
		schedulerCall("create-schedule-group", "POST", "/schedule-groups/golden", `{"Tags":[{"Key":"a","Value":"b"}]}`),
		schedulerCall("error-group-exists", "POST", "/schedule-groups/golden", `{}`),
		schedulerCall("get-schedule-group", "GET", "/schedule-groups/golden", ""),
		schedulerCall("list-schedule-groups", "GET", "/schedule-groups", ""),
		schedulerCall("list-schedule-groups-page", "GET", "/schedule-groups?MaxResults=1", ""),
		schedulerCall("tag-resource", "POST", "/tags/"+groupARN, `{"Tags":[{"Key":"c","Value":"d"}]}`),
		schedulerCall("list-tags-for-resource", "GET", "/tags/"+groupARN, ""),
		schedulerCall("untag-resource", "DELETE", "/tags/"+groupARN+"?TagKeys=c", ""),
		schedulerCall("error-group-not-found", "GET", "/schedule-groups/nope", ""),
		schedulerCall("error-delete-default-group", "DELETE", "/schedule-groups/default", ""),

		// Schedules.
		schedulerCall("create-schedule", "POST", "/schedules/every-hour", `{"ScheduleExpression":"rate(1 hour)",`+off+`,`+target+`}`),
		schedulerCall("create-schedule-in-group", "POST", "/schedules/nightly", `{"GroupName":"golden","ScheduleExpression":"cron(0 2 ? * MON-FRI *)",`+
			`"ScheduleExpressionTimezone":"Europe/Berlin","StartDate":1893456000,"EndDate":1924992000,"Description":"weekday nights",`+
			`"FlexibleTimeWindow":{"Mode":"FLEXIBLE","MaximumWindowInMinutes":30},"ActionAfterCompletion":"DELETE","State":"DISABLED",`+
			`"Target":{"Arn":"`+fn+`","RoleArn":"`+schedulerRole+`","RetryPolicy":{"MaximumRetryAttempts":2},"DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:`+acct+`:dlq"}}}`),
		schedulerCall("get-schedule", "GET", "/schedules/every-hour", ""),
		schedulerCall("get-schedule-in-group", "GET", "/schedules/nightly?groupName=golden", ""),
		schedulerCall("list-schedules", "GET", "/schedules", ""),
		schedulerCall("list-schedules-in-group", "GET", "/schedules?ScheduleGroup=golden&State=DISABLED", ""),
		schedulerCall("update-schedule", "PUT", "/schedules/every-hour", `{"ScheduleExpression":"rate(2 hours)",`+off+`,`+target+`}`),
		schedulerCall("error-schedule-exists", "POST", "/schedules/every-hour", `{"ScheduleExpression":"rate(1 hour)",`+off+`,`+target+`}`),
		schedulerCall("error-schedule-not-found", "GET", "/schedules/nope", ""),
		schedulerCall("error-update-not-found", "PUT", "/schedules/nope", `{"ScheduleExpression":"rate(1 hour)",`+off+`,`+target+`}`),
		schedulerCall("error-invalid-expression", "POST", "/schedules/bad", `{"ScheduleExpression":"cron(0 1 * * * *)",`+off+`,`+target+`}`),
		schedulerCall("error-invalid-timezone", "POST", "/schedules/bad", `{"ScheduleExpression":"rate(1 hour)","ScheduleExpressionTimezone":"Mars/Olympus",`+off+`,`+target+`}`),
		schedulerCall("error-missing-members", "POST", "/schedules/bad", `{"ScheduleExpression":"rate(1 hour)"}`),
		schedulerCall("error-invalid-name", "POST", "/schedules/bad%20name", `{"ScheduleExpression":"rate(1 hour)",`+off+`,`+target+`}`),
		schedulerCall("error-role-arn", "POST", "/schedules/bad", `{"ScheduleExpression":"rate(1 hour)",`+off+`,"Target":{"Arn":"`+fn+`","RoleArn":"role"}}`),
		schedulerCall("error-flexible-window", "POST", "/schedules/bad", `{"ScheduleExpression":"rate(1 hour)","FlexibleTimeWindow":{"Mode":"FLEXIBLE"},`+target+`}`),
		schedulerCall("error-unsupported-target", "POST", "/schedules/bad", `{"ScheduleExpression":"rate(1 hour)",`+off+`,"Target":{"Arn":"arn:aws:scheduler:::aws-sdk:ecs:stopTask","RoleArn":"`+schedulerRole+`"}}`),
		schedulerCall("error-group-missing", "POST", "/schedules/bad", `{"GroupName":"nope","ScheduleExpression":"rate(1 hour)",`+off+`,`+target+`}`),
		schedulerCall("error-malformed-json", "POST", "/schedules/bad", `{"ScheduleExpression":`),
		schedulerCall("error-access-denied", "GET", "/schedules", "").by(other),
		schedulerCall("error-unsigned", "GET", "/schedules", "").by(account{}),

		// Removal.
		schedulerCall("delete-schedule", "DELETE", "/schedules/every-hour", ""),
		schedulerCall("error-delete-not-found", "DELETE", "/schedules/every-hour", ""),
		schedulerCall("delete-schedule-group", "DELETE", "/schedule-groups/golden", ""),
	})
}
