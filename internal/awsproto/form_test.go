package awsproto

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

type scalars struct {
	S   string
	B   bool
	I   int
	I8  int8
	I16 int16
	I32 int32
	I64 int64
	U   uint
	U8  uint8
	U16 uint16
	U32 uint32
	U64 uint64
	F32 float32
	F64 float64
	T   time.Time
	Raw []byte
}

type pointers struct {
	S   *string
	B   *bool
	I   *int
	U   *uint32
	F   *float64
	T   *time.Time
	Raw *[]byte
	Tag *tagPair
}

type named string

type tagged struct {
	Renamed   string `query:"Other"`
	Skipped   string `query:"-"`
	unseen    string
	Kind      named
	Options   string `query:","`
	Untouched string
}

type nested struct {
	Inner struct {
		Deep struct{ Value int }
		Name string
	}
	Outer string
}

type lists struct {
	Names     []string
	Flat      []string `query:",flattened"`
	Items     []string `query:",member=item"`
	Entries   []string `query:",flattened,member=Entry"`
	Tags      []tagPair
	TagPtrs   []*tagPair
	Grid      [][]int
	Stamps    []time.Time
	Blobs     [][]byte
	NameOrder []string `query:"Name"`
}

type maps struct {
	Plain   map[string]string
	Flat    map[string]string `query:",flattened"`
	Renamed map[string]int    `query:",key=Name,value=Value"`
	Attrs   map[string]snsAttributeValue
	Ptrs    map[string]*tagPair
	Ints    map[int]bool
}

// tree is recursive: only the request's keys bound how deep it goes.
type tree struct {
	Name     string
	Children []tree
	Next     *tree
}

func decodeBody(t *testing.T, body string, v any) error {
	t.Helper()
	values, err := url.ParseQuery(body)
	if err != nil {
		t.Fatal(err)
	}
	return DecodeForm(values, v)
}

