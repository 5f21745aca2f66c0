package sigv4

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// verifyingServer answers every request after verifying it and remembers
// each verification result.
type verifyingServer struct {
	*httptest.Server
	mu   sync.Mutex
	errs []error
}

func newVerifyingServer(t *testing.T) *verifyingServer {
	s := &verifyingServer{}
	v := NewVerifier(lookup)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_, err := v.Verify(r, body, time.Now())
		s.mu.Lock()
		s.errs = append(s.errs, err)
		s.mu.Unlock()
		if err != nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"__type":"`+err.(*Error).Code+`","message":"`+err.(*Error).Message+`"}`)
			return
		}
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>`+
				`<Arn>arn:aws:iam::123456789012:root</Arn><UserId>123456789012</UserId><Account>123456789012</Account>`+
				`</GetCallerIdentityResult></GetCallerIdentityResponse>`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *verifyingServer) results() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.errs...)
}

// TestRealClients drives the verifier with the real aws-sdk-go-v2 Lambda and
// STS clients, whole middleware stacks included.
func TestRealClients(t *testing.T) {
	srv := newVerifyingServer(t)
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: testKey.AccessKeyID, SecretAccessKey: testKey.Secret}, nil
	})
	lc := lambda.New(lambda.Options{Region: "us-east-1", Credentials: creds, BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1})
	sc := sts.New(sts.Options{Region: "us-east-1", Credentials: creds, BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1})
	ctx := context.Background()
	fn := "arn:aws:lambda:us-east-1:123456789012:function:fn"
	calls := map[string]func() error{
		"Invoke": func() error {
			_, err := lc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(fn), Qualifier: aws.String("live"), Payload: []byte(`{"k":"v"}`)})
			return err
		},
		"UntagResource": func() error {
			_, err := lc.UntagResource(ctx, &lambda.UntagResourceInput{Resource: aws.String(fn), TagKeys: []string{"b", "a", "with space", "x/y"}})
			return err
		},
		"ListFunctions": func() error {
			_, err := lc.ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: aws.Int32(5), Marker: aws.String("m=1")})
			return err
		},
		"GetCallerIdentity": func() error {
			_, err := sc.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			before := len(srv.results())
			if err := call(); err != nil {
				t.Fatal(err)
			}
			got := srv.results()
			if len(got) != before+1 || got[before] != nil {
				t.Fatalf("server verification results %v", got[before:])
			}
		})
	}
}
