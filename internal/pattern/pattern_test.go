package pattern

import (
	"bytes"
	"encoding/json"
	"testing"
)

// A matchCase is one pattern tried against one event.
type matchCase struct {
	name    string
	pattern string
	event   string
	want    bool
}

// ec2Event is the sample event of Event Ruler's README and EventBridge's
// content filtering page.
const ec2Event = `{
  "version": "0",
  "id": "ddddd4-aaaa-7777-4444-345dd43cc333",
  "detail-type": "EC2 Instance State-change Notification",
  "source": "aws.ec2",
  "account": "012345679012",
  "time": "2017-10-02T16:24:49Z",
  "region": "us-east-1",
  "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
  "detail": {
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "source-ip": "10.0.0.33",
    "instance-id": "i-000000aaaaaa00000",
    "state": "running"
  }
}`

// nullEvent is the sample event of EventBridge's page on null values and
// empty strings.
const nullEvent = `{
  "version": "0",
  "id": "3e3c153a-8339-4e30-8c35-687ebef853fe",
  "detail-type": "EC2 Instance Launch Successful",
  "source": "aws.autoscaling",
  "account": "123456789012",
  "time": "2015-11-11T21:31:47Z",
  "region": "us-east-1",
  "resources": [],
  "detail": {"eventVersion": "", "responseElements": null}
}`

// employees is the array event of Event Ruler's README.
const employees = `{"employees": [
  {"firstName": "John", "lastName": "Doe"},
  {"firstName": "Anna", "lastName": "Smith"},
  {"firstName": "Peter", "lastName": "Jones"}]}`

