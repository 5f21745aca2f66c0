package control

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/virga-dev/virga/internal/lambda"
)

// reverser "encrypts" by reversing the bytes after a tag naming the key,
// and checks the context it is opened with.
type reverser struct{ keys []string }

func (r *reverser) Seal(_ context.Context, _, _, ref string, plain []byte, encCtx map[string]string) ([]byte, error) {
	r.keys = append(r.keys, ref)
	return append([]byte(encCtx["virga:record"]+"|"), reverse(plain)...), nil
}

func (r *reverser) Open(_ context.Context, _ string, blob []byte, encCtx map[string]string) ([]byte, error) {
	rest, ok := bytes.CutPrefix(blob, []byte(encCtx["virga:record"]+"|"))
	if !ok {
		return nil, errWrongContext
	}
	return reverse(rest), nil
}

var errWrongContext = context.Canceled

func reverse(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[len(b)-1-i] = c
	}
	return out
}

func TestSealEnvironments(t *testing.T) {
	ctx := context.Background()
	raw := newMemBucket()
	sealer := &reverser{}
	b := SealEnvironments(raw, sealer, "111111111111")
	rec := record{Latest: lambda.FunctionConfiguration{FunctionName: "fn", KMSKeyArn: "arn:aws:kms:us-east-1:111111111111:key/k",
		Environment: &lambda.Environment{Variables: map[string]string{"PASSWORD": "hunter2"}}}}
	data, _ := json.Marshal(rec)
	if _, err := b.Create(ctx, "fn", data); err != nil {
		t.Fatal(err)
	}
	t.Run("StoredSealed", func(t *testing.T) {
		if bytes.Contains(raw.data["fn"].Value, []byte("hunter2")) || !bytes.Contains(raw.data["fn"].Value, []byte(`"Sealed"`)) {
			t.Fatalf("stored %s", raw.data["fn"].Value)
		}
		if len(sealer.keys) != 1 || sealer.keys[0] != rec.Latest.KMSKeyArn {
			t.Errorf("sealed with %v", sealer.keys)
		}
	})
	t.Run("ReadOpen", func(t *testing.T) {
		e, err := b.Get(ctx, "fn")
		var got record
		if err != nil || json.Unmarshal(e.Value, &got) != nil || got.Latest.Environment.Variables["PASSWORD"] != "hunter2" {
			t.Fatalf("read %s %v", e.Value, err)
		}
	})
	t.Run("BoundToItsRecord", func(t *testing.T) {
		raw.data["other"] = raw.data["fn"]
		if _, err := b.Get(ctx, "other"); err == nil {
			t.Fatal("a sealed environment opened under another record")
		}
	})
	t.Run("PlainRecordsStillRead", func(t *testing.T) {
		if _, err := raw.Create(ctx, "old", data); err != nil {
			t.Fatal(err)
		}
		e, err := b.Get(ctx, "old")
		if err != nil || !bytes.Contains(e.Value, []byte("hunter2")) {
			t.Fatalf("read %s %v", e.Value, err)
		}
	})
}
