package control

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/google/go-cmp/cmp"
	"github.com/virga-dev/virga/internal/store"
)

// memBlobs is an in-memory blob store.
type memBlobs struct {
	mu   sync.Mutex
	data map[string][]byte
}

func (b *memBlobs) Put(_ context.Context, name string, data []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.data[name] = data
	return nil
}

func (b *memBlobs) Get(_ context.Context, name string) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.data[name]
	if !ok {
		return nil, store.ErrNotFound
	}
	return data, nil
}

const testAccount = "123456789012"

func newLayerService() *Service {
	return New(Config{Region: "us-east-1", Account: testAccount}, Stores{
		Functions: newMemBucket(), Versions: newMemBucket(), Aliases: newMemBucket(), Provisioned: newMemBucket(),
		EventConfigs: newMemBucket(), Layers: newMemBucket(), Code: &memBlobs{data: map[string][]byte{}},
	}, nil)
}

func layerZip(t *testing.T, name, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write([]byte(body))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func publish(t *testing.T, s *Service, name string, runtimes ...string) LayerVersion {
	t.Helper()
	v, err := s.PublishLayerVersion(context.Background(), name, PublishLayerVersionInput{
		Content: &LayerContentInput{ZipFile: layerZip(t, "python/m.py", name)}, CompatibleRuntimes: runtimes,
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// wantError checks an error's kind and message.
func wantError(t *testing.T, err error, kind error, message string) {
	t.Helper()
	if !errors.Is(err, kind) || !strings.Contains(err.Error(), message) {
		t.Fatalf("err = %v, want %v containing %q", err, kind, message)
	}
}

func TestLayerVersionNumbers(t *testing.T) {
	ctx := context.Background()
	s := newLayerService()
	one := publish(t, s, "deps")
	if one.Version != 1 || one.LayerVersionArn != "arn:aws:lambda:us-east-1:123456789012:layer:deps:1" ||
		one.LayerArn != "arn:aws:lambda:us-east-1:123456789012:layer:deps" || one.Content.CodeSize == 0 || one.Blob == "" {
		t.Fatalf("first version: %+v", one)
	}
	publish(t, s, "deps")
	if err := s.DeleteLayerVersion(ctx, "deps", 2); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteLayerVersion(ctx, "deps", 2); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if v := publish(t, s, "deps"); v.Version != 3 {
		t.Errorf("after deleting 2, published %d", v.Version)
	}
	_, err := s.GetLayerVersion(ctx, "deps", 2)
	wantError(t, err, aws.ErrNotFound, "The resource you requested does not exist.")
	_, err = s.GetLayerVersion(ctx, "deps", 0)
	wantError(t, err, aws.ErrInvalid, "Layer Version Cannot be less than 1")
	got, err := s.GetLayerVersionByArn(ctx, one.LayerVersionArn)
	if err != nil || got.Version != 1 {
		t.Fatalf("by ARN: %+v %v", got, err)
	}
	_, err = s.GetLayerVersionByArn(ctx, "arn:aws:lambda:us-east-1:123456789012:layer:deps")
	wantError(t, err, aws.ErrValidation, "at 'arn' failed to satisfy constraint")
}

func TestPublishLayerVersionInvalid(t *testing.T) {
	s := newLayerService()
	zip := &LayerContentInput{ZipFile: layerZip(t, "a", "b")}
	tests := []struct {
		name  string
		layer string
		in    PublishLayerVersionInput
		kind  error
		text  string
	}{
		{"BadName", "a.b", PublishLayerVersionInput{Content: zip}, aws.ErrValidation, "at 'layerName' failed to satisfy constraint"},
		{"NoContent", "l", PublishLayerVersionInput{}, aws.ErrValidation, "at 'content' failed to satisfy constraint: Member must not be null"},
		{"S3", "l", PublishLayerVersionInput{Content: &LayerContentInput{S3Bucket: "b", S3Key: "k"}}, aws.ErrInvalid, "Virga has no S3"},
		{"NotZip", "l", PublishLayerVersionInput{Content: &LayerContentInput{ZipFile: []byte("no")}}, aws.ErrInvalid, "Could not unzip uploaded file."},
		{"Runtime", "l", PublishLayerVersionInput{Content: zip, CompatibleRuntimes: []string{"cobol"}}, aws.ErrValidation, "Value '[cobol]' at 'compatibleRuntimes'"},
		{"Runtimes", "l", PublishLayerVersionInput{Content: zip, CompatibleRuntimes: make([]string, 16)}, aws.ErrValidation, "Member must have length less than or equal to 15"},
		{"Arch", "l", PublishLayerVersionInput{Content: zip, CompatibleArchitectures: []string{"sparc"}}, aws.ErrValidation, "[Member must satisfy enum value set: [x86_64, arm64]]"},
		{"License", "l", PublishLayerVersionInput{Content: zip, LicenseInfo: strings.Repeat("x", 513)}, aws.ErrValidation, "at 'licenseInfo'"},
		{"OtherAccount", "arn:aws:lambda:us-east-1:999999999999:layer:l", PublishLayerVersionInput{Content: zip}, aws.ErrAccessDenied, "cannot publish"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.PublishLayerVersion(context.Background(), tt.layer, tt.in)
			wantError(t, err, tt.kind, tt.text)
		})
	}
}

func TestListLayers(t *testing.T) {
	ctx := context.Background()
	s := newLayerService()
	publish(t, s, "b", "python3.12")
	publish(t, s, "b", "nodejs20.x")
	publish(t, s, "a", "python3.12", "python3.13")
	publish(t, s, "c")
	s.DeleteLayerVersion(ctx, "c", 1)

	all, next, err := s.ListLayers(ctx, LayerFilter{}, "", 0)
	if err != nil || next != "" {
		t.Fatal(err, next)
	}
	got := map[string]int64{}
	for _, l := range all {
		got[l.LayerName] = l.LatestMatchingVersion.Version
	}
	if diff := cmp.Diff(map[string]int64{"a": 1, "b": 2}, got); diff != "" {
		t.Errorf("all layers (-want +got):\n%s", diff)
	}
	py, _, _ := s.ListLayers(ctx, LayerFilter{Runtime: "python3.12"}, "", 0)
	if len(py) != 2 || py[1].LayerName != "b" || py[1].LatestMatchingVersion.Version != 1 {
		t.Errorf("python3.12 layers: %+v", py)
	}
	first, next, _ := s.ListLayers(ctx, LayerFilter{}, "", 1)
	rest, last, _ := s.ListLayers(ctx, LayerFilter{}, next, 1)
	if len(first) != 1 || first[0].LayerName != "a" || len(rest) != 1 || rest[0].LayerName != "b" || last != "" {
		t.Errorf("pages: %+v %q %+v %q", first, next, rest, last)
	}
	versions, _, _ := s.ListLayerVersions(ctx, "b", LayerFilter{}, "", 0)
	if len(versions) != 2 || versions[0].Version != 2 || versions[1].Version != 1 {
		t.Errorf("versions of b: %+v", versions)
	}
	none, _, err := s.ListLayerVersions(ctx, "missing", LayerFilter{}, "", 0)
	if err != nil || len(none) != 0 {
		t.Errorf("missing layer: %+v %v", none, err)
	}
	_, _, err = s.ListLayers(ctx, LayerFilter{Architecture: "sparc"}, "", 0)
	wantError(t, err, aws.ErrValidation, "at 'compatibleArchitecture'")
}

func TestLayerPolicy(t *testing.T) {
	ctx := context.Background()
	s := newLayerService()
	publish(t, s, "deps")
	_, _, err := s.GetLayerVersionPolicy(ctx, "deps", 1)
	wantError(t, err, aws.ErrNotFound, "No policy is associated with the given resource.")

	st, rev, err := s.AddLayerVersionPermission(ctx, "deps", 1, LayerPermissionInput{StatementId: "xaccount", Action: "lambda:GetLayerVersion", Principal: "210987654321"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Sid":"xaccount","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"lambda:GetLayerVersion","Resource":"arn:aws:lambda:us-east-1:123456789012:layer:deps:1"}`
	if st != want || rev == "" {
		t.Errorf("statement = %s, revision %q", st, rev)
	}
	_, _, err = s.AddLayerVersionPermission(ctx, "deps", 1, LayerPermissionInput{StatementId: "xaccount", Action: "lambda:GetLayerVersion", Principal: "*"})
	wantError(t, err, aws.ErrConflict, "The statement id (xaccount) provided already exists.")
	_, _, err = s.AddLayerVersionPermission(ctx, "deps", 1, LayerPermissionInput{StatementId: "org", Action: "lambda:GetLayerVersion", Principal: "*", RevisionId: "stale"})
	wantError(t, err, aws.ErrPreconditionFailed, "Call the GetLayerPolicy API")
	st, _, err = s.AddLayerVersionPermission(ctx, "deps", 1, LayerPermissionInput{StatementId: "org", Action: "lambda:GetLayerVersion", Principal: "*", OrganizationId: "o-abcdefghij", RevisionId: rev})
	if err != nil || !strings.Contains(st, `"Principal":"*"`) || !strings.Contains(st, `"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abcdefghij"}}`) {
		t.Fatalf("organization statement %s, %v", st, err)
	}
	policy, _, err := s.GetLayerVersionPolicy(ctx, "deps", 1)
	if err != nil || !strings.HasPrefix(policy, `{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"xaccount"`) {
		t.Errorf("policy %s, %v", policy, err)
	}
	wantError(t, s.RemoveLayerVersionPermission(ctx, "deps", 1, "nope", ""), aws.ErrNotFound, "Statement nope is not found in resource policy.")
	for _, sid := range []string{"xaccount", "org"} {
		if err := s.RemoveLayerVersionPermission(ctx, "deps", 1, sid, ""); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err = s.GetLayerVersionPolicy(ctx, "deps", 1)
	wantError(t, err, aws.ErrNotFound, "No policy is associated")
	_, _, err = s.AddLayerVersionPermission(ctx, "deps", 1, LayerPermissionInput{StatementId: "s", Action: "lambda:InvokeFunction", Principal: "*"})
	wantError(t, err, aws.ErrValidation, "Value 'lambda:InvokeFunction' at 'action'")
	_, _, err = s.AddLayerVersionPermission(ctx, "deps", 1, LayerPermissionInput{StatementId: "s", Action: "lambda:GetLayerVersion", Principal: "someone"})
	wantError(t, err, aws.ErrValidation, "at 'principal'")
	_, _, err = s.AddLayerVersionPermission(ctx, "deps", 9, LayerPermissionInput{StatementId: "s", Action: "lambda:GetLayerVersion", Principal: "*"})
	wantError(t, err, aws.ErrNotFound, "Layer version arn:aws:lambda:us-east-1:123456789012:layer:deps:9 does not exist.")
}
