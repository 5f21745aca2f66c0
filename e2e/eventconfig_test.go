package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// eventConfig is the part of a FunctionEventInvokeConfig the tests compare.
type eventConfig struct {
	arn, onSuccess, onFailure string
	retries, age              *int32
}

func eventConfigOf(t *testing.T, arn *string, retries, age *int32, d *types.DestinationConfig, modified *time.Time) eventConfig {
	t.Helper()
	if d == nil || d.OnSuccess == nil || d.OnFailure == nil {
		t.Errorf("DestinationConfig %+v, want both members", d)
		d = &types.DestinationConfig{OnSuccess: &types.OnSuccess{}, OnFailure: &types.OnFailure{}}
	}
	if modified == nil || time.Since(*modified).Abs() > time.Minute {
		t.Errorf("LastModified %v", modified)
	}
	return eventConfig{aws.ToString(arn), aws.ToString(d.OnSuccess.Destination), aws.ToString(d.OnFailure.Destination), retries, age}
}

func wantEventConfig(t *testing.T, got, want eventConfig) {
	t.Helper()
	if got.arn != want.arn || got.onSuccess != want.onSuccess || got.onFailure != want.onFailure ||
		aws.ToInt32(got.retries) != aws.ToInt32(want.retries) || (got.retries == nil) != (want.retries == nil) ||
		aws.ToInt32(got.age) != aws.ToInt32(want.age) || (got.age == nil) != (want.age == nil) {
		t.Errorf("config %s onSuccess=%q onFailure=%q retries=%v age=%v, want %s onSuccess=%q onFailure=%q retries=%v age=%v",
			got.arn, got.onSuccess, got.onFailure, fmtInt(got.retries), fmtInt(got.age),
			want.arn, want.onSuccess, want.onFailure, fmtInt(want.retries), fmtInt(want.age))
	}
}

func fmtInt(n *int32) any {
	if n == nil {
		return "unset"
	}
	return *n
}

func putEventConfig(t *testing.T, c *lambda.Client, in *lambda.PutFunctionEventInvokeConfigInput) eventConfig {
	t.Helper()
	out, err := c.PutFunctionEventInvokeConfig(ctx(t), in)
	if err != nil {
		t.Fatalf("put %s:%s: %v", aws.ToString(in.FunctionName), aws.ToString(in.Qualifier), err)
	}
	return eventConfigOf(t, out.FunctionArn, out.MaximumRetryAttempts, out.MaximumEventAgeInSeconds, out.DestinationConfig, out.LastModified)
}

func updateEventConfig(t *testing.T, c *lambda.Client, in *lambda.UpdateFunctionEventInvokeConfigInput) eventConfig {
	t.Helper()
	out, err := c.UpdateFunctionEventInvokeConfig(ctx(t), in)
	if err != nil {
		t.Fatalf("update %s:%s: %v", aws.ToString(in.FunctionName), aws.ToString(in.Qualifier), err)
	}
	return eventConfigOf(t, out.FunctionArn, out.MaximumRetryAttempts, out.MaximumEventAgeInSeconds, out.DestinationConfig, out.LastModified)
}

func getEventConfig(t *testing.T, c *lambda.Client, name, qualifier string) eventConfig {
	t.Helper()
	in := &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String(name)}
	if qualifier != "" {
		in.Qualifier = aws.String(qualifier)
	}
	out, err := c.GetFunctionEventInvokeConfig(ctx(t), in)
	if err != nil {
		t.Fatalf("get %s:%s: %v", name, qualifier, err)
	}
	return eventConfigOf(t, out.FunctionArn, out.MaximumRetryAttempts, out.MaximumEventAgeInSeconds, out.DestinationConfig, out.LastModified)
}

// listedQualifiers lists a function's configurations by qualifier, in order.
func listedQualifiers(t *testing.T, c *lambda.Client, name string) []string {
	t.Helper()
	out, err := c.ListFunctionEventInvokeConfigs(ctx(t), &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String(name)})
	if err != nil {
		t.Fatalf("list %s: %v", name, err)
	}
	var qs []string
	for _, cfg := range out.FunctionEventInvokeConfigs {
		a := aws.ToString(cfg.FunctionArn)
		qs = append(qs, a[strings.LastIndex(a, ":")+1:])
	}
	return qs
}

