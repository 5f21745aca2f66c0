package delivery

import "testing"

func TestToARN(t *testing.T) {
	for in, kind := range map[string]string{
		"arn:aws:sqs:us-east-1:123456789012:q":             "sqs",
		"arn:aws:lambda:us-east-1:123456789012:function:f": "lambda",
		"not an arn": "",
	} {
		if got := ToARN(in); got.Kind != kind || got.Name != in {
			t.Errorf("ToARN(%q) = %+v, want kind %q", in, got, kind)
		}
	}
}

func TestMessageAttribute(t *testing.T) {
	name, dataType, ok := ParseMessageAttribute(MessageAttribute("ErrorCode", "Number"))
	if !ok || name != "ErrorCode" || dataType != "Number" {
		t.Fatalf("round trip: %q %q %v", name, dataType, ok)
	}
	for _, key := range []string{"traceId", "message-attribute:", "message-attribute:String:", "message-attribute::x"} {
		if _, _, ok := ParseMessageAttribute(key); ok {
			t.Errorf("%q read as a message attribute", key)
		}
	}
}
