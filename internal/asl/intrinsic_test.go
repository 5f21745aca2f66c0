package asl

import (
	"regexp"
	"testing"
)

// The input of the AWS developer guide's intrinsic function examples.
const intrinsicInput = `{
  "name": "Arnav", "template": "Hello, my name is {}.",
  "escapedJsonString": "{\"foo\": \"bar\"}", "unescapedJson": {"foo": "bar"},
  "someJson": {"random": "abcdefg"},
  "inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5, "index": 5,
  "dupes": [1, 2, 3, 3, 3, 3, 3, 3, 4],
  "input": "Data to encode", "base64": "RGF0YSB0byBlbmNvZGU=",
  "Data": "input data", "Algorithm": "SHA-1",
  "json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3},
  "value1": 111, "step": -1,
  "inputString": "This.is+a,test=string", "splitter": ".+,="
}`

func TestIntrinsic(t *testing.T) {
	for _, tc := range []struct{ name, expr, want string }{
		{"Format", `States.Format('Hello, my name is {}.', $.name)`, `"Hello, my name is Arnav."`},
		{"FormatTemplatePath", `States.Format($.template, $.name)`, `"Hello, my name is Arnav."`},
		{"FormatEscapes", `States.Format('It\'s \{{}\} \\ {}', 1, true)`, `"It's {1} \\ true"`},
		{"FormatValues", `States.Format('{} {} {}', null, $.someJson, States.Array(1, 'a'))`, `"null {random=abcdefg} [1, a]"`},
		{"StringToJson", `States.StringToJson($.escapedJsonString)`, `{"foo": "bar"}`},
		{"JsonToString", `States.JsonToString($.unescapedJson)`, `"{\"foo\":\"bar\"}"`},
		{"Array", `States.Array('Foo', 2020, $.someJson, null)`, `["Foo", 2020, {"random": "abcdefg"}, null]`},
		{"ArrayEmpty", `States.Array()`, `[]`},
		{"ArrayPartition", `States.ArrayPartition($.inputArray,4)`, `[[1,2,3,4],[5,6,7,8],[9]]`},
		{"ArrayContains", `States.ArrayContains($.inputArray, $.lookingFor)`, `true`},
		{"ArrayContainsNot", `States.ArrayContains($.inputArray, 'x')`, `false`},
		{"ArrayRange", `States.ArrayRange(1, 9, 2)`, `[1,3,5,7,9]`},
		{"ArrayRangeDown", `States.ArrayRange(3, 1, -1)`, `[3,2,1]`},
		{"ArrayGetItem", `States.ArrayGetItem($.inputArray, $.index)`, `6`},
		{"ArrayLength", `States.ArrayLength($.inputArray)`, `9`},
		{"ArrayUnique", `States.ArrayUnique($.dupes)`, `[1,2,3,4]`},
		{"Base64Encode", `States.Base64Encode($.input)`, `"RGF0YSB0byBlbmNvZGU="`},
		{"Base64Decode", `States.Base64Decode($.base64)`, `"Data to encode"`},
		{"Hash", `States.Hash($.Data, $.Algorithm)`, `"aaff4a450a104cd177d28d18d74485e8cae074b7"`},
		{"HashSHA256", `States.Hash('input data', 'SHA-256')`, `"b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"`},
		{"JsonMerge", `States.JsonMerge($.json1, $.json2, false)`, `{"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3}`},
		{"MathAdd", `States.MathAdd($.value1, $.step)`, `110`},
		{"MathAddRounds", `States.MathAdd(1.6, 1)`, `3`},
		{"StringSplit", `States.StringSplit($.inputString, $.splitter)`, `["This","is","a","test","string"]`},
		{"StringSplitComma", `States.StringSplit('1,2,3,4,5', ',')`, `["1","2","3","4","5"]`},
		{"Nested", `States.Format('{} of {}', States.ArrayGetItem($.inputArray, 0), States.ArrayLength($.inputArray))`, `"1 of 9"`},
		{"Context", `States.Format('{}', $$.Execution.Name)`, `"run-1"`},
		{"Variable", `States.MathAdd($count, 1)`, `42`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Intrinsic(tc.expr, decode(t, intrinsicInput), decode(t, `{"Execution": {"Name": "run-1"}}`), obj(t, `{"count": 41}`))
			if err != nil {
				t.Fatal(err)
			}
			same(t, got, tc.want)
		})
	}
}