func TestEventInvokeConfig(t *testing.T) {
	s := startServer(t)
	c := s.lambda()
	fnARN := "arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":function:"
	createFn(t, s, "eic", "python3.12", "app.handler", helloZip, nil)
	createFn(t, s, "eic-dest", "python3.12", "app.handler", helloZip, nil)
	if _, err := c.PublishVersion(ctx(t), &lambda.PublishVersionInput{FunctionName: aws.String("eic")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("eic"), Name: aws.String("live"), FunctionVersion: aws.String("1")}); err != nil {
		t.Fatal(err)
	}

	t.Run("PutAndGetLatest", func(t *testing.T) {
		want := eventConfig{arn: fnARN + "eic:$LATEST", retries: aws.Int32(1)}
		wantEventConfig(t, putEventConfig(t, c, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"), MaximumRetryAttempts: aws.Int32(1)}), want)
		wantEventConfig(t, getEventConfig(t, c, "eic", ""), want)
		wantEventConfig(t, getEventConfig(t, c, "eic", "$LATEST"), want)
		wantEventConfig(t, getEventConfig(t, c, fnARN+"eic:$LATEST", ""), want)
	})
	t.Run("PutReplaces", func(t *testing.T) {
		putEventConfig(t, c, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"), Qualifier: aws.String("$LATEST"), MaximumEventAgeInSeconds: aws.Int32(120)})
		wantEventConfig(t, getEventConfig(t, c, "eic", ""), eventConfig{arn: fnARN + "eic:$LATEST", age: aws.Int32(120)})
	})
	t.Run("UpdateMerges", func(t *testing.T) {
		got := updateEventConfig(t, c, &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"), MaximumRetryAttempts: aws.Int32(0)})
		wantEventConfig(t, got, eventConfig{arn: fnARN + "eic:$LATEST", retries: aws.Int32(0), age: aws.Int32(120)})
		got = updateEventConfig(t, c, &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"),
			DestinationConfig: &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(fnARN + "eic-dest")}}})
		want := eventConfig{arn: fnARN + "eic:$LATEST", onFailure: fnARN + "eic-dest", retries: aws.Int32(0), age: aws.Int32(120)}
		wantEventConfig(t, got, want)
		wantEventConfig(t, getEventConfig(t, c, "eic", ""), want)
	})
	t.Run("PerQualifier", func(t *testing.T) {
		version := putEventConfig(t, c, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"), Qualifier: aws.String("1"), MaximumRetryAttempts: aws.Int32(2)})
		wantEventConfig(t, version, eventConfig{arn: fnARN + "eic:1", retries: aws.Int32(2)})
		alias := putEventConfig(t, c, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("eic:live"),
			DestinationConfig: &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(fnARN + "eic-dest:$LATEST")}}})
		wantEventConfig(t, alias, eventConfig{arn: fnARN + "eic:live", onSuccess: fnARN + "eic-dest:$LATEST"})
		wantEventConfig(t, getEventConfig(t, c, fnARN+"eic:1", ""), version)
		wantEventConfig(t, getEventConfig(t, c, "eic", "live"), alias)
		if got := getEventConfig(t, c, "eic", ""); aws.ToInt32(got.age) != 120 {
			t.Errorf("$LATEST changed with its version and alias: %+v", got)
		}
	})
	t.Run("List", func(t *testing.T) {
		if got := strings.Join(listedQualifiers(t, c, "eic"), ","); got != "$LATEST,1,live" {
			t.Errorf("listed %s", got)
		}
		page, err := c.ListFunctionEventInvokeConfigs(ctx(t), &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("eic"), MaxItems: aws.Int32(2)})
		if err != nil || len(page.FunctionEventInvokeConfigs) != 2 || page.NextMarker == nil {
			t.Fatalf("page: %+v %v", page, err)
		}
		rest, err := c.ListFunctionEventInvokeConfigs(ctx(t), &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("eic"), Marker: page.NextMarker})
		if err != nil || len(rest.FunctionEventInvokeConfigs) != 1 || !strings.HasSuffix(aws.ToString(rest.FunctionEventInvokeConfigs[0].FunctionArn), ":eic:live") || rest.NextMarker != nil {
			t.Fatalf("second page: %+v %v", rest, err)
		}
		resp := s.signed(t, "GET", "/2019-09-25/functions/eic-dest/event-invoke-config/list", nil)
		if resp.status != 200 || string(resp.body) != `{"FunctionEventInvokeConfigs":[]}` {
			t.Errorf("empty list: %d %s", resp.status, resp.body)
		}
	})
	t.Run("WireShape", func(t *testing.T) {
		resp := s.signed(t, "PUT", "/2019-09-25/functions/eic-dest/event-invoke-config", []byte(`{"MaximumRetryAttempts":1}`))
		var body map[string]any
		if err := json.Unmarshal(resp.body, &body); resp.status != 200 || err != nil {
			t.Fatalf("put: %d %s", resp.status, resp.body)
		}
		if _, ok := body["LastModified"].(float64); !ok {
			t.Errorf("LastModified %v is not epoch seconds", body["LastModified"])
		}
		if d, _ := json.Marshal(body["DestinationConfig"]); string(d) != `{"OnFailure":{},"OnSuccess":{}}` {
			t.Errorf("DestinationConfig %s", d)
		}
		if _, ok := body["MaximumEventAgeInSeconds"]; ok {
			t.Errorf("unset MaximumEventAgeInSeconds answered: %s", resp.body)
		}
	})
	t.Run("Validation", func(t *testing.T) { eventConfigValidation(t, s, fnARN) })
	t.Run("NotFound", func(t *testing.T) { eventConfigNotFound(t, s, fnARN) })
	t.Run("Delete", func(t *testing.T) {
		if _, err := c.DeleteFunctionEventInvokeConfig(ctx(t), &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String("eic")}); err != nil {
			t.Fatal(err)
		}
		_, err := c.GetFunctionEventInvokeConfig(ctx(t), &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"), Qualifier: aws.String("$LATEST")})
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "The function "+fnARN+"eic:$LATEST doesn't have an EventInvokeConfig" {
			t.Error(ae.ErrorMessage())
		}
		_, err = c.DeleteFunctionEventInvokeConfig(ctx(t), &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String("eic")})
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "The function "+fnARN+"eic:$LATEST doesn't have an EventInvokeConfig" {
			t.Error(ae.ErrorMessage())
		}
		if got := strings.Join(listedQualifiers(t, c, "eic"), ","); got != "1,live" {
			t.Errorf("listed %s after deleting $LATEST's", got)
		}
	})
	t.Run("RemovedWithAliasVersionAndFunction", func(t *testing.T) { eventConfigRemoval(t, s, fnARN) })
	t.Run("DeadLetter", func(t *testing.T) { deadLetterRules(t, s) })
}

