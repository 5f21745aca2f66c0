package e2e

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

func (s *server) kms() *kms.Client { return kms.NewFromConfig(s.awsConfig()) }

// TestKMSOperations drives every KMS operation Virga serves with
// aws-sdk-go-v2, and the errors of keys in each state.
func TestKMSOperations(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	c := s.kms()
	created, err := c.CreateKey(ctx(t), &kms.CreateKeyInput{Description: aws.String("app secrets")})
	if err != nil {
		t.Fatal(err)
	}
	md := created.KeyMetadata
	id, keyARN := aws.ToString(md.KeyId), aws.ToString(md.Arn)
	if keyARN != "arn:aws:kms:us-east-1:"+s.admin.AccountID+":key/"+id || md.KeyState != types.KeyStateEnabled || !md.Enabled {
		t.Fatalf("created %+v", md)
	}
	if _, err := c.CreateAlias(ctx(t), &kms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	encCtx := map[string]string{"purpose": "test"}
	enc, err := c.Encrypt(ctx(t), &kms.EncryptInput{KeyId: aws.String("alias/app"), Plaintext: []byte("hunter2"), EncryptionContext: encCtx})
	if err != nil || aws.ToString(enc.KeyId) != keyARN {
		t.Fatalf("encrypt %+v %v", enc, err)
	}
	t.Run("Decrypt", func(t *testing.T) {
		dec, err := c.Decrypt(ctx(t), &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: encCtx})
		if err != nil || string(dec.Plaintext) != "hunter2" || aws.ToString(dec.KeyId) != keyARN {
			t.Fatalf("decrypt %+v %v", dec, err)
		}
		_, err = c.Decrypt(ctx(t), &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
		apiError(t, err, "InvalidCiphertextException")
	})
	t.Run("DataKeys", func(t *testing.T) {
		dk, err := c.GenerateDataKey(ctx(t), &kms.GenerateDataKeyInput{KeyId: aws.String(keyARN), KeySpec: types.DataKeySpecAes256})
		if err != nil || len(dk.Plaintext) != 32 {
			t.Fatalf("data key %v", err)
		}
		dec, err := c.Decrypt(ctx(t), &kms.DecryptInput{CiphertextBlob: dk.CiphertextBlob, KeyId: aws.String("alias/app")})
		if err != nil || !bytes.Equal(dec.Plaintext, dk.Plaintext) {
			t.Fatalf("decrypt data key %v", err)
		}
		bare, err := c.GenerateDataKeyWithoutPlaintext(ctx(t), &kms.GenerateDataKeyWithoutPlaintextInput{KeyId: aws.String(id), NumberOfBytes: aws.Int32(16)})
		if err != nil || len(bare.CiphertextBlob) == 0 {
			t.Fatalf("without plaintext %v", err)
		}
	})
	t.Run("ReEncrypt", func(t *testing.T) {
		other, err := c.CreateKey(ctx(t), &kms.CreateKeyInput{})
		if err != nil {
			t.Fatal(err)
		}
		re, err := c.ReEncrypt(ctx(t), &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: encCtx,
			DestinationKeyId: other.KeyMetadata.KeyId})
		if err != nil || aws.ToString(re.SourceKeyId) != keyARN || aws.ToString(re.KeyId) != aws.ToString(other.KeyMetadata.Arn) {
			t.Fatalf("re-encrypt %+v %v", re, err)
		}
		_, err = c.Decrypt(ctx(t), &kms.DecryptInput{CiphertextBlob: re.CiphertextBlob, KeyId: aws.String(id)})
		apiError(t, err, "IncorrectKeyException")
	})
	t.Run("Lists", func(t *testing.T) {
		keys, err := c.ListKeys(ctx(t), &kms.ListKeysInput{Limit: aws.Int32(1)})
		if err != nil || len(keys.Keys) != 1 || !keys.Truncated {
			t.Fatalf("list keys %+v %v", keys, err)
		}
		aliases, err := c.ListAliases(ctx(t), &kms.ListAliasesInput{KeyId: aws.String(id)})
		if err != nil || len(aliases.Aliases) != 1 || aws.ToString(aliases.Aliases[0].AliasName) != "alias/app" {
			t.Fatalf("list aliases %+v %v", aliases, err)
		}
	})
	t.Run("States", func(t *testing.T) {
		if _, err := c.DisableKey(ctx(t), &kms.DisableKeyInput{KeyId: aws.String(id)}); err != nil {
			t.Fatal(err)
		}
		_, err := c.Encrypt(ctx(t), &kms.EncryptInput{KeyId: aws.String(id), Plaintext: []byte("x")})
		wantAPIError(t, err, "DisabledException", 400, keyARN+" is disabled.")
		if _, err := c.EnableKey(ctx(t), &kms.EnableKeyInput{KeyId: aws.String(id)}); err != nil {
			t.Fatal(err)
		}
		del, err := c.ScheduleKeyDeletion(ctx(t), &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
		if err != nil || del.KeyState != types.KeyStatePendingDeletion {
			t.Fatalf("schedule deletion %+v %v", del, err)
		}
		_, err = c.Decrypt(ctx(t), &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: encCtx})
		wantAPIError(t, err, "KMSInvalidStateException", 400, keyARN+" is pending deletion.")
		if _, err := c.CancelKeyDeletion(ctx(t), &kms.CancelKeyDeletionInput{KeyId: aws.String(id)}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := c.DescribeKey(ctx(t), &kms.DescribeKeyInput{KeyId: aws.String("alias/none")})
		wantAPIError(t, err, "NotFoundException", 400, "Alias 'arn:aws:kms:us-east-1:"+s.admin.AccountID+":alias/none' is not found.")
	})
	t.Run("RootKeyPrivate", func(t *testing.T) {
		info, err := os.Stat(filepath.Join(s.dataDir, "kms-root.key"))
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("kms-root.key: %v %v", info, err)
		}
	})
}

