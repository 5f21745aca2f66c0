package esm

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestItemFailures(t *testing.T) {
	batch := map[string]bool{"a": true, "b": true}
	tests := []struct {
		name    string
		payload string
		failed  map[string]bool
		ok      bool
	}{
		{"Empty", ``, nil, true},
		{"Null", `null`, map[string]bool{}, true},
		{"NoMember", `{}`, map[string]bool{}, true},
		{"NullList", `{"batchItemFailures": null}`, map[string]bool{}, true},
		{"EmptyList", `{"batchItemFailures": []}`, map[string]bool{}, true},
		{"NotAnObject", `"done"`, nil, true},
		{"Some", `{"batchItemFailures": [{"itemIdentifier": "b"}]}`, map[string]bool{"b": true}, true},
		{"All", `{"batchItemFailures": [{"itemIdentifier": "a"}, {"itemIdentifier": "b"}]}`, map[string]bool{"a": true, "b": true}, true},
		{"InvalidJSON", `{"batchItemFailures": [`, nil, false},
		{"EmptyIdentifier", `{"batchItemFailures": [{"itemIdentifier": ""}]}`, nil, false},
		{"NullIdentifier", `{"batchItemFailures": [{"itemIdentifier": null}]}`, nil, false},
		{"BadKey", `{"batchItemFailures": [{"itemId": "a"}]}`, nil, false},
		{"UnknownIdentifier", `{"batchItemFailures": [{"itemIdentifier": "c"}]}`, nil, false},
		{"NumberIdentifier", `{"batchItemFailures": [{"itemIdentifier": 1}]}`, nil, false},
		{"ListNotAList", `{"batchItemFailures": "a"}`, nil, false},
		{"NullItem", `{"batchItemFailures": [null]}`, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			failed, ok := itemFailures([]byte(tt.payload), batch)
			if ok != tt.ok || !cmp.Equal(failed, tt.failed) {
				t.Fatalf("itemFailures(%s) = %v, %v; want %v, %v", tt.payload, failed, ok, tt.failed, tt.ok)
			}
		})
	}
}