func eventConfigValidation(t *testing.T, s *server, fnARN string) {
	c := s.lambda()
	onFailure := func(arn string) *types.DestinationConfig {
		return &types.DestinationConfig{OnFailure: &types.OnFailure{Destination: aws.String(arn)}}
	}
	const unsupported = "Bucket destinations are not supported yet: Virga cannot deliver to "
	iam := "arn:aws:iam::123456789012:role/lambda-role"
	cases := []struct {
		name    string
		retries *int32
		age     *int32
		dest    *types.DestinationConfig
		code    string
		message string
	}{
		{"RetriesHigh", aws.Int32(3), nil, nil, "ValidationException",
			"1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2"},
		{"RetriesLow", aws.Int32(-1), nil, nil, "ValidationException",
			"1 validation error detected: Value '-1' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"AgeLow", nil, aws.Int32(59), nil, "ValidationException",
			"1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"},
		{"AgeHigh", nil, aws.Int32(21601), nil, "ValidationException",
			"1 validation error detected: Value '21601' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 21600"},
		{"Nothing", nil, nil, nil, "InvalidParameterValueException", "You must specify at least one of error handling or destination setting."},
		{"NotAnARN", nil, nil, onFailure("not-an-arn"), "ValidationException",
			`1 validation error detected: Value 'not-an-arn' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ^$|kafka://`},
		{"NotAnARNOnSuccess", nil, nil, &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String("arn:aws:_-/!lambda")}}, "ValidationException",
			`Value 'arn:aws:_-/!lambda' at 'destinationConfig.onSuccess.destination'`},
		{"Itself", nil, nil, onFailure(fnARN + "eic"), "InvalidParameterValueException", "You can't specify the function as a destination for itself."},
		{"ItselfQualified", nil, nil, onFailure(fnARN + "eic:1"), "InvalidParameterValueException", "You can't specify the function as a destination for itself."},
		{"MissingFunction", nil, nil, onFailure(fnARN + "nope"), "InvalidParameterValueException", "The destination ARN " + fnARN + "nope is invalid."},
		{"MissingAlias", nil, nil, onFailure(fnARN + "eic-dest:nope"), "InvalidParameterValueException", "The destination ARN " + fnARN + "eic-dest:nope is invalid."},
		{"OtherRegion", nil, nil, onFailure("arn:aws:lambda:eu-west-1:" + s.admin.AccountID + ":function:eic-dest"), "InvalidParameterValueException",
			"The destination ARN arn:aws:lambda:eu-west-1:" + s.admin.AccountID + ":function:eic-dest is invalid."},
		{"NotAFunction", nil, nil, onFailure("arn:aws:lambda:us-east-1:" + s.admin.AccountID + ":layer:x:1"), "InvalidParameterValueException", "is invalid."},
		{"OtherService", nil, nil, &types.DestinationConfig{OnSuccess: &types.OnSuccess{Destination: aws.String(iam)}}, "InvalidParameterValueException",
			"The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=" + iam + "), onFailure=null) is invalid."},
		{"Kafka", nil, nil, onFailure("kafka://broker"), "InvalidParameterValueException",
			"The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination=kafka://broker)) is invalid."},
		{"MissingQueue", nil, nil, onFailure("arn:aws:sqs:us-east-1:123456789012:q"), "InvalidParameterValueException", "The destination ARN arn:aws:sqs:us-east-1:123456789012:q is invalid."},
		{"Topic", nil, nil, onFailure("arn:aws:sns:us-east-1:123456789012:t"), "InvalidParameterValueException", "The destination ARN arn:aws:sns:us-east-1:123456789012:t is invalid."},
		{"MissingBus", nil, nil, onFailure("arn:aws:events:us-east-1:" + s.admin.AccountID + ":event-bus/nope"), "InvalidParameterValueException",
			"The destination ARN arn:aws:events:us-east-1:" + s.admin.AccountID + ":event-bus/nope is invalid."},
		{"OtherAccountBus", nil, nil, onFailure("arn:aws:events:us-east-1:123456789012:event-bus/default"), "InvalidParameterValueException",
			"The destination ARN arn:aws:events:us-east-1:123456789012:event-bus/default is invalid."},
		{"Bucket", nil, nil, onFailure("arn:aws:s3:::bucket"), "InvalidParameterValueException", unsupported + "arn:aws:s3:::bucket."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.PutFunctionEventInvokeConfig(ctx(t), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"),
				MaximumRetryAttempts: tc.retries, MaximumEventAgeInSeconds: tc.age, DestinationConfig: tc.dest})
			if ae := apiError(t, err, tc.code); !strings.Contains(ae.ErrorMessage(), tc.message) {
				t.Errorf("put: %q, want %q", ae.ErrorMessage(), tc.message)
			}
			_, err = c.UpdateFunctionEventInvokeConfig(ctx(t), &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"),
				MaximumRetryAttempts: tc.retries, MaximumEventAgeInSeconds: tc.age, DestinationConfig: tc.dest})
			if ae := apiError(t, err, tc.code); !strings.Contains(ae.ErrorMessage(), tc.message) {
				t.Errorf("update: %q, want %q", ae.ErrorMessage(), tc.message)
			}
		})
	}
	t.Run("NotANumber", func(t *testing.T) {
		resp := s.signed(t, "PUT", "/2019-09-25/functions/eic/event-invoke-config", []byte(`{"MaximumRetryAttempts":"two"}`))
		if resp.status != 400 || resp.header.Get("x-amzn-ErrorType") != "ValidationException" {
			t.Errorf("%d %s %s", resp.status, resp.header.Get("x-amzn-ErrorType"), resp.body)
		}
	})
	t.Run("ListMaxItems", func(t *testing.T) {
		_, err := c.ListFunctionEventInvokeConfigs(ctx(t), &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("eic"), MaxItems: aws.Int32(51)})
		if ae := apiError(t, err, "ValidationException"); !strings.Contains(ae.ErrorMessage(), "Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50") {
			t.Error(ae.ErrorMessage())
		}
	})
	if got := getEventConfig(t, c, "eic", ""); aws.ToInt32(got.age) != 120 || got.onFailure != fnARN+"eic-dest" {
		t.Errorf("rejected requests changed the configuration: %+v", got)
	}
}

