package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// trailEvent is the part of a CloudTrail record the tests look at.
type trailEvent struct {
	EventName       string `json:"eventName"`
	EventSource     string `json:"eventSource"`
	SourceIPAddress string `json:"sourceIPAddress"`
	ErrorCode       string `json:"errorCode"`
	UserIdentity    struct {
		Type, ARN, AccountID, AccessKeyID string
	} `json:"userIdentity"`
	RequestParameters map[string]string `json:"requestParameters"`
}

// lookup finds the events of one name in the administrator's trail,
// waiting a little for the last ones to be stored.
func lookup(t *testing.T, c *cloudtrail.Client, key types.LookupAttributeKey, value string, want int) []trailEvent {
	t.Helper()
	var got []trailEvent
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		out, err := c.LookupEvents(ctx(t), &cloudtrail.LookupEventsInput{
			LookupAttributes: []types.LookupAttribute{{AttributeKey: key, AttributeValue: aws.String(value)}}})
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, e := range out.Events {
			var te trailEvent
			if err := json.Unmarshal([]byte(aws.ToString(e.CloudTrailEvent)), &te); err != nil {
				t.Fatal(err)
			}
			got = append(got, te)
		}
		if len(got) >= want || time.Now().After(deadline) {
			return got
		}
	}
}

// TestAuditTrail records writes and refusals in the front door and reads
// them back with aws-sdk-go-v2 and the aws CLI's lookup-events.
func TestAuditTrail(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	createPython(t, s.lambda(), "audited", zipOf(t, helloZip))
	if _, err := s.lambda().ListFunctions(ctx(t), nil); err != nil {
		t.Fatal(err)
	}
	s.send(t, "DELETE", "/2015-03-31/functions/audited", nil, "", "", nil)
	other := s.addAccount(t)
	s.sendFor(t, "lambda", "GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A"+s.admin.AccountID+"%3Afunction%3Aaudited",
		nil, other.AccessKeyID, other.SecretAccessKey, nil)
	c := cloudtrail.NewFromConfig(s.awsConfig())
	t.Run("Write", func(t *testing.T) {
		got := lookup(t, c, types.LookupAttributeKeyEventName, "CreateFunction", 1)
		if len(got) != 1 {
			t.Fatalf("events %+v", got)
		}
		e := got[0]
		if e.EventSource != "lambda.amazonaws.com" || e.SourceIPAddress != "127.0.0.1" || e.UserIdentity.Type != "Root" ||
			e.UserIdentity.ARN != "arn:aws:iam::"+s.admin.AccountID+":root" || e.UserIdentity.AccessKeyID != s.admin.AccessKeyID ||
			e.RequestParameters["FunctionName"] != "audited" || e.ErrorCode != "" {
			t.Errorf("event %+v", e)
		}
	})
	t.Run("ReadsLeftOut", func(t *testing.T) {
		if got := lookup(t, c, types.LookupAttributeKeyEventName, "ListFunctions", 0); len(got) != 0 {
			t.Errorf("events %+v", got)
		}
	})
	t.Run("Unsigned", func(t *testing.T) {
		got := lookup(t, c, types.LookupAttributeKeyEventName, "DeleteFunction", 1)
		if len(got) != 1 || got[0].ErrorCode != "MissingAuthenticationTokenException" || got[0].UserIdentity.ARN != "" {
			t.Errorf("events %+v", got)
		}
	})
	t.Run("OtherAccountRefused", func(t *testing.T) {
		got := lookup(t, c, types.LookupAttributeKeyEventName, "GetFunction", 1)
		if len(got) != 1 || got[0].ErrorCode != "AccessDeniedException" || got[0].UserIdentity.AccountID != other.AccountID {
			t.Errorf("events %+v", got)
		}
	})
	t.Run("ByResourceName", func(t *testing.T) {
		// The unsigned DeleteFunction names no resource: its caller is unknown.
		if got := lookup(t, c, types.LookupAttributeKeyResourceName, "audited", 2); len(got) != 2 {
			t.Errorf("events %+v", got)
		}
	})
	t.Run("CLI", func(t *testing.T) {
		out := s.cliOK(t, "aws", "cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=Username,AttributeValue=root", "--max-results", "1")
		events, _ := out["Events"].([]any)
		if len(events) != 1 || out["NextToken"] == nil {
			t.Errorf("lookup-events printed %v", out)
		}
	})
	t.Run("TwoAttributes", func(t *testing.T) {
		_, err := c.LookupEvents(ctx(t), &cloudtrail.LookupEventsInput{LookupAttributes: []types.LookupAttribute{
			{AttributeKey: types.LookupAttributeKeyEventName, AttributeValue: aws.String("a")},
			{AttributeKey: types.LookupAttributeKeyUsername, AttributeValue: aws.String("b")}}})
		apiError(t, err, "InvalidLookupAttributesException")
	})
}
