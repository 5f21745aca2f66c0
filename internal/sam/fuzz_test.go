package sam

import "testing"

// FuzzExpand: no template makes the expansion panic.
func FuzzExpand(f *testing.F) {
	f.Add([]byte(intrinsics))
	f.Add([]byte("Resources: {F: {Type: AWS::Serverless::Function, Properties: {CodeUri: !Sub '${x'}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Expand(data, Options{Stack: "s", QueueURL: func(string) string { return "" }})
	})
}
