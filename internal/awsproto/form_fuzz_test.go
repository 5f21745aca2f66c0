package awsproto

import (
	"errors"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzDecodeForm decodes arbitrary form bodies into every shape the tests
// declare: it must never panic, fail only with a *FormError, and decode the
// same body the same way twice.
func FuzzDecodeForm(f *testing.F) {
	for _, body := range readFixtures(f) {
		f.Add(body)
	}
	for _, body := range []string{
		"Names.member.1=a&Names.member.2=b&Flat.1=c&Entry.1=e&Entries=&Tags.member.1.Key=k&Grid.member.1.member.1=1",
		"Plain.entry.1.key=a&Plain.entry.1.value=1&Flat.1.key=c&Attrs.entry.1.value.DataType=String&Attrs.entry.1.key=s",
		"Name=root&Children.member.1.Name=a&Next.Next.Name=m",
		"S=x&B=true&I=-1&U64=18446744073709551615&F32=NaN&T=2024-01-02T03:04:05Z&Raw=aGk%3D&Tag.Key=k",
		"Names.member.0=a&Flat.01=b&Names.member.10001=c&Name-x=1&Name.member.1=a",
	} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		values, _ := url.ParseQuery(body)
		for _, newTarget := range fuzzTargets {
			first, second := newTarget(), newTarget()
			err := DecodeForm(values, first)
			var fe *FormError
			if err != nil && !errors.As(err, &fe) {
				t.Fatalf("DecodeForm(%q) into %T: %v, want a *FormError", body, first, err)
			}
			err2 := DecodeForm(values, second)
			if (err == nil) != (err2 == nil) {
				t.Fatalf("DecodeForm(%q) into %T: errors differ: %v then %v", body, first, err, err2)
			}
			if diff := cmp.Diff(first, second, cmpopts.EquateNaNs(), cmpopts.IgnoreUnexported(tagged{})); err == nil && diff != "" {
				t.Fatalf("DecodeForm(%q) into %T differs between runs:\n%s", body, first, diff)
			}
		}
	})
}

var fuzzTargets = []func() any{
	func() any { return new(scalars) },
	func() any { return new(pointers) },
	func() any { return new(tagged) },
	func() any { return new(nested) },
	func() any { return new(lists) },
	func() any { return new(maps) },
	func() any { return new(tree) },
	func() any { return new(sqsSendMessage) },
	func() any { return new(sqsSendMessageBatch) },
	func() any { return new(sqsReceiveMessage) },
	func() any { return new(snsPublishBatch) },
	func() any { return new(snsCreateTopic) },
	func() any { return new(stsAssumeRole) },
}
