package cloudtrail

import (
	"errors"
	"testing"
	"time"

	"github.com/virga-dev/virga/internal/audit"
)

func TestQuery(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	e := audit.Event{EventName: "CreateFunction", EventSource: "lambda.amazonaws.com",
		Resources: []string{"arn:aws:lambda:us-east-1:111111111111:function:fn"}, UserIdentity: audit.Identity{UserName: "root"}}
	for _, tt := range []struct {
		key, value string
		match      bool
	}{
		{"EventName", "CreateFunction", true}, {"EventName", "DeleteFunction", false}, {"ResourceName", "fn", true},
		{"ResourceName", e.Resources[0], true}, {"Username", "root", true}, {"ReadOnly", "false", true}, {"EventSource", "sqs.amazonaws.com", false},
	} {
		q, _, err := query("1", lookupInput{LookupAttributes: []attribute{{tt.key, tt.value}}}, now)
		if err != nil || q.Match(e) != tt.match {
			t.Errorf("%s=%s: match %v, err %v", tt.key, tt.value, q.Match != nil && q.Match(e), err)
		}
	}
	start, end, fifty := 2.0, 1.0, 51
	for name, in := range map[string]lookupInput{
		"TimeRange":  {StartTime: &start, EndTime: &end},
		"MaxResults": {MaxResults: &fifty},
		"Attribute":  {LookupAttributes: []attribute{{"Colour", "red"}}},
	} {
		if _, _, err := query("1", in, now); !errors.Is(err, errTimeRange) && !errors.Is(err, errMaxResults) && !errors.Is(err, errLookupAttributes) {
			t.Errorf("%s: err %v", name, err)
		}
	}
}