func TestDecodeForm(t *testing.T) {
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name       string
		body       string
		got, want  any
		ignoreSame bool
	}{{
		name: "Scalars",
		body: "Action=Test&Version=2020-01-01&S=hello+world&B=true&I=-42&I8=-128&I16=32767&I32=-5&I64=9223372036854775807" +
			"&U=7&U8=255&U16=65535&U32=4294967295&U64=18446744073709551615&F32=1.5&F64=-2.25e10" +
			"&T=2024-01-02T03:04:05.123456Z&Raw=aGVsbG8%3D",
		got: &scalars{},
		want: &scalars{
			S: "hello world", B: true, I: -42, I8: -128, I16: 32767, I32: -5, I64: math.MaxInt64,
			U: 7, U8: 255, U16: 65535, U32: math.MaxUint32, U64: math.MaxUint64, F32: 1.5, F64: -2.25e10,
			T: utc("2024-01-02T03:04:05.123456Z"), Raw: []byte("hello"),
		},
	}, {
		name: "BoolsIgnoreCase",
		body: "B=FALSE",
		got:  &scalars{B: true},
		want: &scalars{B: false},
	}, {
		name: "FloatSpecials",
		body: "F32=-Infinity&F64=Infinity",
		got:  &scalars{},
		want: &scalars{F32: float32(math.Inf(-1)), F64: math.Inf(1)},
	}, {
		name: "EmptyStringAndBlob",
		body: "S=&Raw=",
		got:  &scalars{S: "before"},
		want: &scalars{Raw: []byte{}},
	}, {
		name: "TimeWithOffset",
		body: "T=2024-01-02T03:04:05%2B02:00",
		got:  &scalars{},
		want: &scalars{T: utc("2024-01-02T01:04:05Z")},
	}, {
		name: "TimeWithoutZoneIsUTC",
		body: "T=2024-01-02T03:04:05",
		got:  &scalars{},
		want: &scalars{T: utc("2024-01-02T03:04:05Z")},
	}, {
		name: "TimeRFC822",
		body: "T=Tue, 02 Jan 2024 03:04:05 GMT",
		got:  &scalars{},
		want: &scalars{T: utc("2024-01-02T03:04:05Z")},
	}, {
		name: "TimeEpochSeconds",
		body: "T=1704164645",
		got:  &scalars{},
		want: &scalars{T: utc("2024-01-02T03:04:05Z")},
	}, {
		name: "TimeEpochFraction",
		body: "T=1704164645.25",
		got:  &scalars{},
		want: &scalars{T: utc("2024-01-02T03:04:05.25Z")},
	}, {
		name: "TimeNegativeEpoch",
		body: "T=-1.5",
		got:  &scalars{},
		want: &scalars{T: utc("1969-12-31T23:59:58.5Z")},
	}, {
		name: "PointersAbsent",
		body: "Action=Test",
		got:  &pointers{},
		want: &pointers{},
	}, {
		name: "PointersToEmptyAndZero",
		body: "S=&B=false&I=0&U=0&F=0&T=0&Raw=&Tag.Key=k",
		got:  &pointers{},
		want: &pointers{S: ptr(""), B: ptr(false), I: ptr(0), U: ptr[uint32](0), F: ptr(0.0), T: ptr(time.Unix(0, 0).UTC()), Raw: ptr([]byte{}), Tag: &tagPair{Key: "k"}},
	}, {
		name: "PointerScalarNeedsItsOwnValue",
		body: "S.x=1&I.member.1=2",
		got:  &pointers{},
		want: &pointers{},
	}, {
		name: "FirstOfRepeatedValues",
		body: "S=first&S=second",
		got:  &scalars{},
		want: &scalars{S: "first"},
	}, {
		name: "Tags",
		body: "Other=renamed&Renamed=ignored&Skipped=no&unseen=no&Kind=typed&Options=flat",
		got:  &tagged{Untouched: "kept"},
		want: &tagged{Renamed: "renamed", Kind: "typed", Options: "flat", Untouched: "kept"},
	}, {
		name: "NestedStructures",
		body: "Inner.Deep.Value=7&Inner.Name=n&Outer=o&Inner.Unknown=x",
		got:  &nested{},
		want: func() *nested { n := &nested{Outer: "o"}; n.Inner.Deep.Value = 7; n.Inner.Name = "n"; return n }(),
	}, {
		name: "Lists",
		body: "Names.member.1=a&Names.member.2=b&Flat.1=c&Items.item.1=d&Items.member.1=ignored&Entry.1=e&Entry.2=f" +
			"&Tags.member.1.Key=k1&Tags.member.1.Value=v1&Tags.member.2.Key=k2" +
			"&TagPtrs.member.1.Key=p&Grid.member.1.member.1=1&Grid.member.1.member.2=2&Grid.member.2=" +
			"&Stamps.member.1=0&Blobs.member.1=eA%3D%3D",
		got: &lists{},
		want: &lists{
			Names: []string{"a", "b"}, Flat: []string{"c"}, Items: []string{"d"}, Entries: []string{"e", "f"},
			Tags:    []tagPair{{"k1", "v1"}, {Key: "k2"}},
			TagPtrs: []*tagPair{{Key: "p"}},
			Grid:    [][]int{{1, 2}, {}},
			Stamps:  []time.Time{time.Unix(0, 0).UTC()},
			Blobs:   [][]byte{[]byte("x")},
		},
	}, {
		name: "ListsAreReadInNumericOrder",
		body: listBody("Names.member", 12),
		got:  &lists{},
		want: &lists{Names: []string{"v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12"}},
	}, {
		name: "ListStopsAtFirstGap",
		body: "Names.member.1=a&Names.member.2=b&Names.member.4=d&Flat.2=x",
		got:  &lists{},
		want: &lists{Names: []string{"a", "b"}},
	}, {
		name: "EmptyListsAreNotNil",
		body: "Names=&Flat=&Items=&Entries=&Tags=&Grid=",
		got:  &lists{},
		want: &lists{Names: []string{}, Flat: []string{}, Items: []string{}, Entries: []string{}, Tags: []tagPair{}, Grid: [][]int{}},
	}, {
		name: "FlattenedListElementsBeforeAndAfterItsBareName",
		body: "Entries=&Entry.1=e",
		got:  &lists{},
		want: &lists{Entries: []string{"e"}},
	}, {
		name: "KeysThatSortBetweenAMemberAndItsChildren",
		body: "Name-x=1&Name.member.1=a&Name%2Bx=2&Name=&Name.member.2=b&Name0=3",
		got:  &lists{},
		want: &lists{NameOrder: []string{"a", "b"}},
	}, {
		name: "Maps",
		body: "Plain.entry.1.key=a&Plain.entry.1.value=1&Plain.entry.2.key=b&Plain.entry.2.value=2" +
			"&Flat.1.key=c&Flat.1.value=3&Renamed.entry.1.Name=n&Renamed.entry.1.Value=4" +
			"&Attrs.entry.1.key=s&Attrs.entry.1.value.DataType=String&Attrs.entry.1.value.StringValue=x" +
			"&Ptrs.entry.1.key=p&Ptrs.entry.1.value.Key=pk&Ptrs.entry.2.key=q" +
			"&Ints.entry.1.key=-3&Ints.entry.1.value=true",
		got: &maps{},
		want: &maps{
			Plain:   map[string]string{"a": "1", "b": "2"},
			Flat:    map[string]string{"c": "3"},
			Renamed: map[string]int{"n": 4},
			Attrs:   map[string]snsAttributeValue{"s": {DataType: "String", StringValue: ptr("x")}},
			Ptrs:    map[string]*tagPair{"p": {Key: "pk"}, "q": nil},
			Ints:    map[int]bool{-3: true},
		},
	}, {
		name: "MapValueMissingIsZero",
		body: "Plain.entry.1.key=a&Plain.entry.2.key=b&Plain.entry.2.value=2",
		got:  &maps{},
		want: &maps{Plain: map[string]string{"a": "", "b": "2"}},
	}, {
		name: "MapsAbsentStayNil",
		body: "Plain=&Renamed.entry=&Flat=",
		got:  &maps{},
		want: &maps{},
	}, {
		name: "RecursiveTypes",
		body: "Name=root&Children.member.1.Name=a&Children.member.1.Children.member.1.Name=b&Next.Name=n&Next.Next.Name=m",
		got:  &tree{},
		want: &tree{Name: "root", Children: []tree{{Name: "a", Children: []tree{{Name: "b"}}}}, Next: &tree{Name: "n", Next: &tree{Name: "m"}}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := decodeBody(t, tt.body, tt.got); err != nil {
				t.Fatalf("DecodeForm: %v", err)
			}
			if diff := cmp.Diff(tt.want, tt.got, cmpopts.IgnoreUnexported(tagged{}), cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("decoded (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeFormNaN(t *testing.T) {
	var got scalars
	if err := decodeBody(t, "F64=NaN", &got); err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(got.F64) {
		t.Errorf("F64 = %v, want NaN", got.F64)
	}
}

// listBody is name.1=v1 … name.n=vn.
func listBody(name string, n int) string {
	var b strings.Builder
	for i := n; i >= 1; i-- {
		fmt.Fprintf(&b, "&%s.%d=v%d", name, i, i)
	}
	return b.String()[1:]
}

func TestDecodeFormErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
		v    any
		want FormError
	}{
		{"NotANumber", "I=x", &scalars{}, FormError{"I", "x", "Member must be a number"}},
		{"EmptyNumber", "I=", &scalars{}, FormError{"I", "", "Member must be a number"}},
		{"Overflow", "I8=128", &scalars{}, FormError{"I8", "128", "Member must be a number between -128 and 127"}},
		{"NegativeUnsigned", "U16=-1", &scalars{}, FormError{"U16", "-1", "Member must be a number"}},
		{"UnsignedOverflow", "U16=65536", &scalars{}, FormError{"U16", "65536", "Member must be a number between 0 and 65535"}},
		{"NotAFloat", "F64=1,5", &scalars{}, FormError{"F64", "1,5", "Member must be a number"}},
		{"NotABoolean", "B=yes", &scalars{}, FormError{"B", "yes", "Member must be a boolean"}},
		{"NotATimestamp", "T=yesterday", &scalars{}, FormError{"T", "yesterday", "Member must be a timestamp"}},
		{"TimestampFractionTooLong", "T=1.1234567890", &scalars{}, FormError{"T", "1.1234567890", "Member must be a timestamp"}},
		{"NotBase64", "Raw=%21%21", &scalars{}, FormError{"Raw", "!!", "Member must be base64-encoded"}},
		{"PointerNotANumber", "I=1.5", &pointers{}, FormError{"I", "1.5", "Member must be a number"}},
		{"NestedPath", "Inner.Deep.Value=seven", &nested{}, FormError{"Inner.Deep.Value", "seven", "Member must be a number"}},
		{"ListElement", "Grid.member.1.member.2=x&Grid.member.1.member.1=1", &lists{}, FormError{"Grid.member.1.member.2", "x", "Member must be a number"}},
		{"IndexZero", "Names.member.0=a", &lists{}, FormError{"Names.member", "0", "Member index must be a whole number from 1"}},
		{"IndexNotNumeric", "Tags.member.first.Key=a", &lists{}, FormError{"Tags.member", "first", "Member index must be a whole number from 1"}},
		{"IndexLeadingZero", "Flat.01=a", &lists{}, FormError{"Flat", "01", "Member index must be a whole number from 1"}},
		{"IndexNegative", "Entry.-1=a", &lists{}, FormError{"Entry", "-1", "Member index must be a whole number from 1"}},
		{"IndexEmpty", "Names.member.=a", &lists{}, FormError{"Names.member", "", "Member index must be a whole number from 1"}},
		{"IndexTooLarge", "Names.member.1=a&Names.member.10001=b", &lists{}, FormError{"Names.member", "10001", "Member must have length less than or equal to 10000"}},
		{"IndexHuge", "Names.member.99999999999999999999999=b", &lists{}, FormError{"Names.member", "99999999999999999999999", "Member must have length less than or equal to 10000"}},
		{"MapIndexZero", "Plain.entry.0.key=a", &maps{}, FormError{"Plain.entry", "0", "Member index must be a whole number from 1"}},
		{"MapKeyMissing", "Plain.entry.1.value=a", &maps{}, FormError{"Plain.entry.1.key", "", "Member must not be null"}},
		{"MapKeyNotANumber", "Ints.entry.1.key=a", &maps{}, FormError{"Ints.entry.1.key", "a", "Member must be a number"}},
		{"MapValueNotANumber", "Renamed.entry.1.Name=a&Renamed.entry.1.Value=b", &maps{}, FormError{"Renamed.entry.1.Value", "b", "Member must be a number"}},
		{"TooDeep", strings.Repeat("Next.", maxDepth+1) + "Name=x", &tree{}, FormError{Member: strings.Repeat("Next.", maxDepth) + "Next", Message: "Member must not nest more than 32 levels deep"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := decodeBody(t, tt.body, tt.v)
			var fe *FormError
			if !errors.As(err, &fe) {
				t.Fatalf("DecodeForm error = %v, want a *FormError", err)
			}
			if diff := cmp.Diff(tt.want, *fe); diff != "" {
				t.Errorf("FormError (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeFormLimits(t *testing.T) {
	t.Run("MostEntries", func(t *testing.T) {
		values := url.Values{}
		for i := range maxEntries {
			values.Set(fmt.Sprintf("Flat.%d", i+1), "v")
		}
		var got lists
		if err := DecodeForm(values, &got); err != nil {
			t.Fatalf("DecodeForm: %v", err)
		}
		if len(got.Flat) != maxEntries {
			t.Errorf("decoded %d entries, want %d", len(got.Flat), maxEntries)
		}
	})
	t.Run("DeepestNesting", func(t *testing.T) {
		var got tree
		if err := decodeBody(t, strings.Repeat("Next.", maxDepth)+"Name=x", &got); err != nil {
			t.Fatalf("DecodeForm: %v", err)
		}
	})
	t.Run("ThroughLists", func(t *testing.T) {
		var got tree
		err := decodeBody(t, strings.Repeat("Children.member.1.", maxDepth)+"Name=x", &got)
		var fe *FormError
		if !errors.As(err, &fe) {
			t.Fatalf("DecodeForm error = %v, want a *FormError", err)
		}
	})
}

func TestFormErrorMessage(t *testing.T) {
	err := &FormError{Member: "MaxItems", Value: "x", Message: "Member must be a number"}
	want := "Value 'x' at 'MaxItems' failed to satisfy constraint: Member must be a number"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestDecodeFormBadTargets(t *testing.T) {
	var nilPtr *scalars
	type withChan struct{ C chan int }
	type withFunc struct{ F []func() }
	type badOption struct {
		S string `query:",sorted"`
	}
	type optionOnScalar struct {
		S string `query:",flattened"`
	}
	type memberOnMap struct {
		M map[string]string `query:",member=x"`
	}
	type keyOnList struct {
		L []string `query:",key=x"`
	}
	type sameName struct {
		A string `query:"X"`
		B string `query:"X"`
	}
	type structKey struct{ M map[tagPair]string }
	type ptrToList struct{ L *[]string }
	type optionOnStruct struct {
		T tagPair `query:",flattened"`
	}
	tests := []struct {
		name string
		v    any
	}{
		{"NotAPointer", scalars{}},
		{"NilPointer", nilPtr},
		{"Nil", nil},
		{"PointerToNonStruct", new(string)},
		{"Channel", &withChan{}},
		{"ListOfFuncs", &withFunc{}},
		{"UnknownOption", &badOption{}},
		{"ListOptionOnScalar", &optionOnScalar{}},
		{"MemberOnMap", &memberOnMap{}},
		{"KeyOnList", &keyOnList{}},
		{"NameUsedTwice", &sameName{}},
		{"StructMapKey", &structKey{}},
		{"PointerToList", &ptrToList{}},
		{"ListOptionOnStruct", &optionOnStruct{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := DecodeForm(url.Values{"X": {"1"}}, tt.v)
			if err == nil {
				t.Fatal("DecodeForm succeeded, want an error")
			}
			var fe *FormError
			if errors.As(err, &fe) {
				t.Errorf("DecodeForm error = %v, want a plain error, not a *FormError", err)
			}
		})
	}
}

// TestDecodeFormConcurrent decodes many types at once, each for the first
// time, so that the plan cache is filled concurrently.
func TestDecodeFormConcurrent(t *testing.T) {
	type fresh struct {
		Tags []tagPair
		Next *tree
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				var a fresh
				if err := DecodeForm(url.Values{"Tags.member.1.Key": {"k"}, "Next.Name": {"n"}}, &a); err != nil {
					t.Error(err)
					return
				}
				if len(a.Tags) != 1 || a.Next == nil || a.Next.Name != "n" {
					t.Errorf("decoded %+v", a)
					return
				}
			}
		})
	}
	wg.Wait()
}