func eventConfigNotFound(t *testing.T, s *server, fnARN string) {
	c := s.lambda()
	missing := func(err error) {
		t.Helper()
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "The function doesn't exist." {
			t.Error(ae.ErrorMessage())
		}
	}
	for _, ref := range [][2]string{{"missing", ""}, {"eic", "nope"}, {"eic", "9"}, {fnARN + "missing:1", ""}} {
		_, err := c.PutFunctionEventInvokeConfig(ctx(t), &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String(ref[0]),
			Qualifier: qualifier(ref[1]), MaximumRetryAttempts: aws.Int32(1)})
		missing(err)
		_, err = c.UpdateFunctionEventInvokeConfig(ctx(t), &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String(ref[0]),
			Qualifier: qualifier(ref[1]), MaximumRetryAttempts: aws.Int32(1)})
		missing(err)
	}
	_, err := c.ListFunctionEventInvokeConfigs(ctx(t), &lambda.ListFunctionEventInvokeConfigsInput{FunctionName: aws.String("missing")})
	missing(err)

	noConfig := func(err error, arn string) {
		t.Helper()
		if ae := apiError(t, err, "ResourceNotFoundException"); ae.ErrorMessage() != "The function "+arn+" doesn't have an EventInvokeConfig" {
			t.Error(ae.ErrorMessage())
		}
	}
	_, err = c.GetFunctionEventInvokeConfig(ctx(t), &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("missing")})
	noConfig(err, fnARN+"missing:$LATEST")
	_, err = c.GetFunctionEventInvokeConfig(ctx(t), &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"), Qualifier: aws.String("nope")})
	noConfig(err, fnARN+"eic:nope")
	_, err = c.GetFunctionEventInvokeConfig(ctx(t), &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"), Qualifier: aws.String("a$b")})
	noConfig(err, fnARN+"eic:a$b")
	_, err = c.DeleteFunctionEventInvokeConfig(ctx(t), &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String("missing")})
	noConfig(err, fnARN+"missing:$LATEST")
	// Update does not create a configuration, as on AWS.
	if _, err := c.DeleteFunctionEventInvokeConfig(ctx(t), &lambda.DeleteFunctionEventInvokeConfigInput{FunctionName: aws.String("eic-dest")}); err != nil {
		t.Fatal(err) // WireShape put it
	}
	_, err = c.UpdateFunctionEventInvokeConfig(ctx(t), &lambda.UpdateFunctionEventInvokeConfigInput{FunctionName: aws.String("eic-dest"), MaximumRetryAttempts: aws.Int32(0)})
	noConfig(err, fnARN+"eic-dest:$LATEST")

	_, err = c.GetFunctionEventInvokeConfig(ctx(t), &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("eic:1"), Qualifier: aws.String("2")})
	if ae := apiError(t, err, "InvalidParameterValueException"); ae.ErrorMessage() != "The derived qualifier from the function name does not match the specified qualifier." {
		t.Error(ae.ErrorMessage())
	}
}

