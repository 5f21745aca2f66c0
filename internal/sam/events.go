package sam

import (
	"fmt"
	"strings"
)

// addEvent expands one entry of a function's Events.
func (st *Stack) addEvent(opt Options, f *Function, id string, e any) error {
	m, _ := e.(map[string]any)
	p, _ := m["Properties"].(map[string]any)
	switch t := text(m["Type"]); t {
	case "SQS":
		f.QueueSources = append(f.QueueSources, QueueSource{QueueArn: text(p["Queue"]), BatchSize: number(p["BatchSize"])})
	case "SNS":
		return f.addTopicSource(p)
	case "Schedule":
		f.Schedules = append(f.Schedules, schedule(f.Name, id, p))
	case "ScheduleV2":
		return f.addScheduleV2(id, p)
	case "EventBridgeRule":
		return f.addEventRule(id, p)
	case "S3":
		return f.addBucketEvent(p, opt)
	case "Api", "HttpApi":
		st.Routes = append(st.Routes, route(f.Target(), t, p))
	default:
		return fmt.Errorf("event type %q is not served by Virga", t)
	}
	return nil
}

func schedule(function, id string, p map[string]any) Schedule {
	s := Schedule{Rule: text(p["Name"]), Expression: text(p["Schedule"]), Input: text(p["Input"]), Enabled: true}
	if s.Rule == "" {
		s.Rule = limit(function+"-"+id, 64)
	}
	if enabled, ok := p["Enabled"].(bool); ok {
		s.Enabled = enabled
	}
	return s
}

// addTopicSource expands an SNS event; SqsSubscription (a queue between
// topic and function) is not deployed yet.
func (f *Function) addTopicSource(p map[string]any) error {
	if p["SqsSubscription"] != nil && p["SqsSubscription"] != false {
		return fmt.Errorf("SNS SqsSubscription is not supported")
	}
	src := TopicSource{TopicArn: text(p["Topic"]), FilterScope: text(p["FilterPolicyScope"])}
	if p["FilterPolicy"] != nil {
		src.FilterPolicy = attribute(p["FilterPolicy"])
	}
	f.Topics = append(f.Topics, src)
	return nil
}

// addScheduleV2 expands a ScheduleV2 event; schedules in other groups are
// not deployed yet.
func (f *Function) addScheduleV2(id string, p map[string]any) error {
	s := ScheduleV2{Name: f.eventName(p["Name"], id), Expression: text(p["ScheduleExpression"]),
		Timezone: text(p["ScheduleExpressionTimezone"]), Input: text(p["Input"]), Enabled: enabled(p)}
	if w, ok := p["FlexibleTimeWindow"].(map[string]any); ok && text(w["Mode"]) == "FLEXIBLE" {
		s.WindowMinutes = number(w["MaximumWindowInMinutes"])
	}
	f.SchedulesV2 = append(f.SchedulesV2, s)
	return onDefault("ScheduleV2 GroupName", p["GroupName"])
}

// addEventRule expands an EventBridgeRule event; rules on other buses
// than the default one are not deployed yet.
func (f *Function) addEventRule(id string, p map[string]any) error {
	f.Schedules = append(f.Schedules, Schedule{Rule: f.eventName(p["RuleName"], id), Pattern: attribute(p["Pattern"]),
		Input: text(p["Input"]), InputPath: text(p["InputPath"]), Enabled: enabled(p)})
	return onDefault("EventBusName", p["EventBusName"])
}

// functionURL reads FunctionUrlConfig; Cors and InvokeMode are not
// deployed yet.
func (f *Function) functionURL(v any) error {
	c, _ := v.(map[string]any)
	if c == nil {
		return nil
	}
	if c["Cors"] != nil || c["InvokeMode"] != nil {
		return fmt.Errorf("FunctionUrlConfig Cors and InvokeMode are not supported yet")
	}
	f.URLAuth = text(c["AuthType"])
	if f.URLAuth != "NONE" && f.URLAuth != "AWS_IAM" {
		return fmt.Errorf("FunctionUrlConfig AuthType %q: want NONE or AWS_IAM", f.URLAuth)
	}
	return nil
}

// eventName is an event's explicit name, else <function>-<event id>.
func (f *Function) eventName(explicit any, id string) string {
	if name := text(explicit); name != "" {
		return name
	}
	return limit(f.Name+"-"+id, 64)
}

func enabled(p map[string]any) bool { return text(p["State"]) != "DISABLED" }

// onDefault refuses a bus or schedule group other than the default one.
func onDefault(what string, v any) error {
	if name := text(v); name != "" && name != "default" {
		return fmt.Errorf("%s %s: only the default one is supported", what, name)
	}
	return nil
}

// route is an Api or HttpApi event's route; an HttpApi event without a
// path is the $default route.
func route(function, kind string, p map[string]any) Route {
	r := Route{Function: function, PayloadVersion: "2.0", Key: "$default"}
	if kind == "Api" {
		r.PayloadVersion = "1.0"
	}
	if path := text(p["Path"]); path != "" {
		method := strings.ToUpper(text(p["Method"]))
		if method == "" || method == "ANY" {
			method = "ANY"
		}
		r.Key = method + " " + path
	}
	return r
}

func limit(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
