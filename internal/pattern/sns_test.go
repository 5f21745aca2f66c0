package pattern

import (
	"testing"
)

// attrs builds an SNS attributes event from (name, DataType, Value) triples.
func attrs(triples ...string) map[string]any {
	ev := map[string]any{}
	for i := 0; i+2 < len(triples); i += 3 {
		if v, ok := AttributeValue(triples[i+1], triples[i+2]); ok {
			ev[triples[i]] = v
		}
	}
	return ev
}

// docMessage is the message of SNS's filter policy pages.
var docMessage = attrs(
	"customer_interests", "String.Array", `["soccer", "rugby", "hockey"]`,
	"store", "String", "example_corp",
	"event", "String", "order_placed",
	"price_usd", "Number", "210.75",
)

type attrCase struct {
	name   string
	policy string
	event  map[string]any
	want   bool
}

var snsAttributeCases = []attrCase{
	{"DocAccepts", `{"store": ["example_corp"], "event": [{"anything-but": "order_cancelled"}],
		"customer_interests": ["rugby", "football", "baseball"], "price_usd": [{"numeric": [">=", 100]}]}`, docMessage, true},
	{"DocRejects", `{"store": ["example_corp"], "event": ["order_cancelled"], "encrypted": [false],
		"customer_interests": ["basketball", "baseball"]}`, docMessage, false},
	{"And", `{"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]}`,
		attrs("customer_interests", "String", "rugby", "price_usd", "Number", "150"), true},
	{"AndOneFails", `{"customer_interests": ["rugby"], "price_usd": [{"numeric": [">", 100]}]}`,
		attrs("customer_interests", "String", "rugby", "price_usd", "Number", "50"), false},
	{"OrValues", `{"customer_interests": ["rugby", "football", "baseball"]}`, attrs("customer_interests", "String", "football"), true},
	{"OrOperator", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]},
		{"namespace": ["AWS/EC2", "AWS/ES"]}]}`, attrs("source", "String", "aws.cloudwatch", "namespace", "String", "AWS/ES"), true},
	{"OrOperatorNeither", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]},
		{"namespace": ["AWS/EC2", "AWS/ES"]}]}`, attrs("source", "String", "aws.cloudwatch", "namespace", "String", "AWS/S3"), false},
	{"StringArrayExact", `{"customer_interests": ["rugby", "tennis"]}`, attrs("customer_interests", "String.Array", `["rugby", "tennis"]`), true},
	{"StringArrayExactMiss", `{"customer_interests": ["rugby", "tennis"]}`, attrs("customer_interests", "String.Array", `["baseball"]`), false},
	{"ExistsTrue", `{"store": [{"exists": true}]}`, attrs("store", "String", "fans", "customer_interests", "String.Array", `["baseball"]`), true},
	{"ExistsTrueMissing", `{"store": [{"exists": true}]}`, attrs("customer_interests", "String.Array", `["baseball"]`), false},
	{"ExistsFalse", `{"store": [{"exists": false}]}`, attrs("customer_interests", "String.Array", `["baseball"]`), true},
	{"ExistsFalsePresent", `{"store": [{"exists": false}]}`, attrs("store", "String", "fans"), false},
	{"ExistsFalseNoAttributes", `{"store": [{"exists": false}]}`, map[string]any{}, false},
	{"AnythingButExistsFalse", `{"store": [{"anything-but": ["example_corp"]}, {"exists": false}]}`, attrs("event", "String", "x"), true},
	{"NumericExact", `{"price_usd": [{"numeric": ["=", 301.5]}]}`, attrs("price_usd", "Number", "3.015e2"), true},
	{"NumericExactLiteral", `{"price_usd": [301.5]}`, attrs("price_usd", "Number", "301.50"), true},
	{"NumericAnythingBut", `{"price_usd": [{"anything-but": [100, 500]}]}`, attrs("price_usd", "Number", "101"), true},
	{"NumericAnythingButExcluded", `{"price_usd": [{"anything-but": [100, 500]}]}`, attrs("price_usd", "Number", "500"), false},
	{"NumericRange", `{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}`, attrs("price_usd", "Number", "150"), true},
	{"NumericRangeOutside", `{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}`, attrs("price_usd", "Number", "150.5"), false},
	{"NumericOnStringAttribute", `{"price_usd": [{"numeric": [">", 0]}]}`, attrs("price_usd", "String", "150"), false},
	{"NumericBeyondPolicyRange", `{"n": [{"numeric": [">", 0]}]}`, attrs("n", "Number", "2e9"), false},
	{"AnythingBut", `{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}`, attrs("customer_interests", "String", "baseball"), true},
	{"AnythingButExcluded", `{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}`, attrs("customer_interests", "String", "rugby"), false},
	// SNS documents that over a String.Array, anything-but holds only when
	// none of the elements is listed.
	{"AnythingButArrayNoneListed", `{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}`,
		attrs("customer_interests", "String.Array", `["baseball", "football"]`), true},
	{"AnythingButArrayOneListed", `{"customer_interests": [{"anything-but": ["rugby", "tennis"]}]}`,
		attrs("customer_interests", "String.Array", `["rugby", "baseball"]`), false},
	{"AnythingButPrefix", `{"event": [{"anything-but": {"prefix": "order-"}}]}`, attrs("event", "String", "data-entry"), true},
	{"AnythingButPrefixExcluded", `{"event": [{"anything-but": {"prefix": "order-"}}]}`, attrs("event", "String", "order-cancelled"), false},
	{"EqualsIgnoreCase", `{"customer_interests": [{"equals-ignore-case": "tennis"}]}`, attrs("customer_interests", "String", "TeNnIs"), true},
	{"Cidr", `{"source_ip": [{"cidr": "10.0.0.0/24"}]}`, attrs("source_ip", "String", "10.0.0.255"), true},
	{"CidrMiss", `{"source_ip": [{"cidr": "10.0.0.0/24"}]}`, attrs("source_ip", "String", "10.1.1.0"), false},
	{"Prefix", `{"customer_interests": [{"prefix": "bas"}]}`, attrs("customer_interests", "String", "basketball"), true},
	{"PrefixMiss", `{"customer_interests": [{"prefix": "bas"}]}`, attrs("customer_interests", "String", "rugby"), false},
	{"Suffix", `{"customer_interests": [{"suffix": "ball"}]}`, attrs("customer_interests", "String", "baseball"), true},
	{"BinaryIgnored", `{"blob": [{"exists": false}]}`, attrs("blob", "Binary", "AAAA", "x", "String", "y"), true},
	{"EmptyPolicy", `{}`, map[string]any{}, true},
}