func TestIntrinsicRandom(t *testing.T) {
	uuidForm := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	u, err := Intrinsic(`States.UUID()`, nil, nil, nil)
	if err != nil || !uuidForm.MatchString(u.(string)) {
		t.Errorf("States.UUID() = %v, %v", u, err)
	}
	a, _ := Intrinsic(`States.MathRandom(1, 999, 42)`, nil, nil, nil)
	b, _ := Intrinsic(`States.MathRandom(1, 999, 42)`, nil, nil, nil)
	if a != b {
		t.Errorf("seeded States.MathRandom gave %v, then %v", a, b)
	}
	for range 100 {
		r, err := Intrinsic(`States.MathRandom(1, 3)`, nil, nil, nil)
		if err != nil || (compact(r) != "1" && compact(r) != "2") {
			t.Fatalf("States.MathRandom(1, 3) = %v, %v", r, err)
		}
	}
}

func TestJavaRandom(t *testing.T) {
	// java.util.Random(42).nextDouble(), as Step Functions' $random(42) returns it.
	if got := newJavaRandom(42).float(); got != 0.7275636800328681 {
		t.Errorf("nextDouble = %v", got)
	}
	// new Random(42).nextInt(10) is 0; nextInt(998) after it…
	if got := newJavaRandom(42).intn(10); got != 0 {
		t.Errorf("nextInt(10) = %d", got)
	}
}

func TestIntrinsicErrors(t *testing.T) {
	input := decode(t, intrinsicInput)
	for _, tc := range []struct{ name, expr, cause string }{
		{"Unknown", `States.Nope(1)`, `Invalid intrinsic function call 'States.Nope(1)': unknown function 'States.Nope'`},
		{"Arity", `States.ArrayLength()`, `Invalid number of arguments in States.ArrayLength: expected 1, got 0`},
		{"Unterminated", `States.Format('abc`, `Invalid intrinsic function call 'States.Format('abc': unterminated string at position 18`},
		{"FormatCount", `States.Format('{} {}', 1)`, `The number of arguments of States.Format (1) does not match the placeholders in '{} {}'`},
		{"NotArray", `States.ArrayLength($.name)`, `The first argument of States.ArrayLength must be an array, got "Arnav"`},
		{"OutOfBounds", `States.ArrayGetItem($.inputArray, 9)`, `The index 9 in States.ArrayGetItem is out of bounds for an array of 9 items`},
		{"BadJson", `States.StringToJson('{x')`, `The argument of States.StringToJson is not valid JSON: '{x'`},
		{"BadAlgorithm", `States.Hash('x', 'SHA-3')`, `The hash algorithm of States.Hash must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, got "SHA-3"`},
		{"DeepMerge", `States.JsonMerge($.json1, $.json2, true)`, `States.JsonMerge supports only a shallow merge: its third argument must be false`},
		{"RangeTooLong", `States.ArrayRange(1, 2000, 1)`, `States.ArrayRange cannot produce more than 1000 items`},
		{"ZeroStep", `States.ArrayRange(1, 2, 0)`, `The step in States.ArrayRange must not be 0`},
		{"Partition", `States.ArrayPartition($.inputArray, 0)`, `The chunk size in States.ArrayPartition must be a positive integer, got 0`},
		{"MathLimit", `States.MathAdd(1000001, 1)`, `The arguments of States.MathAdd must be between -1000000 and 1000000`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Intrinsic(tc.expr, input, nil, nil)
			failsWith(t, err, ErrIntrinsic, tc.cause)
		})
	}
}