var eventBridgeCases = []matchCase{
	// Matching on values, and on several fields.
	{"Simple", `{"detail-type": ["EC2 Instance State-change Notification"],
		"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000"],
		"detail": {"state": ["initializing", "running"]}}`, ec2Event, true},
	{"SimpleWrongSource", `{"source": ["aws.ec2", "aws.fargate"], "detail": {"state": ["terminated"]}}`, ec2Event, false},
	{"FieldsAreAnded", `{"source": ["aws.ec2"], "region": ["eu-west-1"]}`, ec2Event, false},
	{"ValuesAreOred", `{"source": ["aws.fargate", "aws.ec2"]}`, ec2Event, true},
	{"MissingField", `{"detail": {"nonesuch": ["x"]}}`, ec2Event, false},
	{"CaseSensitive", `{"source": ["AWS.EC2"]}`, ec2Event, false},
	{"FieldIsObject", `{"detail": ["running"]}`, ec2Event, false},
	{"NestedPatternOnScalar", `{"source": {"x": ["aws.ec2"]}}`, ec2Event, false},

	// Prefix and suffix.
	{"Prefix", `{"time": [{"prefix": "2017-10-02"}]}`, ec2Event, true},
	{"PrefixMiss", `{"time": [{"prefix": "2017-10-03"}]}`, ec2Event, false},
	{"PrefixOnNumber", `{"detail": {"c-count": [{"prefix": "5"}]}}`, ec2Event, false},
	{"EmptyPrefixMatchesAnyString", `{"region": [{"prefix": ""}]}`, ec2Event, true},
	{"EmptyPrefixNotNumber", `{"detail": {"c-count": [{"prefix": ""}]}}`, ec2Event, false},
	{"PrefixIgnoreCase", `{"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}}`, `{"detail": {"service": "eventbridge"}}`, true},
	{"PrefixIgnoreCaseUpper", `{"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}}`, `{"detail": {"service": "EVENTBRIDGE"}}`, true},
	{"PrefixIgnoreCaseMiss", `{"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}}`, `{"detail": {"service": "xeventbridge"}}`, false},
	{"Suffix", `{"FileName": [{"suffix": ".png"}]}`, `{"FileName": "image.png"}`, true},
	{"SuffixMiss", `{"FileName": [{"suffix": ".png"}]}`, `{"FileName": "image.PNG"}`, false},
	{"SuffixIgnoreCase", `{"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}}`, `{"detail": {"FileName": "image.PNG"}}`, true},
	{"SuffixIgnoreCaseMiss", `{"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}}`, `{"detail": {"FileName": "image.jpg"}}`, false},
	{"SuffixEc2", `{"source": [{"suffix": "ec2"}]}`, ec2Event, true},

	// Equals, ignoring case.
	{"EqualsIgnoreCase", `{"Name": [{"equals-ignore-case": "alice"}]}`, `{"Name": "Alice"}`, true},
	{"EqualsIgnoreCaseUpper", `{"Name": [{"equals-ignore-case": "alice"}]}`, `{"Name": "ALICE"}`, true},
	{"EqualsIgnoreCaseLonger", `{"Name": [{"equals-ignore-case": "alice"}]}`, `{"Name": "Alicia"}`, false},
	{"EqualsIgnoreCaseSource", `{"source": [{"equals-ignore-case": "EC2"}]}`, `{"source": "ec2"}`, true},

	// Anything-but.
	{"AnythingBut", `{"detail": {"state": [{"anything-but": "initializing"}]}}`, ec2Event, true},
	{"AnythingButExcluded", `{"detail": {"state": [{"anything-but": "running"}]}}`, ec2Event, false},
	{"AnythingButNumber", `{"detail": {"x-limit": [{"anything-but": 123}]}}`, ec2Event, true},
	{"AnythingButNumberExcluded", `{"detail": {"x-limit": [{"anything-but": 123}]}}`, `{"detail": {"x-limit": 123.0}}`, false},
	{"AnythingButList", `{"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}}`, ec2Event, true},
	{"AnythingButListExcluded", `{"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}}`, `{"detail": {"state": "stopped"}}`, false},
	{"AnythingButNumbers", `{"detail": {"x-limit": [{"anything-but": [100, 200, 300]}]}}`, ec2Event, true},
	{"AnythingButNumbersExcluded", `{"detail": {"x-limit": [{"anything-but": [100, 200, 300]}]}}`, `{"detail": {"x-limit": 3e2}}`, false},
	{"AnythingButMissing", `{"detail": {"nonesuch": [{"anything-but": "x"}]}}`, ec2Event, false},
	{"AnythingButNull", `{"detail": {"responseElements": [{"anything-but": "x"}]}}`, nullEvent, true},
	{"AnythingButStringOnNumber", `{"detail": {"c-count": [{"anything-but": "5"}]}}`, ec2Event, true},
	{"AnythingButObject", `{"detail": [{"anything-but": "x"}]}`, ec2Event, false},
	{"AnythingButEmptyArray", `{"resources": [{"anything-but": "x"}]}`, nullEvent, false},
	{"AnythingButArrayAnyElement", `{"tags": [{"anything-but": "a"}]}`, `{"tags": ["a", "b"]}`, true},
	{"AnythingButArrayAllExcluded", `{"tags": [{"anything-but": ["a", "b"]}]}`, `{"tags": ["a", "b"]}`, false},
	{"AnythingButPrefix", `{"detail": {"state": [{"anything-but": {"prefix": "init"}}]}}`, ec2Event, true},
	{"AnythingButPrefixExcluded", `{"detail": {"state": [{"anything-but": {"prefix": "init"}}]}}`, `{"detail": {"state": "initializing"}}`, false},
	{"AnythingButPrefixRegion", `{"Region": [{"anything-but": {"prefix": "us-"}}]}`, `{"Region": "eu-west-1"}`, true},
	{"AnythingButPrefixList", `{"Region": [{"anything-but": {"prefix": ["us-", "eu-"]}}]}`, `{"Region": "eu-west-1"}`, false},
	{"AnythingButSuffix", `{"FileName": [{"anything-but": {"suffix": ".png"}}]}`, `{"FileName": "a.jpg"}`, true},
	{"AnythingButSuffixExcluded", `{"FileName": [{"anything-but": {"suffix": ".png"}}]}`, `{"FileName": "a.png"}`, false},
	{"AnythingButIgnoreCase", `{"state": [{"anything-but": {"equals-ignore-case": "initializing"}}]}`, `{"state": "INITIALIZING"}`, false},
	{"AnythingButIgnoreCaseOther", `{"state": [{"anything-but": {"equals-ignore-case": "initializing"}}]}`, `{"state": "running"}`, true},
	{"AnythingButIgnoreCaseList", `{"state": [{"anything-but": {"equals-ignore-case": ["initializing", "stopped"]}}]}`, `{"state": "Stopped"}`, false},
	{"AnythingButWildcard", `{"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}`, `{"FilePath": "/usr/bin/env"}`, true},
	{"AnythingButWildcardExcluded", `{"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}`, `{"FilePath": "/usr/lib/libc.so"}`, false},

	// Numeric.
	{"Numeric", `{"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}],
		"d-count": [{"numeric": ["<", 10]}], "x-limit": [{"numeric": ["=", 3.018e2]}]}}`, ec2Event, true},
	{"NumericOutside", `{"detail": {"c-count": [{"numeric": [">", 0, "<", 5]}]}}`, ec2Event, false},
	{"NumericGreaterEqual", `{"detail": {"c-count": [{"numeric": [">=", 5]}]}}`, ec2Event, true},
	{"NumericGreater", `{"detail": {"c-count": [{"numeric": [">", 5]}]}}`, ec2Event, false},
	{"NumericLessEqual", `{"detail": {"c-count": [{"numeric": ["<=", 5]}]}}`, ec2Event, true},
	{"NumericEquals", `{"Price": [{"numeric": ["=", 100]}]}`, `{"Price": 1e2}`, true},
	{"NumericOnString", `{"Price": [{"numeric": ["=", 100]}]}`, `{"Price": "100"}`, false},
	{"NumericNegative", `{"t": [{"numeric": [">", -10, "<", -1]}]}`, `{"t": -5.5}`, true},
	{"NumericBeyondRange", `{"n": [{"numeric": [">", 0]}]}`, `{"n": 6e9}`, false},
	{"NumericArrayAnyElement", `{"n": [{"numeric": [">", 10]}]}`, `{"n": [1, 2, 30]}`, true},

	// Numbers are compared as numbers.
	{"NumberFiveMatchesFivePointZero", `{"n": [5]}`, `{"n": 5.0}`, true},
	{"NumberExponent", `{"n": [3e2]}`, `{"n": 300}`, true},
	{"NumberExponentInEvent", `{"n": [300]}`, `{"n": 3.00e+2}`, true},
	{"NumberNegativeZero", `{"n": [0]}`, `{"n": -0.0}`, true},
	{"NumberNotString", `{"n": [5]}`, `{"n": "5"}`, false},
	{"StringNotNumber", `{"n": ["5"]}`, `{"n": 5}`, false},
	{"NumberLarge", `{"account": [123456789012]}`, `{"account": 123456789012}`, true},
	{"NumberFraction", `{"n": [0.1]}`, `{"n": 0.10}`, true},
	{"NumberDiffers", `{"n": [0.1]}`, `{"n": 0.11}`, false},

	// true, false, null and the empty string.
	{"True", `{"b": [true]}`, `{"b": true}`, true},
	{"TrueNotString", `{"b": ["true"]}`, `{"b": true}`, false},
	{"False", `{"b": [false]}`, `{"b": true}`, false},
	{"EmptyString", `{"detail": {"eventVersion": [""]}}`, nullEvent, true},
	{"Null", `{"detail": {"responseElements": [null]}}`, nullEvent, true},
	{"EmptyStringIsNotNull", `{"detail": {"responseElements": [""]}}`, nullEvent, false},
	{"NullIsNotEmptyString", `{"detail": {"eventVersion": [null]}}`, nullEvent, false},
	{"NullIsNotMissing", `{"detail": {"nonesuch": [null]}}`, nullEvent, false},

	// IP addresses.
	{"Cidr", `{"detail": {"source-ip": [{"cidr": "10.0.0.0/24"}]}}`, ec2Event, true},
	{"CidrMiss", `{"detail": {"source-ip": [{"cidr": "10.0.1.0/24"}]}}`, ec2Event, false},
	{"CidrWide", `{"detail": {"source-ip": [{"cidr": "10.0.0.0/8"}]}}`, ec2Event, true},
	{"CidrIPv6", `{"ip": [{"cidr": "2001:db8::/32"}]}`, `{"ip": "2001:db8:1234::1"}`, true},
	{"CidrIPv6Miss", `{"ip": [{"cidr": "2001:db8::/32"}]}`, `{"ip": "2001:db9::1"}`, false},
	{"CidrFamilies", `{"ip": [{"cidr": "10.0.0.0/8"}]}`, `{"ip": "::1"}`, false},
	{"CidrNotAnAddress", `{"ip": [{"cidr": "10.0.0.0/8"}]}`, `{"ip": "10.0.0.x"}`, false},
	{"CidrHostBitsKept", `{"ip": [{"cidr": "10.0.0.5/24"}]}`, `{"ip": "10.0.0.1"}`, false},
	{"AddressLiteral", `{"ip": ["2001:db8::1"]}`, `{"ip": "2001:0db8:0:0:0:0:0:1"}`, true},

	// Exists, which only leaves satisfy.
	{"ExistsFalseMissing", `{"detail": {"c-count": [{"exists": false}]}}`, `{"detail-type": "x", "detail": {"state": "running"}}`, true},
	{"ExistsFalseNotLeaf", `{"detail": {"c-count": [{"exists": false}]}}`, `{"detail": {"state": "running", "c-count": {"c1": 100}}}`, true},
	{"ExistsFalsePresent", `{"detail": {"c-count": [{"exists": false}]}}`, ec2Event, false},
	{"ExistsFalseNoParent", `{"detail": {"c-count": [{"exists": false}]}}`, `{"source": "x"}`, true},
	{"ExistsFalseParentScalar", `{"detail": {"c-count": [{"exists": false}]}}`, `{"detail": "x"}`, true},
	{"ExistsTrue", `{"detail": {"c-count": [{"exists": true}]}}`, ec2Event, true},
	{"ExistsTrueMissing", `{"detail": {"nonesuch": [{"exists": true}]}}`, ec2Event, false},
	{"ExistsTrueNotLeaf", `{"detail": [{"exists": true}]}`, ec2Event, false},
	{"ExistsTrueNull", `{"detail": {"responseElements": [{"exists": true}]}}`, nullEvent, true},
	{"ExistsTrueEmptyString", `{"detail": {"eventVersion": [{"exists": true}]}}`, nullEvent, true},
	{"ExistsTrueEmptyArray", `{"resources": [{"exists": true}]}`, nullEvent, false},
	{"ExistsFalseEmptyArray", `{"resources": [{"exists": false}]}`, nullEvent, true},
	{"ExistsOrValue", `{"state": [{"exists": false}, "on"]}`, `{"state": "on"}`, true},
	{"ExistsOrValueMissing", `{"state": [{"exists": false}, "on"]}`, `{"other": 1}`, true},
	{"ExistsOrValueOther", `{"state": [{"exists": false}, "on"]}`, `{"state": "off"}`, false},
	{"ExistsFalseOnEmptyEvent", `{"a": [{"exists": false}]}`, `{}`, true},

	// Wildcard.
	{"Wildcard", `{"source": [{"wildcard": "Simple*Service"}]}`, `{"source": "SimpleNotificationService"}`, true},
	{"WildcardEmptyRun", `{"source": [{"wildcard": "Simple*Service"}]}`, `{"source": "SimpleService"}`, true},
	{"WildcardCase", `{"source": [{"wildcard": "Simple*Service"}]}`, `{"source": "simpleService"}`, false},
	{"WildcardArn", `{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}`,
		`{"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus"}`, true},
	{"WildcardArnRegion", `{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}`,
		`{"EventBusArn": "arn:aws:events:us-west-2:123456789012:event-bus/myEventBus"}`, false},
	{"WildcardPath", `{"key": [{"wildcard": "dir/*.png"}]}`, `{"key": "dir/sub/image.png"}`, true},
	{"WildcardAlone", `{"key": [{"wildcard": "*"}]}`, `{"key": ""}`, true},
	{"WildcardNotNumber", `{"key": [{"wildcard": "*"}]}`, `{"key": 5}`, false},
	{"WildcardEscapedStar", `{"key": [{"wildcard": "a\\*b"}]}`, `{"key": "a*b"}`, true},
	{"WildcardEscapedStarLiteral", `{"key": [{"wildcard": "a\\*b"}]}`, `{"key": "axb"}`, false},
	{"WildcardEscapedBackslash", `{"key": [{"wildcard": "a\\\\*"}]}`, `{"key": "a\\bc"}`, true},
	{"WildcardNoOverlap", `{"key": [{"wildcard": "ab*ba"}]}`, `{"key": "aba"}`, false},
	{"WildcardRepeats", `{"key": [{"wildcard": "*a*a*b"}]}`, `{"key": "xaxaxb"}`, true},

	// Arrays in the event.
	{"ArrayIntersection", `{"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
		"arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
		"arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]}`,
		`{"resources": ["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
		"arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}`, true},
	{"ArrayNoIntersection", `{"resources": ["arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f"]}`,
		`{"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}`, false},
	{"ArrayOfObjects", `{"employees": {"firstName": ["Anna"]}}`, employees, true},
	{"ArrayConsistent", `{"employees": {"firstName": ["Anna"], "lastName": ["Smith"]}}`, employees, true},
	{"ArrayNotAcrossElements", `{"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}`, employees, false},
	{"ArrayOfArrays", `{"employees": {"firstName": ["Peter"], "lastName": ["Jones"]}}`,
		`{"employees": [[{"firstName": "John", "lastName": "Doe"}, {"firstName": "Anna", "lastName": "Smith"}],
		[{"firstName": "Peter", "lastName": "Jones"}]]}`, true},
	{"NestedArrayOfValues", `{"v": ["x"]}`, `{"v": [["a"], ["x"]]}`, true},
	{"ArrayObjectsAreNotLeaves", `{"v": [{"exists": false}]}`, `{"v": [{"a": 1}]}`, true},

	// $or, at the top and nested.
	{"Or", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]},
		{"namespace": ["AWS/EC2", "AWS/ES"]}]}`, `{"source": "aws.cloudwatch", "namespace": "AWS/EC2"}`, true},
	{"OrFirstBranch", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]},
		{"namespace": ["AWS/EC2", "AWS/ES"]}]}`, `{"source": "aws.cloudwatch", "metricName": "ReadLatency"}`, true},
	{"OrNeither", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]},
		{"namespace": ["AWS/EC2", "AWS/ES"]}]}`, `{"source": "aws.cloudwatch", "metricName": "Other"}`, false},
	{"OrStillAnded", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}]}`,
		`{"source": "aws.ec2", "metricName": "CPUUtilization"}`, false},
	{"OrParallel", `{"$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}],
		"detail": {"$or": [{"source": ["aws.cloudwatch"]}, {"detail-type": ["CloudWatch Alarm State Change"]}]}}`,
		`{"namespace": "AWS/EC2", "detail": {"detail-type": "CloudWatch Alarm State Change"}}`, true},
	{"OrParallelOneFails", `{"$or": [{"metricName": ["CPUUtilization"]}, {"namespace": ["AWS/EC2"]}],
		"detail": {"$or": [{"source": ["aws.cloudwatch"]}, {"detail-type": ["CloudWatch Alarm State Change"]}]}}`,
		`{"namespace": "AWS/EC2", "detail": {"detail-type": "Other"}}`, false},
	{"OrWithAnd", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]},
		{"metricType": ["MetricType"], "namespace": ["AWS/EC2"]}, {"scope": ["Service"]}]}`,
		`{"source": "aws.cloudwatch", "metricType": "MetricType", "namespace": "AWS/EC2"}`, true},
	{"OrWithAndHalf", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]},
		{"metricType": ["MetricType"], "namespace": ["AWS/EC2"]}, {"scope": ["Service"]}]}`,
		`{"source": "aws.cloudwatch", "metricType": "MetricType"}`, false},
	{"OrNested", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]},
		{"metricType": ["MetricType"], "$or": [{"metricId": [1234]}, {"spaceId": [1000]}]}]}`,
		`{"source": "aws.cloudwatch", "metricType": "MetricType", "spaceId": 1000}`, true},
	{"OrNestedMiss", `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]},
		{"metricType": ["MetricType"], "$or": [{"metricId": [1234]}, {"spaceId": [1000]}]}]}`,
		`{"source": "aws.cloudwatch", "metricType": "MetricType", "spaceId": 1001}`, false},
	{"OrInsideDetail", `{"detail": {"$or": [{"c-count": [{"numeric": [">", 0, "<=", 5]}]},
		{"d-count": [{"numeric": ["<", 10]}]}, {"x-limit": [{"numeric": ["=", 3.018e2]}]}]}}`, ec2Event, true},
	{"OrMultipleFields", `{"$or": [{"Location": ["New York"]}, {"Day": ["Monday"]}]}`, `{"Location": "Boston", "Day": "Monday"}`, true},
	{"OrAsFieldName", `{"source": ["aws.cloudwatch"], "$or": {"metricType": ["MetricType"], "namespace": ["AWS/EC2"]}}`,
		`{"source": "aws.cloudwatch", "$or": {"metricType": "MetricType", "namespace": "AWS/EC2"}}`, true},
	{"OrAsFieldNameValue", `{"$or": ["a", "b"]}`, `{"$or": "b"}`, true},
	{"OrLaterWriteWins", `{"a": ["1"], "$or": [{"a": ["2"]}, {"b": ["3"]}]}`, `{"a": "2"}`, true},
	{"OrLaterWriteWinsNotEarlier", `{"a": ["1"], "$or": [{"a": ["2"]}, {"b": ["3"]}]}`, `{"a": "1"}`, false},

	// The complex example of the content filtering page.
	{"Complex", `{"time": [{"prefix": "2017-10-02"}], "detail": {"state": [{"anything-but": "initializing"}],
		"c-count": [{"numeric": [">", 0, "<=", 5]}], "d-count": [{"numeric": ["<", 10]}],
		"x-limit": [{"anything-but": [100, 200, 300]}], "source-ip": [{"cidr": "10.0.0.0/8"}]}}`, ec2Event, true},
	{"ComplexOneFails", `{"time": [{"prefix": "2017-10-02"}], "detail": {"state": [{"anything-but": "running"}],
		"c-count": [{"numeric": [">", 0, "<=", 5]}]}}`, ec2Event, false},

	// Duplicate keys: the later leaf wins, objects merge.
	{"DuplicateLeaf", `{"a": ["1"], "a": ["2"]}`, `{"a": "2"}`, true},
	{"DuplicateLeafEarlier", `{"a": ["1"], "a": ["2"]}`, `{"a": "1"}`, false},
	{"DuplicateObjectsMerge", `{"d": {"x": ["1"]}, "d": {"y": ["2"]}}`, `{"d": {"x": "0", "y": "2"}}`, false},
	{"DuplicateObjectsBoth", `{"d": {"x": ["1"]}, "d": {"y": ["2"]}}`, `{"d": {"x": "1", "y": "2"}}`, true},

	// Not an object.
	{"EventIsArray", `{"a": [{"exists": false}]}`, `[]`, false},
	{"EventIsInvalid", `{"a": [{"exists": false}]}`, `{"a": }`, false},
}

// Cases from Lambda's event filtering page: filters over the records of
// event source mappings.
var lambdaCases = []matchCase{
	{"SQSBody", `{"body": {"RequestCode": ["BBBB"]}}`, `{"messageId": "1", "body": {"RequestCode": "BBBB", "Type": "X"}}`, true},
	{"SQSBodyOther", `{"body": {"RequestCode": ["BBBB"]}}`, `{"messageId": "1", "body": {"RequestCode": "AAAA"}}`, false},
	{"SQSBodyPlainText", `{"body": ["plain text"]}`, `{"body": "plain text"}`, true},
	{"SQSAttributes", `{"attributes": {"SenderId": [{"prefix": "AIDA"}]}}`, `{"attributes": {"SenderId": "AIDAIENQZJOLO23YVJ4VO"}}`, true},
	{"Null", `{"UserID": [null]}`, `{"UserID": null}`, true},
	{"Empty", `{"LastName": [""]}`, `{"LastName": ""}`, true},
	{"Equals", `{"Name": ["Alice"]}`, `{"Name": "Alice"}`, true},
	{"And", `{"Location": ["New York"], "Day": ["Monday"]}`, `{"Location": "New York", "Day": "Tuesday"}`, false},
	{"Or", `{"PaymentType": ["Credit", "Debit"]}`, `{"PaymentType": "Debit"}`, true},
	{"Not", `{"Weather": [{"anything-but": ["Raining"]}]}`, `{"Weather": "Sunny"}`, true},
	{"NotRaining", `{"Weather": [{"anything-but": ["Raining"]}]}`, `{"Weather": "Raining"}`, false},
	{"NumericEquals", `{"Price": [{"numeric": ["=", 100]}]}`, `{"Price": 100}`, true},
	{"NumericRange", `{"Price": [{"numeric": [">", 10, "<=", 20]}]}`, `{"Price": 20}`, true},
	{"NumericRangeBottom", `{"Price": [{"numeric": [">", 10, "<=", 20]}]}`, `{"Price": 10}`, false},
	{"Exists", `{"ProductName": [{"exists": true}]}`, `{"ProductName": "Widget"}`, true},
	{"DoesNotExist", `{"ProductName": [{"exists": false}]}`, `{"ProductName": "Widget"}`, false},
	{"BeginsWith", `{"Region": [{"prefix": "us-"}]}`, `{"Region": "us-east-1"}`, true},
	{"EndsWith", `{"FileName": [{"suffix": ".png"}]}`, `{"FileName": "x.gif"}`, false},
	{"Kinesis", `{"data": {"temperature": [{"numeric": [">=", 50]}], "location": [{"prefix": "New "}]}}`,
		`{"kinesis": {"partitionKey": "1"}, "data": {"temperature": 75, "location": "New York"}}`, true},
	{"DynamoDB", `{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"Status": {"S": ["active"]}}}}`,
		`{"eventName": "INSERT", "dynamodb": {"Keys": {"Id": {"N": "1"}}, "NewImage": {"Status": {"S": "active"}}}}`, true},
	{"DynamoDBModify", `{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"Status": {"S": ["active"]}}}}`,
		`{"eventName": "MODIFY", "dynamodb": {"NewImage": {"Status": {"S": "active"}}}}`, false},
}

func TestEventBridge(t *testing.T) { runCases(t, eventBridgeCases) }

func TestLambda(t *testing.T) { runCases(t, lambdaCases) }

func runCases(t *testing.T, cases []matchCase, opts ...Option) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Compile([]byte(c.pattern), opts...)
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if got := p.Match([]byte(c.event)); got != c.want {
				t.Errorf("Match = %v, want %v", got, c.want)
			}
			for _, v := range decodings(c.event) {
				if got := p.MatchValue(v); got != c.want {
					t.Errorf("MatchValue(%T numbers) = %v, want %v", v, got, c.want)
				}
			}
		})
	}
}

// decodings are the event decoded with numbers as json.Number and as
// float64, or nothing if it is not valid JSON.
func decodings(event string) []any {
	var plain, exact any
	if json.Unmarshal([]byte(event), &plain) != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(event)))
	dec.UseNumber()
	if dec.Decode(&exact) != nil {
		return nil
	}
	return []any{plain, exact}
}

// TestConcurrentMatch matches one pattern from many goroutines at once, as
// a poller or an event bus does; run it with -race.
func TestConcurrentMatch(t *testing.T) {
	p, err := Compile([]byte(benchPattern))
	if err != nil {
		t.Fatal(err)
	}
	events := [][]byte{[]byte(benchEvent), []byte(ec2Event), []byte(`{"source": "aws.s3"}`)}
	done := make(chan bool)
	for g := range 8 {
		go func() {
			ok := true
			for i := range 200 {
				ev := events[(g+i)%len(events)]
				if p.Match(ev) != (&ev[0] == &events[0][0]) {
					ok = false
				}
			}
			done <- ok
		}()
	}
	for range 8 {
		if !<-done {
			t.Error("a concurrent Match gave a wrong answer")
		}
	}
}