// pyDecrypt decrypts the ciphertext in its SECRET variable with boto3, as
// its execution role, and answers with the outcome; it also knocks,
// unsigned, on the doors of the endpoint inside its sandbox.
const pyDecrypt = `import base64, os, urllib.request, urllib.error, boto3
from botocore.exceptions import ClientError

def status(path):
    try:
        return urllib.request.urlopen(os.environ["AWS_ENDPOINT_URL"] + path).status
    except urllib.error.HTTPError as e:
        return e.code

def handler(event, context):
    doors = {p: status(p) for p in ["/metrics", "/2015-03-31/functions", "/_virga/health"]}
    try:
        out = boto3.client("kms").decrypt(CiphertextBlob=base64.b64decode(os.environ["SECRET"]))
        return {"value": out["Plaintext"].decode(), "doors": doors}
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"], "doors": doors}
`

// TestKMSSecretInFunction is the common pattern: a secret encrypted with
// `aws kms encrypt`, kept in a function's environment and decrypted inside
// the function with boto3, as its role's policy allows.
func TestKMSSecretInFunction(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	key := s.cliOK(t, "aws", "kms", "create-key", "--description", "secrets")["KeyMetadata"].(map[string]any)
	keyARN := key["Arn"].(string)
	s.cliOK(t, "aws", "kms", "create-alias", "--alias-name", "alias/secrets", "--target-key-id", key["KeyId"].(string))
	plain := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(plain, []byte("s3cret"), 0o600); err != nil {
		t.Fatal(err)
	}
	blob := s.cliOK(t, "aws", "kms", "encrypt", "--key-id", "alias/secrets", "--plaintext", "fileb://"+plain)["CiphertextBlob"].(string)
	roleARN := aws.ToString(createRole(t, s.iam(), "secret-reader").Arn)
	createFn(t, s, "reader", "python3.12", "app.handler", map[string]string{"app.py": pyDecrypt}, func(in *lambda.CreateFunctionInput) {
		in.Role, in.Timeout = aws.String(roleARN), aws.Int32(30)
		in.Environment = &lambdatypes.Environment{Variables: map[string]string{"SECRET": blob, "PLAIN": plainMarker}}
	})
	t.Run("Denied", func(t *testing.T) {
		got := decryptOutcome(t, s)
		want := "User: arn:aws:sts::" + s.admin.AccountID + ":assumed-role/secret-reader/reader is not authorized to perform: kms:Decrypt on resource: " +
			keyARN + " because no identity-based policy allows the kms:Decrypt action"
		if got.Code != "AccessDeniedException" || got.Message != want {
			t.Fatalf("got %+v, want %s", got, want)
		}
	})
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"` + keyARN + `"}]}`
	s.cliOK(t, "aws", "iam", "put-role-policy", "--role-name", "secret-reader", "--policy-name", "decrypt", "--policy-document", policy)
	t.Run("Allowed", func(t *testing.T) {
		got := decryptOutcome(t, s)
		if got.Value != "s3cret" {
			t.Fatalf("got %+v", got)
		}
		// The endpoint inside the sandbox keeps the same doors.
		if want := map[string]int{"/metrics": 401, "/2015-03-31/functions": 403, "/_virga/health": 200}; !maps.Equal(got.Doors, want) {
			t.Errorf("unsigned from inside the sandbox: %v, want %v", got.Doors, want)
		}
	})
	t.Run("EnvironmentReadBack", func(t *testing.T) {
		cfg, err := s.lambda().GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("reader")})
		if err != nil || cfg.Environment.Variables["PLAIN"] != plainMarker {
			t.Fatalf("configuration %+v %v", cfg, err)
		}
	})
	t.Run("EnvironmentEncryptedAtRest", func(t *testing.T) {
		s.stop() // every write on disk
		if files := filesHolding(t, filepath.Join(s.dataDir, "jetstream"), plainMarker); len(files) > 0 {
			t.Errorf("the store holds an environment value in plain form: %v", files)
		}
	})
}

// plainMarker is an environment value that must never be stored as it is.
const plainMarker = "plain-marker-6f1d2a"

// filesHolding lists the files below dir that contain text.
func filesHolding(t *testing.T, dir, text string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && bytes.Contains(data, []byte(text)) {
			found = append(found, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// sandboxOutcome is what pyDecrypt answers.
type sandboxOutcome struct {
	outcome
	Doors map[string]int `json:"doors"`
}

func decryptOutcome(t *testing.T, s *server) sandboxOutcome {
	t.Helper()
	out := invoke(t, s, "reader", map[string]string{})
	var o sandboxOutcome
	if out.FunctionError != nil || json.Unmarshal(out.Payload, &o) != nil {
		t.Fatalf("reader failed: %s", out.Payload)
	}
	if strings.Contains(o.Message, "s3cret") {
		t.Fatal("the secret leaked into an error")
	}
	return o
}
