package cloudtrail

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/virga-dev/virga/internal/audit"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

type attribute struct {
	AttributeKey   string `json:"AttributeKey"`
	AttributeValue string `json:"AttributeValue"`
}

type lookupInput struct {
	LookupAttributes []attribute `json:"LookupAttributes"`
	StartTime        *float64    `json:"StartTime"`
	EndTime          *float64    `json:"EndTime"`
	MaxResults       *int        `json:"MaxResults"`
	NextToken        string      `json:"NextToken"`
}

type resource struct {
	ResourceType string `json:"ResourceType,omitempty"`
	ResourceName string `json:"ResourceName"`
}

type event struct {
	EventId         string     `json:"EventId"`
	EventName       string     `json:"EventName"`
	ReadOnly        string     `json:"ReadOnly"`
	AccessKeyId     string     `json:"AccessKeyId,omitempty"`
	EventTime       float64    `json:"EventTime"`
	EventSource     string     `json:"EventSource"`
	Username        string     `json:"Username,omitempty"`
	Resources       []resource `json:"Resources"`
	CloudTrailEvent string     `json:"CloudTrailEvent"`
}

func (s *Server) lookupEvents(c *awsproto.Call) error {
	var in lookupInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	q, limit, err := query(c.Account(), in, time.Now())
	if err != nil {
		return err
	}
	events, err := s.trail.Lookup(c.R.Context(), q)
	if err != nil {
		return err
	}
	page, next, err := aws.TokenPage(events, func(e audit.Event) string { return e.EventID }, in.NextToken, limit, false)
	if err != nil {
		return aws.Errorf(errNextToken, "Invalid NextToken.")
	}
	out := make([]event, len(page))
	for i, e := range page {
		out[i] = wire(e)
	}
	return c.Reply(http.StatusOK, struct {
		Events    []event `json:"Events"`
		NextToken string  `json:"NextToken,omitempty"`
	}{out, next})
}

// query turns the input into a query of account's trail and a page size.
func query(account string, in lookupInput, now time.Time) (audit.Query, int, error) {
	q := audit.Query{Account: account, Start: now.Add(-audit.KeepFor), End: now}
	if in.StartTime != nil {
		q.Start = fromEpoch(*in.StartTime)
	}
	if in.EndTime != nil {
		q.End = fromEpoch(*in.EndTime)
	}
	if q.Start.After(q.End) {
		return q, 0, aws.Errorf(errTimeRange, "Start time must be before end time.")
	}
	limit := 50
	if in.MaxResults != nil {
		limit = *in.MaxResults
	}
	if limit < 1 || limit > 50 {
		return q, 0, aws.Errorf(errMaxResults, "Value %d for MaxResults is invalid: it must be between 1 and 50.", limit)
	}
	match, err := matcher(in.LookupAttributes)
	q.Match = match
	return q, limit, err
}

func fromEpoch(s float64) time.Time { return time.UnixMilli(int64(s * 1000)) }

// matcher is the event filter a lookup attribute asks for; CloudTrail
// takes at most one.
func matcher(attrs []attribute) (func(audit.Event) bool, error) {
	switch len(attrs) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, aws.Errorf(errLookupAttributes, "You cannot specify more than one lookup attribute.")
	}
	want := attrs[0].AttributeValue
	field, ok := fields[attrs[0].AttributeKey]
	if !ok {
		return nil, aws.Errorf(errLookupAttributes, "Lookup attribute key %s is not valid; use one of EventId, EventName, ReadOnly, Username, ResourceName, EventSource, AccessKeyId.", attrs[0].AttributeKey)
	}
	return func(e audit.Event) bool { return field(e, want) }, nil
}

// fields are the attributes events can be looked up by.
var fields = map[string]func(e audit.Event, want string) bool{
	"EventId":     func(e audit.Event, v string) bool { return e.EventID == v },
	"EventName":   func(e audit.Event, v string) bool { return e.EventName == v },
	"EventSource": func(e audit.Event, v string) bool { return e.EventSource == v },
	"Username":    func(e audit.Event, v string) bool { return e.UserIdentity.UserName == v },
	"AccessKeyId": func(e audit.Event, v string) bool { return e.UserIdentity.AccessKeyID == v },
	"ReadOnly":    func(e audit.Event, v string) bool { return strconv.FormatBool(e.ReadOnly) == strings.ToLower(v) },
	"ResourceName": func(e audit.Event, v string) bool {
		for _, r := range resourceNames(e) {
			if r == v {
				return true
			}
		}
		return false
	},
}

// resourceNames are the names an event's resources go by: their ARNs, the
// last part of each, and the naming members of its request.
func resourceNames(e audit.Event) []string {
	var names []string
	for _, r := range e.Resources {
		names = append(names, r, r[strings.LastIndexAny(r, ":/")+1:])
	}
	for k, v := range e.RequestParameters {
		if k != "path" {
			names = append(names, v)
		}
	}
	return names
}

// wire is an event as LookupEvents answers it, the whole record included.
func wire(e audit.Event) event {
	record, _ := json.Marshal(e) // plain structs always encode
	out := event{EventId: e.EventID, EventName: e.EventName, ReadOnly: strconv.FormatBool(e.ReadOnly), AccessKeyId: e.UserIdentity.AccessKeyID,
		EventTime: float64(e.EventTime.UnixMilli()) / 1000, EventSource: e.EventSource, Username: e.UserIdentity.UserName,
		Resources: []resource{}, CloudTrailEvent: string(record)}
	for _, r := range e.Resources {
		out.Resources = append(out.Resources, resource{ResourceType: resourceType(r), ResourceName: r})
	}
	return out
}

// resourceType is CloudTrail's name for the type of an ARN's resource
// ("AWS::Lambda::Function"), "" when Virga does not know it.
func resourceType(a string) string {
	parsed, ok := aws.ParseARN(a)
	if !ok {
		return ""
	}
	kind, _, _ := strings.Cut(parsed.Resource, ":")
	kind, _, _ = strings.Cut(kind, "/")
	return resourceTypes[parsed.Service+":"+kind]
}

var resourceTypes = map[string]string{
	"lambda:function": "AWS::Lambda::Function", "lambda:layer": "AWS::Lambda::LayerVersion",
	"kms:key": "AWS::KMS::Key", "kms:alias": "AWS::KMS::Alias", "logs:log-group": "AWS::Logs::LogGroup",
	"events:rule": "AWS::Events::Rule", "iam:role": "AWS::IAM::Role", "iam:policy": "AWS::IAM::Policy",
}
