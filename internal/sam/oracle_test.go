package sam

import (
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summary is what both expansions are compared by.
type summary struct {
	Functions map[string]summaryFunction `json:"functions"`
	Routes    []summaryRoute             `json:"routes"`
	Queues    []string                   `json:"queues"`
	Topics    []string                   `json:"topics"`
	Buckets   map[string][]summaryNotice `json:"buckets"`
}

// summaryNotice is one Lambda configuration of a bucket's notifications.
type summaryNotice struct {
	Function, Event string
	Rules           []FilterRule
}

type summaryFunction struct {
	Runtime, Handler    string
	Timeout, MemorySize int32
	Policies            []string
	Queues              []summaryQueue
	Schedules           []string
	Topics              []summaryTopic
}

type summaryTopic struct{ Topic, FilterPolicy string }

type summaryQueue struct {
	Queue     string
	BatchSize int32
}

type summaryRoute struct{ Key, Function string }

// TestExpandMatchesTranslator compares the expansion of a template with
// aws-sam-translator's, where it is installed.
func TestExpandMatchesTranslator(t *testing.T) {
	if err := exec.Command("python3", "-c", "import samtranslator").Run(); err != nil {
		t.Skip("aws-sam-translator is not installed for python3 (pip install aws-sam-translator): no oracle to compare with")
	}
	out, err := exec.Command("python3", "testdata/oracle.py", "testdata/app.yaml").Output()
	if err != nil {
		t.Fatal(err)
	}
	var want summary
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, summarize(t, expandApp(t))); diff != "" {
		t.Errorf("expansion differs from aws-sam-translator's (-translator +virga):\n%s", diff)
	}
}

func expandApp(t *testing.T) *Stack {
	data, err := os.ReadFile("testdata/app.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st, err := Expand(data, Options{Stack: "app", Region: "us-east-1", Account: "123456789012", BaseDir: "/src",
		QueueURL: func(name string) string { return "http://localhost/123456789012/" + name }})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// summarize names resources by their logical ids, as the translator does.
func summarize(t *testing.T, st *Stack) summary {
	s := summary{Functions: map[string]summaryFunction{}, Routes: []summaryRoute{}}
	logical := map[string]string{}
	for _, q := range st.Queues {
		s.Queues = append(s.Queues, q.Logical)
		logical["arn:aws:sqs:us-east-1:123456789012:"+q.Name] = q.Logical
	}
	for _, tp := range st.Topics {
		s.Topics = append(s.Topics, tp.Logical)
		logical["arn:aws:sns:us-east-1:123456789012:"+tp.Name] = tp.Logical
	}
	for _, f := range st.Functions {
		logical[f.Name] = f.Logical
		sf := summaryFunction{Runtime: f.Runtime, Handler: f.Handler, Timeout: f.Timeout, MemorySize: f.MemorySize,
			Policies: slices.Sorted(slices.Values(f.Policies)), Queues: []summaryQueue{}, Schedules: []string{}, Topics: []summaryTopic{}}
		for _, q := range f.QueueSources {
			sf.Queues = append(sf.Queues, summaryQueue{Queue: logical[q.QueueArn], BatchSize: q.BatchSize})
		}
		for _, tp := range f.Topics {
			sf.Topics = append(sf.Topics, summaryTopic{Topic: logical[tp.TopicArn], FilterPolicy: tp.FilterPolicy})
		}
		for _, r := range f.Schedules {
			sf.Schedules = append(sf.Schedules, r.Expression+r.Pattern)
		}
		slices.Sort(sf.Schedules)
		s.Functions[f.Logical] = sf
	}
	s.Buckets = summarizeBuckets(st.Buckets, logical)
	for _, r := range st.Routes {
		s.Routes = append(s.Routes, summaryRoute{Key: r.Key, Function: logical[r.Function]})
	}
	slices.SortFunc(s.Routes, func(a, b summaryRoute) int { return strings.Compare(a.Key, b.Key) })
	return s
}

// summarizeBuckets lists each bucket's configurations, one per event, in
// the order the oracle sorts them.
func summarizeBuckets(buckets []Bucket, logical map[string]string) map[string][]summaryNotice {
	out := map[string][]summaryNotice{}
	for _, b := range buckets {
		list := []summaryNotice{}
		for _, n := range b.Notifications {
			for _, e := range n.Events {
				fn := logical[n.Function[strings.LastIndex(n.Function, ":")+1:]]
				list = append(list, summaryNotice{Function: fn, Event: e, Rules: append([]FilterRule{}, n.Rules...)})
			}
		}
		slices.SortFunc(list, func(a, b summaryNotice) int { return strings.Compare(noticeKey(a), noticeKey(b)) })
		out[b.Logical] = list
	}
	return out
}

func noticeKey(n summaryNotice) string {
	data, _ := json.Marshal(n)
	return string(data)
}
