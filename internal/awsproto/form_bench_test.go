package awsproto

import (
	"fmt"
	"net/url"
	"testing"
)

func BenchmarkDecodeForm(b *testing.B) {
	bodies := readFixtures(b)
	benchmarks := []struct {
		fixture   string
		newTarget func() any
	}{
		{"IAMListRoles", func() any { return new(iamListRoles) }},
		{"IAMCreateRole", func() any { return new(iamCreateRole) }},
		{"SNSPublish", func() any { return new(snsPublish) }},
		{"SQSSendMessageBatch", func() any { return new(sqsSendMessageBatch) }},
		{"STSAssumeRole", func() any { return new(stsAssumeRole) }},
	}
	for _, bm := range benchmarks {
		b.Run(bm.fixture, func(b *testing.B) {
			values, err := url.ParseQuery(bodies[bm.fixture])
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := DecodeForm(values, bm.newTarget()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("TagRoleFiftyTags", func(b *testing.B) {
		values := url.Values{"Action": {"TagRole"}, "Version": {"2010-05-08"}, "RoleName": {"r"}}
		for i := range 50 {
			values.Set(fmt.Sprintf("Tags.member.%d.Key", i+1), fmt.Sprintf("key-%d", i))
			values.Set(fmt.Sprintf("Tags.member.%d.Value", i+1), fmt.Sprintf("value-%d", i))
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := DecodeForm(values, new(iamTagRole)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
