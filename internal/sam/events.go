package sam

import (
	"fmt"
	"strings"
)

// addEvent expands one entry of a function's Events.
func (st *Stack) addEvent(f *Function, id string, e any) error {
	m, _ := e.(map[string]any)
	p, _ := m["Properties"].(map[string]any)
	switch t := text(m["Type"]); t {
	case "SQS":
		f.QueueSources = append(f.QueueSources, QueueSource{QueueArn: text(p["Queue"]), BatchSize: number(p["BatchSize"])})
	case "SNS":
		return f.addTopicSource(p)
	case "Schedule":
		f.Schedules = append(f.Schedules, schedule(f.Name, id, p))
	case "EventBridgeRule":
		return f.addEventRule(id, p)
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

// addEventRule expands an EventBridgeRule event; rules on other buses
// than the default one are not deployed yet.
func (f *Function) addEventRule(id string, p map[string]any) error {
	if bus := text(p["EventBusName"]); bus != "" && bus != "default" {
		return fmt.Errorf("EventBusName %s: only the default bus is supported", bus)
	}
	s := Schedule{Rule: text(p["RuleName"]), Pattern: attribute(p["Pattern"]), Input: text(p["Input"]),
		InputPath: text(p["InputPath"]), Enabled: text(p["State"]) != "DISABLED"}
	if s.Rule == "" {
		s.Rule = limit(f.Name+"-"+id, 64)
	}
	f.Schedules = append(f.Schedules, s)
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
