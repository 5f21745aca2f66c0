package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// kmsCall is a json-1.1 request to a KMS operation.
func kmsCall(name, op, body string) exchange {
	return exchange{name: name, service: "kms", method: "POST", path: "/", body: []byte(body),
		header: map[string]string{"X-Amz-Target": "TrentService." + op, "Content-Type": "application/x-amz-json-1.1"}}
}

// trailCall is a json-1.1 request to CloudTrail's LookupEvents.
func trailCall(name, body string) exchange {
	return exchange{name: name, service: "cloudtrail", method: "POST", path: "/", body: []byte(body),
		header: map[string]string{"X-Amz-Target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
			"Content-Type": "application/x-amz-json-1.1"}}
}

// TestGoldenKMS pins the response of KMS's operations and of each kind of
// error a request can provoke, and CloudTrail's LookupEvents errors.
func TestGoldenKMS(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	other := s.addAccount(t)
	c := s.kms()
	keyID := func(alias string) string {
		out, err := c.CreateKey(ctx(t), &kms.CreateKeyInput{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateAlias(ctx(t), &kms.CreateAliasInput{AliasName: aws.String(alias), TargetKeyId: out.KeyMetadata.KeyId}); err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.KeyMetadata.KeyId)
	}
	golden, disabled := keyID("alias/golden"), keyID("alias/disabled")
	if _, err := c.DisableKey(ctx(t), &kms.DisableKeyInput{KeyId: aws.String(disabled)}); err != nil {
		t.Fatal(err)
	}
	const missing = `{"KeyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}`
	runGolden(t, s, []exchange{
		kmsCall("create-key", "CreateKey", `{"Description":"golden"}`),
		kmsCall("describe-key", "DescribeKey", `{"KeyId":"alias/golden"}`),
		kmsCall("encrypt", "Encrypt", `{"KeyId":"alias/golden","Plaintext":"aGVsbG8="}`),
		kmsCall("generate-data-key", "GenerateDataKey", `{"KeyId":"alias/golden","KeySpec":"AES_256"}`),
		kmsCall("generate-data-key-without-plaintext", "GenerateDataKeyWithoutPlaintext", `{"KeyId":"`+golden+`","NumberOfBytes":16}`),
		kmsCall("list-aliases", "ListAliases", `{"KeyId":"`+golden+`"}`),
		kmsCall("enable-key", "EnableKey", `{"KeyId":"`+golden+`"}`),
		kmsCall("error-key-not-found", "DescribeKey", missing),
		kmsCall("error-alias-not-found", "Encrypt", `{"KeyId":"alias/none","Plaintext":"aGVsbG8="}`),
		kmsCall("error-invalid-ciphertext", "Decrypt", `{"CiphertextBlob":"AAAAAAAA"}`),
		kmsCall("error-disabled", "Encrypt", `{"KeyId":"alias/disabled","Plaintext":"aGVsbG8="}`),
		kmsCall("error-alias-exists", "CreateAlias", `{"AliasName":"alias/golden","TargetKeyId":"`+golden+`"}`),
		kmsCall("error-reserved-alias", "CreateAlias", `{"AliasName":"alias/aws/mine","TargetKeyId":"`+golden+`"}`),
		kmsCall("error-alias-prefix", "CreateAlias", `{"AliasName":"golden2","TargetKeyId":"`+golden+`"}`),
		kmsCall("error-plaintext-too-long", "Encrypt", `{"KeyId":"alias/golden","Plaintext":"`+strings.Repeat("QUFB", 1366)+`"}`),
		kmsCall("error-data-key-size", "GenerateDataKey", `{"KeyId":"alias/golden","KeySpec":"AES_256","NumberOfBytes":32}`),
		kmsCall("error-pending-window", "ScheduleKeyDeletion", `{"KeyId":"`+disabled+`","PendingWindowInDays":3}`),
		kmsCall("schedule-key-deletion", "ScheduleKeyDeletion", `{"KeyId":"`+disabled+`","PendingWindowInDays":7}`),
		kmsCall("error-pending-deletion", "EnableKey", `{"KeyId":"`+disabled+`"}`),
		kmsCall("cancel-key-deletion", "CancelKeyDeletion", `{"KeyId":"`+disabled+`"}`),
		kmsCall("error-bad-marker", "ListKeys", `{"Marker":"%%%"}`),
		kmsCall("error-unknown-operation", "RotateKeyOnDemand", missing),
		kmsCall("error-other-account", "Encrypt", `{"KeyId":"alias/golden","Plaintext":"aGVsbG8="}`).by(other),
		kmsCall("error-other-account-key", "Encrypt", `{"KeyId":"arn:aws:kms:us-east-1:`+s.admin.AccountID+`:key/`+golden+`","Plaintext":"aGVsbG8="}`).by(other),
		trailCall("lookup-events-none", `{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"Nothing"}]}`),
		trailCall("error-two-attributes", `{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"a"},{"AttributeKey":"Username","AttributeValue":"b"}]}`),
		trailCall("error-attribute-key", `{"LookupAttributes":[{"AttributeKey":"Colour","AttributeValue":"a"}]}`),
		trailCall("error-time-range", `{"StartTime":1700000000,"EndTime":1600000000}`),
		trailCall("error-max-results", `{"MaxResults":51}`),
		trailCall("error-next-token", `{"NextToken":"%%%"}`),
	})
}