var snsBodyCases = []matchCase{
	{"Exact", `{"customer_interests": ["rugby"]}`, `{"customer_interests": "rugby"}`, true},
	{"ExactMiss", `{"customer_interests": ["rugby"]}`, `{"customer_interests": "baseball"}`, false},
	{"Array", `{"customer_interests": ["rugby", "tennis"]}`, `{"customer_interests": ["baseball", "tennis"]}`, true},
	{"Nested", `{"store": {"name": ["example_corp"]}, "price_usd": [{"numeric": [">=", 100]}]}`,
		`{"store": {"name": "example_corp", "city": "Seattle"}, "price_usd": 210.75}`, true},
	{"NestedMiss", `{"store": {"name": ["example_corp"]}}`, `{"store": {"name": "other"}}`, false},
	{"ExistsTrueNullIsAbsent", `{"store": [{"exists": true}]}`, `{"store": null}`, false},
	{"ExistsFalseNullIsAbsent", `{"store": [{"exists": false}]}`, `{"store": null, "x": 1}`, true},
	{"NullValue", `{"store": [null]}`, `{"store": null}`, true},
	{"NotJSON", `{"store": [{"exists": false}]}`, `hello`, false},
	{"EmptyBody", `{"store": [{"exists": false}]}`, `{}`, false},
	{"EmptyPolicyAnyBody", `{}`, `not even JSON`, true},
}

func TestSNSAttributes(t *testing.T) {
	for _, c := range snsAttributeCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Compile([]byte(c.policy), SNS())
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if got := p.MatchValue(c.event); got != c.want {
				t.Errorf("MatchValue = %v, want %v", got, c.want)
			}
		})
	}
}

func TestSNSBody(t *testing.T) { runCases(t, snsBodyCases, SNS(), MessageBody()) }

func TestAttributeValue(t *testing.T) {
	for _, c := range []struct {
		dataType, value string
		want            any
		ok              bool
	}{
		{"String", "x", "x", true},
		{"String.custom", "x", "x", true},
		{"Number", "1.5", "1.5", true},
		{"Binary", "AAAA", nil, false},
		{"String.Array", `not json`, nil, false},
	} {
		got, ok := AttributeValue(c.dataType, c.value)
		if ok != c.ok {
			t.Errorf("AttributeValue(%q, %q) ok = %v, want %v", c.dataType, c.value, ok, c.ok)
			continue
		}
		if ok && fmtValue(got) != fmtValue(c.want) {
			t.Errorf("AttributeValue(%q, %q) = %v, want %v", c.dataType, c.value, got, c.want)
		}
	}
}

func fmtValue(v any) string {
	if s, ok := numberText(v); ok {
		return s
	}
	s, _ := v.(string)
	return s
}
