package sqs

import (
	"slices"
	"testing"
)

// The digests below were computed by another implementation of AWS's
// algorithm (moto's), not by this one.
func TestAttributesMD5(t *testing.T) {
	cases := []struct {
		name  string
		attrs map[string]MessageAttributeValue
		want  string
	}{
		{"Mixed", map[string]MessageAttributeValue{
			"Text":   {DataType: "String", StringValue: "héllo"},
			"Number": {DataType: "Number", StringValue: "3.14"},
			"Raw":    {DataType: "Binary", BinaryValue: []byte{0x00, 0xff, 0x10}},
			"Custom": {DataType: "String.custom", StringValue: "x"},
		}, "a3f24092caecfd279287926a32bea59c"},
		{"TraceHeader", map[string]MessageAttributeValue{
			"AWSTraceHeader": {DataType: "String", StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793"},
		}, "62a56dd927315f2b2e12832b84617ea5"},
		{"None", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := attributesMD5(c.attrs); got != c.want {
				t.Errorf("attributesMD5 = %s, want %s", got, c.want)
			}
		})
	}
	if got := md5Hex("body"); got != "841a2d689ad86bd1611447453c22c6fc" {
		t.Errorf("md5Hex(body) = %s", got)
	}
}

func TestPickMessageAttributes(t *testing.T) {
	all := map[string]MessageAttributeValue{"a.one": {}, "a.two": {}, "ab": {}, "b": {}}
	cases := []struct {
		names []string
		want  []string
	}{
		{[]string{"All"}, []string{"a.one", "a.two", "ab", "b"}},
		{[]string{".*"}, []string{"a.one", "a.two", "ab", "b"}},
		{[]string{"a.*"}, []string{"a.one", "a.two"}},
		{[]string{"b", "ab"}, []string{"ab", "b"}},
		{nil, nil},
	}
	for _, c := range cases {
		got := sortedKeys(pickMessageAttributes(all, c.names))
		if len(got) == 0 {
			got = nil
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%v picked %v, want %v", c.names, got, c.want)
		}
	}
}

func FuzzParseHandle(f *testing.F) {
	f.Add(handle{queueID: "q1", reply: "$JS.ACK.SQS_q1.receive.1.2.3.4.5"}.String())
	f.Add(handle{queueID: "q1", group: "abc", seq: 7}.String())
	f.Add("garbage")
	f.Fuzz(func(t *testing.T, s string) {
		h, ok := parseHandle(s, "q1")
		if !ok {
			return
		}
		if again, ok := parseHandle(h.String(), "q1"); !ok || again != h {
			t.Errorf("handle %q read back as %+v", s, again)
		}
	})
}

func FuzzParseARN(f *testing.F) {
	f.Add("arn:aws:sqs:us-east-1:123456789012:orders")
	f.Add("arn:aws:sqs:::")
	f.Fuzz(func(t *testing.T, s string) {
		account, name, ok := parseARN(s)
		if ok && (account == "" || name == "") {
			t.Errorf("%q parsed with an empty part", s)
		}
	})
}