func qualifier(q string) *string {
	if q == "" {
		return nil
	}
	return aws.String(q)
}

func eventConfigRemoval(t *testing.T, s *server, fnARN string) {
	c := s.lambda()
	if _, err := c.DeleteAlias(ctx(t), &lambda.DeleteAliasInput{FunctionName: aws.String("eic"), Name: aws.String("live")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateAlias(ctx(t), &lambda.CreateAliasInput{FunctionName: aws.String("eic"), Name: aws.String("live"), FunctionVersion: aws.String("1")}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(listedQualifiers(t, c, "eic"), ","); got != "1" {
		t.Errorf("listed %s after the alias was deleted and made again", got)
	}
	c.DeleteAlias(ctx(t), &lambda.DeleteAliasInput{FunctionName: aws.String("eic"), Name: aws.String("live")})
	if _, err := c.DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("eic"), Qualifier: aws.String("1")}); err != nil {
		t.Fatal(err)
	}
	if got := listedQualifiers(t, c, "eic"); len(got) != 0 {
		t.Errorf("listed %v after the version was deleted", got)
	}

	putEventConfig(t, c, &lambda.PutFunctionEventInvokeConfigInput{FunctionName: aws.String("eic"), MaximumRetryAttempts: aws.Int32(1)})
	if _, err := c.DeleteFunction(ctx(t), &lambda.DeleteFunctionInput{FunctionName: aws.String("eic")}); err != nil {
		t.Fatal(err)
	}
	createFn(t, s, "eic", "python3.12", "app.handler", helloZip, nil)
	if got := listedQualifiers(t, c, "eic"); len(got) != 0 {
		t.Errorf("a new function of the same name inherited %v", got)
	}
	_, err := c.GetFunctionEventInvokeConfig(ctx(t), &lambda.GetFunctionEventInvokeConfigInput{FunctionName: aws.String("eic")})
	apiError(t, err, "ResourceNotFoundException")
}

func deadLetterRules(t *testing.T, s *server) {
	c := s.lambda()
	cases := []struct{ name, target, code, message string }{
		{"MissingQueue", "arn:aws:sqs:us-east-1:123456789012:dlq", "InvalidParameterValueException", "The provided execution role does not have permissions to call SendMessage on SQS"},
		{"MissingTopic", "arn:aws:sns:us-east-1:123456789012:dlq", "InvalidParameterValueException",
			"The provided execution role does not have permissions to call Publish on SNS"},
		{"Bucket", "arn:aws:s3:::bucket", "InvalidParameterValueException", "Invalid dead letter queue ARN: arn:aws:s3:::bucket is not an Amazon SQS queue or Amazon SNS topic."},
		{"Function", "arn:aws:lambda:us-east-1:123456789012:function:f", "InvalidParameterValueException", "Invalid dead letter queue ARN: "},
		{"NotAnARN", "dlq", "ValidationException",
			"1 validation error detected: Value 'dlq' at 'deadLetterConfig.targetArn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CreateFunction(ctx(t), &lambda.CreateFunctionInput{FunctionName: aws.String("dlq-" + tc.name), Role: aws.String(role),
				Runtime: types.RuntimePython312, Handler: aws.String("app.handler"), Code: &types.FunctionCode{ZipFile: zipOf(t, helloZip)},
				DeadLetterConfig: &types.DeadLetterConfig{TargetArn: aws.String(tc.target)}})
			if ae := apiError(t, err, tc.code); !strings.HasPrefix(ae.ErrorMessage(), tc.message) {
				t.Errorf("create: %q, want %q", ae.ErrorMessage(), tc.message)
			}
			_, err = c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("eic-dest"),
				DeadLetterConfig: &types.DeadLetterConfig{TargetArn: aws.String(tc.target)}})
			if ae := apiError(t, err, tc.code); !strings.HasPrefix(ae.ErrorMessage(), tc.message) {
				t.Errorf("update: %q, want %q", ae.ErrorMessage(), tc.message)
			}
		})
	}
	t.Run("EmptyClears", func(t *testing.T) {
		createFn(t, s, "dlq-empty", "python3.12", "app.handler", helloZip, func(in *lambda.CreateFunctionInput) {
			in.DeadLetterConfig = &types.DeadLetterConfig{TargetArn: aws.String("")}
		})
		if _, err := c.UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{FunctionName: aws.String("dlq-empty"),
			DeadLetterConfig: &types.DeadLetterConfig{TargetArn: aws.String("")}}); err != nil {
			t.Fatal(err)
		}
		waitUpdated(t, c, "dlq-empty")
		got, err := c.GetFunctionConfiguration(ctx(t), &lambda.GetFunctionConfigurationInput{FunctionName: aws.String("dlq-empty")})
		if err != nil || got.DeadLetterConfig != nil {
			t.Errorf("DeadLetterConfig %+v %v", got.DeadLetterConfig, err)
		}
	})
}
